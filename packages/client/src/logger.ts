// Log lines of the operation methods: one per attempt at debug, an answered 4xx at info (the
// caller may expect it: "user exists"), a failure that will be retried at warn, a final failure
// at error, a call its own signal cancelled at debug. Every line goes through `redact`, so the
// API key never reaches a logger even if some text (a server's message, a URL) came to hold it.
// The client loads this module only when logging is on: with `logLevel: "off"`, the default, an
// app neither downloads nor runs any of it.

import { QuatrixApiError } from "./errors.js";
import { type CallLog, LOG_LEVELS, type LogLevel, type QuatrixLogger, type RequestLine } from "./log-types.js";
import { retryReason } from "./retry.js";

export type { CallLog, LogLevel, QuatrixLogger } from "./log-types.js";

const REDACTED = "[redacted]";

export function createCallLog(level: LogLevel, logger: QuatrixLogger, apiKey: string | undefined): CallLog {
  const rank = LOG_LEVELS.indexOf(level);
  const at = (wanted: LogLevel) => rank >= LOG_LEVELS.indexOf(wanted);
  const [error, warn, info, debug] = [at("error"), at("warn"), at("info"), at("debug")];
  const redact = (message: string) => {
    let line = message.replace(/(x-auth-token["']?\s*[:=]\s*["']?)[^\s"',;]+/gi, `$1${REDACTED}`);
    if (apiKey) line = line.replaceAll(apiKey, REDACTED);
    return `[quatrix] ${line}`;
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
      logger.debug(redact(`${describe(request)} → ${outcome} in ${ms} ms (attempt ${attempt})`));
    },
    retry(request, attempt, failure, delayMs) {
      if (!warn) return;
      const reason = retryReason(failure);
      logger.warn(redact(`${describe(request)}: attempt ${attempt} failed (${reason}); retrying in ${delayMs} ms`));
    },
    failed(failure, cancelled = false) {
      const message = failure instanceof Error ? failure.message : String(failure);
      if (cancelled) {
        if (debug) logger.debug(redact(`cancelled: ${message}`));
        return;
      }
      // An answered 4xx is the caller's to handle (and often expected): info; anything else is an error.
      if (failure instanceof QuatrixApiError && failure.status < 500) {
        if (info) logger.info(redact(`failed: ${message}`));
        return;
      }
      if (error) logger.error(redact(`failed: ${message}`));
    },
  };
}
