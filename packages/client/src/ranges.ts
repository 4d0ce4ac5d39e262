// The numeric options and the integers each accepts: checked when a client is created and per
// call, on both surfaces. A module of its own, so that the per-call checks need not the options'
// resolution (and its log loading) to be imported.

import type { ValidationIssue } from "./errors.js";

/** Node's timers fire at once for any delay above this (2³¹ − 1 ms, about 24.8 days). */
export const MAX_TIMER_MS = 2_147_483_647;

/** The numeric options, each with the integers it accepts: checked at creation and per call. */
const RANGES = {
  timeoutMs: [0, MAX_TIMER_MS],
  maxRetries: [0, 10],
  retryBaseDelayMs: [0, MAX_TIMER_MS],
  retryMaxDelayMs: [0, MAX_TIMER_MS],
  maxRetryAfterMs: [0, MAX_TIMER_MS],
  maxResponseBytes: [1, Number.MAX_SAFE_INTEGER],
} as const;

/** Adds an issue for each numeric option that is given and outside its range. */
export function rangeIssues(options: Partial<Record<keyof typeof RANGES, unknown>>, issues: ValidationIssue[]): void {
  for (const name of Object.keys(RANGES) as Array<keyof typeof RANGES>) {
    const value = options[name];
    if (value === undefined) continue;
    const [min, max] = RANGES[name];
    if (!(Number.isInteger(value) && (value as number) >= min && (value as number) <= max)) {
      issues.push({ path: `/options/${name}`, message: `must be an integer from ${min} to ${max}` });
    }
  }
}
