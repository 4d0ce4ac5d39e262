// Log lines of the operation methods: one per attempt at debug, retries at info, the final
// failure at warn (the caller's request was refused) or error. Every line goes through
// `redact`, so the API key never reaches a logger even if some text (a server's message, a
// URL) came to hold it. The client loads this module only when logging is on (core.ts): with
// `logLevel: "off"`, the default, an app neither downloads nor runs any of it.

import { QuatrixApiError, type QuatrixRequestInfo, QuatrixValidationError } from "./errors.js";
import { LOG_LEVELS } from "./options.js";
import { retryReason } from "./retry.js";

/** How much the client logs. Each level includes the ones before it. */
export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

/** Where log lines go: `console`, or anything with its four methods (pino, winston…). */
export interface QuatrixLogger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

/** What the core reports about a call; each method writes a line when its level is on. */
export interface CallLog {
  /** Whether attempts are logged (debug): only then does the core time them. */
  readonly timesAttempts: boolean;
  /** An attempt ended: with the status of its answer, or with the error it failed with. */
  attempt(request: QuatrixRequestInfo, result: number | Error, startedMs: number, attempt: number): void;
  /** An attempt failed and will be retried after `delayMs`. */
  retry(request: QuatrixRequestInfo, attempt: number, error: Error, delayMs: number): void;
  /** The call failed for good. */
  failed(error: Error): void;
}

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
  const describe = (request: QuatrixRequestInfo) => `${request.operationId} ${request.method} ${request.url}`;
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
    retry(request, attempt, error, delayMs) {
      if (!info) return;
      const reason = retryReason(error);
      logger.info(redact(`${describe(request)}: attempt ${attempt} failed (${reason}); retrying in ${delayMs} ms`));
    },
    failed(failure) {
      // A 4xx or a refused request is the caller's to fix: warn; anything else is an error.
      const callers =
        (failure instanceof QuatrixApiError && failure.status < 500) || failure instanceof QuatrixValidationError;
      if (callers ? !warn : !error) return;
      const line = redact(`failed: ${failure.message}`);
      if (callers) logger.warn(line);
      else logger.error(line);
    },
  };
}
