// The shapes of logging, in a module of their own so that the options (which name them) and the
// call log (logger.ts, loaded only when logging is on) depend on it and not on each other.

/** How much the client logs. Each level includes the ones before it. */
export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

/** The log levels, in order; each includes the ones before it. */
export const LOG_LEVELS: readonly LogLevel[] = ["off", "error", "warn", "info", "debug"];

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
  attempt(request: RequestLine, result: number | Error, startedMs: number, attempt: number): void;
  /** An attempt failed and will be retried after `delayMs`. */
  retry(request: RequestLine, attempt: number, error: Error, delayMs: number): void;
  /**
   * The call failed for good, or was cancelled by its signal (`cancelled`: the line names the
   * call's operation, since the signal's reason is the caller's own words and does not).
   */
  failed(error: unknown, cancelled?: { operationId: string }): void;
}

/** What a log line says of the request. */
export interface RequestLine {
  operationId: string;
  method: string;
  url: string;
}

/** Gives the call log for a level (the client's when none is given); undefined for "off". */
export type LogSource = (level?: LogLevel) => CallLog | Promise<CallLog> | undefined;
