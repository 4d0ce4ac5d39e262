// Log lines of the client: one per request at debug, retries at info, failures at warn and
// error. Every line goes through `redact`, so the API key never reaches a logger even if some
// text (a server's message, a URL) came to hold it.

/** How much the client logs. Each level includes the ones before it. */
export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

export const LOG_LEVELS: readonly LogLevel[] = ["off", "error", "warn", "info", "debug"];

/** Where log lines go: `console`, or anything with its four methods (pino, winston…). */
export interface QuatrixLogger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

/** The client's log: one function per level, undefined when that level is off (so a caller skips building the line). */
export interface Log {
  readonly error: ((message: string) => void) | undefined;
  readonly warn: ((message: string) => void) | undefined;
  readonly info: ((message: string) => void) | undefined;
  readonly debug: ((message: string) => void) | undefined;
}

const REDACTED = "[redacted]";

export function createLog(level: LogLevel, logger: QuatrixLogger, apiKey: string | undefined): Log {
  const rank = LOG_LEVELS.indexOf(level);
  const redact = (message: string) => {
    let line = message.replace(/(x-auth-token["']?\s*[:=]\s*["']?)[^\s"',;]+/gi, `$1${REDACTED}`);
    if (apiKey) line = line.replaceAll(apiKey, REDACTED);
    return `[quatrix] ${line}`;
  };
  const at = (wanted: LogLevel, write: (message: string) => void) =>
    rank >= LOG_LEVELS.indexOf(wanted) ? (message: string) => write(redact(message)) : undefined;
  return {
    error: at("error", (m) => logger.error(m)),
    warn: at("warn", (m) => logger.warn(m)),
    info: at("info", (m) => logger.info(m)),
    debug: at("debug", (m) => logger.debug(m)),
  };
}
