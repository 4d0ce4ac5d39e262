// Glue between the client and the validators compiled from the document at build time. The
// validator modules are loaded on first use, so a client that never validates never loads
// them (and a bundler puts them in chunks of their own).

import type { ValidationIssue } from "./errors.js";
import type { Validator, ValidatorError } from "./validator.js";

type ValidatorModule = Record<string, Validator | undefined>;

let requestValidators: ValidatorModule | undefined;
let responseValidators: ValidatorModule | undefined;
let requestLoading: Promise<ValidatorModule> | undefined;
let responseLoading: Promise<ValidatorModule> | undefined;

/** The request validators, loaded once. */
export function loadRequestValidators(): ValidatorModule | Promise<ValidatorModule> {
  if (requestValidators) return requestValidators;
  requestLoading ??= import("./generated/request-validators.js").then((m) => {
    requestValidators = m as unknown as ValidatorModule;
    return requestValidators;
  });
  return requestLoading;
}

/** The response validators, loaded once. */
export function loadResponseValidators(): ValidatorModule | Promise<ValidatorModule> {
  if (responseValidators) return responseValidators;
  responseLoading ??= import("./generated/response-validators.js").then((m) => {
    responseValidators = m as unknown as ValidatorModule;
    return responseValidators;
  });
  return responseLoading;
}

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
