// Checks a success body against the document (opt-in; loaded on first use).
import type { ValidationIssue } from "./errors.js";
import type { OperationId } from "./generated/operations.js";
import { responseValidators } from "./generated/response-validators.js";
import { check } from "./issues.js";

export function responseIssues(operationId: OperationId, data: unknown): ValidationIssue[] {
  return check(responseValidators[operationId], data, "/response");
}
