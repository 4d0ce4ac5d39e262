// What may be retried, and how long to wait. None of the POST operations is idempotent, so a
// POST is retried only when the server provably did not act on it.

import { followAbort } from "./abort.js";
import { parseRetryAfter, QuatrixApiError, QuatrixConnectionError } from "./errors.js";

/** Why an attempt is retried, as `onRetry` sees it. */
export interface RetryEvent {
  operationId: string;
  method: string;
  /** The attempt that failed, 1 for the first. */
  attempt: number;
  /** How long the client waits before the next attempt, in milliseconds. */
  delayMs: number;
  /** `status 503`, `timeout`, `connection ECONNREFUSED`, … */
  reason: string;
  error: Error;
}

export interface RetrySettings {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the error is thrown at once. */
  maxRetryAfterMs: number;
}

/**
 * The delay before retrying after `error`, or undefined when it must not be retried.
 * GET: connection errors, timeouts, 408, 429 and 5xx. POST: 429, and connections refused.
 */
export function retryDelay(error: Error, method: string, attempt: number, settings: RetrySettings): number | undefined {
  const idempotent = method === "GET";
  if (error instanceof QuatrixApiError) {
    const status = error.status;
    const retryable = status === 429 || (idempotent && (status === 408 || status >= 500));
    if (!retryable) return undefined;
    const retryAfter = parseRetryAfter(error.headers["retry-after"]);
    if (retryAfter !== undefined) return retryAfter <= settings.maxRetryAfterMs ? retryAfter : undefined;
    return backoff(attempt, settings);
  }
  if (error instanceof QuatrixConnectionError) {
    if (!idempotent && !error.notSent) return undefined;
    return backoff(attempt, settings);
  }
  return undefined;
}

/** Exponential backoff with jitter: base·2^(attempt-1), capped, less up to 25%. */
export function backoff(attempt: number, settings: RetrySettings): number {
  const delay = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(delay * (1 - Math.random() * 0.25));
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      unfollow?.();
      resolve();
    }, ms);
    const unfollow = signal
      ? followAbort(signal, () => {
          clearTimeout(timer);
          reject(signal.reason);
        })
      : undefined;
  });
}
