// Log lines of the operation methods: one per attempt at debug, an answered 4xx at info (the
// caller may expect it: "user exists"), a failure that will be retried at warn, a final failure
// at error, a call its own signal cancelled at debug. Every line goes through `redact`, so the
// API key never reaches a logger even if some text (a server's message, a URL) came to hold it.
// The client loads this module only when logging is on: with `logLevel: "off"`, the default, an
// app neither downloads nor runs any of it.

import type { CallLog, LogLevel, QuatrixLogger, RequestLine } from "./log-types.js";
import type { MainParts } from "./main-parts.js";

export type { CallLog, LogLevel, QuatrixLogger } from "./log-types.js";

const REDACTED = "[redacted]";

/** `isOn(level)`: whether lines of that level are written (log-source.ts decides it from the level chosen). */
export function createCallLog(
  isOn: (level: LogLevel) => boolean,
  logger: QuatrixLogger,
  apiKey: string | undefined,
  { escapeForLog, withoutSecret, retryReason, QuatrixApiError }: MainParts,
): CallLog {
  const [error, warn, info, debug] = [isOn("error"), isOn("warn"), isOn("info"), isOn("debug")];
  // The key in any spelling, any X-Auth-Token value, and control characters (a forged line) out.
  const redact = (message: string) =>
    `[quatrix] ${escapeForLog(withoutSecret(message.replace(/(x-auth-token["']?\s*[:=]\s*["']?)[^\s"',;]+/gi, `$1${REDACTED}`), apiKey))}`;
  // A logger that throws changes nothing of the call: its error is reported once, then dropped.
  let reported = false;
  const report = (level: keyof QuatrixLogger, failure: unknown) => {
    if (reported) return;
    reported = true;
    try {
      console.error(
        `[quatrix] the logger's ${level} threw ${failure instanceof Error ? failure.name : typeof failure}; the calls go on, and lines it fails to write are dropped`,
      );
    } catch {
      // Nowhere left to report it.
    }
  };
  const write = (level: keyof QuatrixLogger, line: string) => {
    try {
      // An async logger's rejection is caught too: unhandled, it would end the process.
      const written: unknown = logger[level](line);
      if (isThenable(written)) written.then(undefined, (failure: unknown) => report(level, failure));
    } catch (failure) {
      report(level, failure);
    }
  };
  const describe = (request: RequestLine) => `${request.operationId} ${request.method} ${request.url}`;
  return {
    timesAttempts: debug,
    attempt(request, result, startedMs, attempt) {
      if (!debug) return;
      const outcome =
        typeof result === "number"
          ? String(result)
          : result instanceof QuatrixApiError
            ? String(result.status)
            : `failed (${retryReason(result)})`;
      const ms = Math.round(performance.now() - startedMs);
      write("debug", redact(`${describe(request)} → ${outcome} in ${ms} ms (attempt ${attempt})`));
    },
    retry(request, attempt, failure, delayMs) {
      if (!warn) return;
      const reason = retryReason(failure);
      write("warn", redact(`${describe(request)}: attempt ${attempt} failed (${reason}); retrying in ${delayMs} ms`));
    },
    failed(failure, cancelled) {
      const message = failure instanceof Error ? failure.message : String(failure);
      if (cancelled) {
        if (debug) write("debug", redact(`${cancelled.operationId} cancelled: ${message}`));
        return;
      }
      // An answered 4xx is the caller's to handle (and often expected): info; anything else is an error.
      if (failure instanceof QuatrixApiError && failure.status < 500) {
        if (info) write("info", redact(`failed: ${message}`));
        return;
      }
      if (error) write("error", redact(`failed: ${message}`));
    },
  };
}

/** A promise, or anything with a `then` (a logger may return one from another realm). */
function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
