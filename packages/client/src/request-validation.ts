// Checks a request's path parameters and body against the document (loaded on first use).
import type { ValidationIssue } from "./errors.js";
import type { OperationId } from "./generated/operations.js";
import { requestValidators } from "./generated/request-validators.js";
import { check } from "./issues.js";

export function requestIssues(
  operationId: OperationId,
  pathParams: Readonly<Record<string, string>> | undefined,
  body: unknown,
  hasBody: boolean,
): ValidationIssue[] {
  const validators = requestValidators[operationId];
  return [
    ...(pathParams ? check(validators.path, pathParams, "/path") : []),
    ...(hasBody ? check(validators.body, body, "/body") : []),
  ];
}
