// The client's options, their defaults (documented here and in the README), and the checks
// made when a client is created — the same checks the per-call options get.

import { ENVIRONMENT, readEnvironment } from "./environment.js";
import { QuatrixError, QuatrixValidationError, type ValidationIssue } from "./errors.js";
import { createFetchTransport } from "./fetch-transport.js";
import { defaultBaseUrl } from "./generated/operations.js";
import { AUTH_HEADER, headerValueProblem, normaliseHeaders } from "./headers.js";
import { createLogSource } from "./log-source.js";
import { LOG_LEVELS, type LogLevel, type LogSource, type QuatrixLogger } from "./log-types.js";
import { rangeIssues } from "./ranges.js";
import type { RetryEvent } from "./retry.js";
import type { Transport } from "./transport.js";

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
  /**
   * Sends the requests of both surfaces; see `Transport`. Default: one over `fetch`. Give
   * `fetch` or `transport`, not both.
   */
  transport?: Transport | undefined;
  /**
   * Extra headers sent with every request; names are case-insensitive. An `X-Auth-Token` here
   * and an `apiKey` option together are refused (one here overrides `QUATRIX_API_KEY`). Default: none.
   */
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
   * Largest answer body accepted, in bytes after decompression; a larger one is stopped and
   * fails with `QuatrixResponseTooLargeError`. Default: 33 554 432 (32 MiB).
   */
  maxResponseBytes?: number | undefined;
  /**
   * What the client logs: `"off"`, `"error"` (calls that failed for good, but answered 4xx),
   * `"warn"` (also failures that will be retried), `"info"` (also answered 4xx, which a caller
   * may expect), `"debug"` (also one line per attempt, and calls cancelled by their signal). The
   * API key is redacted from every line. A call may set its own `logLevel`. Default: the `QUATRIX_LOG` environment variable where
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
  maxResponseBytes: number;
  transport: Transport;
  logLevel: LogLevel;
  logger: QuatrixLogger;
  /**
   * The call log of a level, the client's `logLevel` by default (set by the client: log-source.ts);
   * undefined for "off".
   */
  log: LogSource;
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
  maxResponseBytes: 32 * 1024 * 1024,
  logLevel: "off",
} as const;

export { MAX_TIMER_MS, rangeIssues } from "./ranges.js";
export { LOG_LEVELS };

/** The name under which option errors are reported, where an operation's id would be. */
const CREATION = "createUserApiClient";

/** Refuses options that are not an object (a URL string passed by mistake). */
export function checkOptionsObject(options: unknown): void {
  if (options === null || typeof options !== "object") {
    throw new QuatrixValidationError(CREATION, [{ path: "/options", message: "must be an object" }], "options");
  }
}

export function resolveOptions(options: UserApiClientOptions): ResolvedOptions {
  checkOptionsObject(options);
  const given = withoutUndefined(options);
  const issues: ValidationIssue[] = [];
  const headers = normaliseHeaders(given.headers, issues);
  const fromEnvironment = withoutUndefined({
    // An X-Auth-Token among the headers is an explicit key: the environment's yields to it.
    apiKey: AUTH_HEADER in headers ? undefined : readEnvironment(ENVIRONMENT.apiKey),
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
  if (resolved.apiKey !== undefined) {
    // The value is never echoed: it is a secret.
    const problem = headerValueProblem(resolved.apiKey);
    if (problem !== undefined) issues.push({ path: "/apiKey", message: `${problem}; the value is not shown` });
  }
  if (given.apiKey !== undefined && AUTH_HEADER in headers) {
    issues.push({
      path: `/headers/${AUTH_HEADER}`,
      message: "is the API key's header and apiKey is also given: pass the key once, as apiKey",
    });
  }
  rangeIssues(resolved, issues);
  if (given.fetch !== undefined && given.transport !== undefined) {
    issues.push({ path: "/options/transport", message: "and fetch are both given: pass one" });
  }
  if (issues.length > 0) throw new QuatrixValidationError(CREATION, issues, "options");
  resolved.headers = headers;
  resolved.baseUrl = checkBaseUrl(resolved.baseUrl, resolved.allowInsecureHttp);
  // Starts loading the log module now when the client logs: no call waits for its download.
  resolved.log = createLogSource(resolved.logLevel, resolved.logger, resolved.apiKey ?? headers[AUTH_HEADER]);
  if (given.transport === undefined) {
    const custom = given.fetch;
    // The global is looked up at call time, so a fetch replaced later (a test's recorder) is used.
    resolved.transport = createFetchTransport(custom ? () => custom : () => globalThis.fetch);
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
