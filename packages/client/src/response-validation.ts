// Checks a success body against the document (opt-in; loaded on first use).
import type { ValidationIssue } from "./errors.js";
import * as validators from "./generated/response-validators.js";
import { check } from "./issues.js";
import type { Validator } from "./validator.js";

const byName = validators as unknown as Record<string, Validator | undefined>;

export function responseIssues(operationId: string, data: unknown): ValidationIssue[] {
  return check(byName[`${operationId}_response`], data, "/response");
}
