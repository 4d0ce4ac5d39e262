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
  const issues = pathParams ? check(validators.path, pathParams, "/path") : [];
  // Each place is checked as an object (absent: empty), so a missing required one is named.
  for (const place of ["query", "header", "cookie"] as const) {
    const validator = validators[place];
    if (validator && params) issues.push(...check(validator, params[place] ?? {}, `/${place}`));
  }
  return [...issues, ...(hasBody ? check(validators.body, body, "/body") : [])];
}
