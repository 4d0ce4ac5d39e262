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
  if (error.keyword === "required")
    return { path: `${at}/${escapePointer(String(p.missingProperty))}`, message: "is required" };
  if (error.keyword === "additionalProperties") {
    return { path: `${at}/${escapePointer(String(p.additionalProperty))}`, message: "is not a field of this request" };
  }
  const words = KEYWORD_MESSAGES[error.keyword];
  return { path: at, message: words ? words(p) : (error.message ?? `fails ${error.keyword}`) };
}

const plural = (n: unknown, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const A_TYPE: Record<string, string> = {
  string: "a string",
  integer: "an integer",
  object: "an object",
  array: "a list",
};

/**
 * The client's words for the failure of each JSON Schema keyword the document uses (ajv's `must
 * NOT have fewer than 1 items` becomes `must have at least 1 item`); the path names the field. A
 * test checks that every keyword of the document's validators is here.
 */
export const KEYWORD_MESSAGES: Record<string, (params: Record<string, unknown>) => string> = {
  type: (p) =>
    `must be ${String(p.type)
      .split(",")
      .map((t) => A_TYPE[t] ?? `a ${t}`)
      .join(" or ")}`,
  enum: (p) => `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`,
  format: (p) => `must be a valid ${p.format}`,
  minItems: (p) => `must have at least ${plural(p.limit, "item")}`,
  minLength: (p) => `must be at least ${plural(p.limit, "character")} long`,
  minimum: (p) => `must be ${p.comparison === ">" ? "greater than" : "at least"} ${p.limit}`,
};

function escapePointer(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}
