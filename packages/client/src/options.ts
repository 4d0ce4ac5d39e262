// The client's options, their defaults (documented here and in the README), and the checks
// made when a client is created.

import { QuatrixError } from "./errors.js";
import { defaultBaseUrl } from "./generated/operations.js";
import type { RetryEvent } from "./retry.js";

export interface UserApiClientOptions {
  /** The API's base URL. Default: the document's server, `https://api.quatrix.it/api/1.0`. */
  baseUrl?: string;
  /** The API key, sent as `X-Auth-Token` on every operation but `signupUser`. Default: none. */
  apiKey?: string;
  /** The fetch to send requests with. Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Extra headers sent with every request. Default: none. */
  headers?: Record<string, string>;
  /** Retries after a retryable failure (see the README). Default: 2. */
  maxRetries?: number;
  /** Time limit of each attempt, in milliseconds; 0 for none. Default: 60 000. */
  timeoutMs?: number;
  /** Check bodies and path parameters against the document before sending. Default: true. */
  validateRequests?: boolean;
  /** Check success bodies against the document. Default: false. */
  validateResponses?: boolean;
  /** Called before each retry with its reason and delay. Default: none. */
  onRetry?: (event: RetryEvent) => void;
  /** Allow an `http://` base URL whose host is not loopback. Default: false. */
  allowInsecureHttp?: boolean;
  /** First backoff delay, in milliseconds; doubles on each retry. Default: 500. */
  retryBaseDelayMs?: number;
  /** Longest backoff delay, in milliseconds. Default: 8 000. */
  retryMaxDelayMs?: number;
  /** Longest `Retry-After` the client waits for; a longer one fails at once. Default: 60 000. */
  maxRetryAfterMs?: number;
}

/** Every option with its default applied. */
export type ResolvedOptions = Required<Omit<UserApiClientOptions, "apiKey" | "onRetry" | "fetch">> &
  Pick<UserApiClientOptions, "apiKey" | "onRetry" | "fetch">;

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
} as const;

// Any C0 control character or DEL: CR and LF would let a value inject headers.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f]/;

export function resolveOptions(options: UserApiClientOptions): ResolvedOptions {
  const resolved = { ...DEFAULTS, ...withoutUndefined(options) } as ResolvedOptions;
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
