// Checks a request's path parameters and body against the document (loaded on first use).
import type { ValidationIssue } from "./errors.js";
import * as validators from "./generated/request-validators.js";
import { check } from "./issues.js";
import type { Validator } from "./validator.js";

const byName = validators as unknown as Record<string, Validator | undefined>;

export function requestIssues(
  operationId: string,
  pathParams: Record<string, string> | undefined,
  body: unknown,
  hasBody: boolean,
): ValidationIssue[] {
  return [
    ...(pathParams ? check(byName[`${operationId}_path`], pathParams, "/path") : []),
    ...(hasBody ? check(byName[`${operationId}_body`], body, "/body") : []),
  ];
}
