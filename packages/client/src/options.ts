// The client's options, their defaults (documented here and in the README), and the checks
// made when a client is created.

import { ENVIRONMENT, readEnvironment } from "./environment.js";
import { QuatrixError } from "./errors.js";
import { defaultBaseUrl } from "./generated/operations.js";
import { createLog, LOG_LEVELS, type Log, type LogLevel, type QuatrixLogger } from "./logger.js";
import type { RetryEvent } from "./retry.js";

export interface UserApiClientOptions {
  /**
   * The API's base URL. Default: the `QUATRIX_BASE_URL` environment variable where `process.env`
   * exists, else the document's server, `https://api.quatrix.it/api/1.0`.
   */
  baseUrl?: string | undefined;
  /**
   * The API key, sent as `X-Auth-Token` on every operation but `signupUser`. Default: the
   * `QUATRIX_API_KEY` environment variable where `process.env` exists, else none — then every
   * operation but `signupUser` fails before sending.
   */
  apiKey?: string | undefined;
  /** The fetch to send requests with. Default: `globalThis.fetch`. */
  fetch?: typeof fetch | undefined;
  /** Extra headers sent with every request. Default: none. */
  headers?: Record<string, string> | undefined;
  /** Retries after a retryable failure (see the README). Default: 2. */
  maxRetries?: number | undefined;
  /** Time limit of each attempt, in milliseconds; 0 for none. Default: 60 000. */
  timeoutMs?: number | undefined;
  /** Check bodies and path parameters against the document before sending. Default: true. */
  validateRequests?: boolean | undefined;
  /** Check success bodies against the document. Default: false. */
  validateResponses?: boolean | undefined;
  /** Called before each retry with its reason and delay. Default: none. */
  onRetry?: ((event: RetryEvent) => void) | undefined;
  /** Allow an `http://` base URL whose host is not loopback. Default: false. */
  allowInsecureHttp?: boolean | undefined;
  /** First backoff delay, in milliseconds; doubles on each retry. Default: 500. */
  retryBaseDelayMs?: number | undefined;
  /** Longest backoff delay, in milliseconds. Default: 8 000. */
  retryMaxDelayMs?: number | undefined;
  /** Longest `Retry-After` the client waits for; a longer one fails at once. Default: 60 000. */
  maxRetryAfterMs?: number | undefined;
  /**
   * What the client logs: `"off"`, `"error"` (failures of the server or the connection), `"warn"`
   * (also 4xx answers), `"info"` (also retries), `"debug"` (also one line per request). The API
   * key is redacted from every line. Default: the `QUATRIX_LOG` environment variable where
   * `process.env` exists, else `"off"`.
   */
  logLevel?: LogLevel | undefined;
  /** Where log lines go. Default: `console`. */
  logger?: QuatrixLogger | undefined;
}

/** Every option with its default applied. */
export interface ResolvedOptions {
  baseUrl: string;
  apiKey: string | undefined;
  fetch: typeof fetch | undefined;
  headers: Record<string, string>;
  maxRetries: number;
  timeoutMs: number;
  validateRequests: boolean;
  validateResponses: boolean;
  onRetry: ((event: RetryEvent) => void) | undefined;
  allowInsecureHttp: boolean;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  maxRetryAfterMs: number;
  logLevel: LogLevel;
  logger: QuatrixLogger;
  /** The log functions for `logLevel` and `logger`. */
  log: Log;
}

export const DEFAULTS = {
  baseUrl: defaultBaseUrl,
  headers: {},
  maxRetries: 2,
  timeoutMs: 60_000,
  validateRequests: true,
  validateResponses: false,
  allowInsecureHttp: false,
  retryBaseDelayMs: 500,
  retryMaxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  logLevel: "off",
} as const;

// Any C0 control character or DEL: CR and LF would let a value inject headers.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f]/;

export function resolveOptions(options: UserApiClientOptions): ResolvedOptions {
  const given = withoutUndefined(options);
  const fromEnvironment = withoutUndefined({
    apiKey: readEnvironment(ENVIRONMENT.apiKey),
    baseUrl: readEnvironment(ENVIRONMENT.baseUrl),
    logLevel: readEnvironment(ENVIRONMENT.logLevel)?.toLowerCase() as LogLevel | undefined,
  });
  const resolved = {
    fetch: undefined,
    apiKey: undefined,
    onRetry: undefined,
    logger: console,
    ...DEFAULTS,
    ...fromEnvironment,
    ...given,
  } as Omit<ResolvedOptions, "log"> as ResolvedOptions;
  if (!LOG_LEVELS.includes(resolved.logLevel)) {
    const source = given.logLevel === undefined ? `the ${ENVIRONMENT.logLevel} environment variable` : "logLevel";
    throw new QuatrixError(`${source} must be one of ${LOG_LEVELS.join(", ")}; the client was not created`);
  }
  if (resolved.apiKey !== undefined && (typeof resolved.apiKey !== "string" || CONTROL.test(resolved.apiKey))) {
    // The value is never echoed: it is a secret.
    throw new QuatrixError(
      "apiKey must be a string without control characters (CR, LF, …); the client was not created",
    );
  }
  for (const [name, value] of Object.entries(resolved.headers)) {
    if (CONTROL.test(name) || typeof value !== "string" || CONTROL.test(value)) {
      throw new QuatrixError(
        `header ${JSON.stringify(name.replace(CONTROL, "?"))} has a control character (CR, LF, …) in its name or value; the client was not created`,
      );
    }
  }
  resolved.baseUrl = checkBaseUrl(resolved.baseUrl, resolved.allowInsecureHttp);
  resolved.log = createLog(resolved.logLevel, resolved.logger, resolved.apiKey);
  for (const key of ["maxRetries", "timeoutMs", "retryBaseDelayMs", "retryMaxDelayMs", "maxRetryAfterMs"] as const) {
    if (!(Number.isFinite(resolved[key]) && resolved[key] >= 0)) throw new QuatrixError(`${key} must be a number ≥ 0`);
  }
  return resolved;
}

function checkBaseUrl(baseUrl: string, allowInsecureHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new QuatrixError("baseUrl is not an absolute URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new QuatrixError("baseUrl must be an https:// URL");
  if (url.protocol === "http:" && !allowInsecureHttp && !isLoopback(url.hostname)) {
    throw new QuatrixError(
      `baseUrl refused: http:// to ${url.hostname} sends the API key in clear text; use https:// or allowInsecureHttp`,
    );
  }
  if (url.search || url.hash) throw new QuatrixError("baseUrl must not have a query or a fragment");
  // fetch refuses such URLs, and errors show the URL: credentials go in apiKey or headers.
  if (url.username || url.password) throw new QuatrixError("baseUrl must not hold a user name or password");
  return url.href.replace(/\/+$/, "");
}

export function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
