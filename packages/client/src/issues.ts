// Turns the compiled validators' errors into issues that name the failing field. Only the
// lazily loaded validation modules import this.

import type { ValidationIssue } from "./errors.js";
import type { Validator, ValidatorError } from "./validator.js";

/** Runs one validator; the issues it finds, with paths under `prefix` (`/body`, `/path`, `/response`). */
export function check(validator: Validator | undefined, data: unknown, prefix: string): ValidationIssue[] {
  if (!validator || validator(data)) return [];
  return (validator.errors ?? []).map((e) => toIssue(e, prefix));
}

function toIssue(error: ValidatorError, prefix: string): ValidationIssue {
  const at = prefix + error.instancePath;
  const p = error.params;
  switch (error.keyword) {
    case "required":
      return { path: `${at}/${escapePointer(String(p.missingProperty))}`, message: "is required" };
    case "additionalProperties":
      return {
        path: `${at}/${escapePointer(String(p.additionalProperty))}`,
        message: "is not a field of this request",
      };
    case "enum":
      return {
        path: at,
        message: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`,
      };
    case "format":
      return { path: at, message: `must be a valid ${String(p.format)}` };
    default:
      return { path: at, message: error.message ?? `fails ${error.keyword}` };
  }
}

function escapePointer(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}
