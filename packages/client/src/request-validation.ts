// Checks a request's parameters and body against the document (loaded on first use).
import type { ValidationIssue } from "./errors.js";
import type { OperationId } from "./generated/operations.js";
import { requestValidators } from "./generated/request-validators.js";
import { check } from "./issues.js";
import type { ParameterValues } from "./operation.js";

export function requestIssues(
  operationId: OperationId,
  pathParams: Readonly<Record<string, string>> | undefined,
  body: unknown,
  hasBody: boolean,
  params?: ParameterValues,
): ValidationIssue[] {
  const validators = requestValidators[operationId];
  return [
    ...(pathParams ? check(validators.path, pathParams, "/path") : []),
    // One validator over `{ query, header, cookie }` (each `{}` when the call left it out), so
    // that a missing required parameter reads `/query/limit is required`.
    ...(params ? check(validators.params, params, "") : []),
    ...(hasBody ? check(validators.body, body, "/body") : []),
  ];
}
