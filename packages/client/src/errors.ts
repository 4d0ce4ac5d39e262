// Every error the client throws: the class hierarchy. None of them holds the API key or any
// request header: they carry the operation, the method, the URL (credentials removed) and what
// the server said. `instanceof` works across the ESM and CommonJS builds (see error-brand.ts).
// Building an error from an answer is answer-errors.ts; the words of the messages, and the
// redaction of the key, are error-messages.ts.

import { brand, isBrandedInstance, registerBrand } from "./error-brand.js";
import { describeAnswer, describeCause, escapeForLog, formatDuration } from "./error-messages.js";
import type { QuatrixErrorCode } from "./generated/error-codes.js";
import type { ErrorModel } from "./generated/schema.js";

/** One failing field of a request or a response. */
export interface ValidationIssue {
  /** A JSON pointer into the request or response: `/body/email`, `/path/id`, `/response/0/id`. */
  path: string;
  message: string;
}

/** Where a call went; part of every error that concerns a sent or unsent request. */
export interface QuatrixRequestInfo {
  operationId: string;
  method: string;
  /** The request URL (the base URL never holds credentials). */
  url: string;
}

/** `ErrorModel.details`: what the document declares (`issues`), plus whatever else the server sent. */
export type QuatrixErrorDetails = NonNullable<ErrorModel["details"]> & { [key: string]: unknown };

/**
 * An `ErrorModel.code`: one of the document's codes (`QuatrixErrorCode`), or another number a
 * newer server may send.
 */
// `number & {}` (not `number`) keeps the named codes in editor completions.
export type QuatrixErrorCodeValue = QuatrixErrorCode | (number & {});

/** The base class of every error the client throws. */
export class QuatrixError extends Error {
  override name = "QuatrixError";
  // `{ cause }` written out: `ErrorOptions` is in lib.es2022 only, and consumers may target older.
  constructor(message?: string, options?: { cause?: unknown }) {
    super(message, options);
    brand(this, new.target);
  }
  /** True for instances of this class from any build of the package (ESM or CommonJS). */
  static override [Symbol.hasInstance]<C extends abstract new (...args: never) => unknown>(
    this: C,
    value: unknown,
  ): value is InstanceType<C> {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `instanceof` asks about, a subclass too.
    return isBrandedInstance(this, value);
  }
}

/** The server answered with a status other than 2xx. */
export class QuatrixApiError extends QuatrixError {
  override name = "QuatrixApiError";
  readonly status: number;
  /** `ErrorModel.code`, when the body was an `ErrorModel`: compare with `QuatrixErrorCode`. */
  readonly code: QuatrixErrorCodeValue | undefined;
  /** `ErrorModel.msg`, when the body was an `ErrorModel`. */
  readonly msg: string | undefined;
  /** `ErrorModel.details`, when the body had them; `details.issues` lists failing fields. */
  readonly details: QuatrixErrorDetails | undefined;
  /** The response's `x-request-id` (or `request-id`) header: quote it when reporting a problem. */
  readonly requestId: string | undefined;
  readonly operationId: string;
  readonly method: string;
  readonly url: string;
  /** The response headers, names in lower case. */
  readonly headers: Record<string, string>;
  /** The start of a body that was not an `ErrorModel` (HTML, plain text, truncated JSON…). */
  readonly bodyExcerpt: string | undefined;

  constructor(status: number, body: ParsedErrorBody, request: QuatrixRequestInfo, headers: Record<string, string>) {
    super(
      // The server's words are escaped: a log line must not be rewritten by a CR or an ANSI code.
      `${request.operationId} ${request.method} ${request.url} answered ${status}: ${escapeForLog(describeAnswer(status, body, request))}`,
    );
    this.status = status;
    this.code = body.code;
    this.msg = body.msg;
    this.details = body.details;
    this.operationId = request.operationId;
    this.method = request.method;
    this.url = request.url;
    this.headers = headers;
    this.requestId = headers["x-request-id"] ?? headers["request-id"];
    this.bodyExcerpt = body.excerpt;
  }
}

/** 400: a parameter is missing or bad, or the request conflicts with the account (codes 10, 11, 31, 70…). */
export class QuatrixBadRequestError extends QuatrixApiError {
  override name = "QuatrixBadRequestError";
}
/** 401: the API key is missing or not valid (code 14). */
export class QuatrixAuthenticationError extends QuatrixApiError {
  override name = "QuatrixAuthenticationError";
}
/** 403: the API key may not do this. */
export class QuatrixPermissionDeniedError extends QuatrixApiError {
  override name = "QuatrixPermissionDeniedError";
}
/**
 * 404: no such user (code 20), or — code 21, "Not supported" — no such route: then the base URL
 * is probably wrong (the message says so).
 */
export class QuatrixNotFoundError extends QuatrixApiError {
  override name = "QuatrixNotFoundError";
}
/** 429: too many requests; `retryAfterMs` says how long the server asked to wait. */
export class QuatrixRateLimitError extends QuatrixApiError {
  override name = "QuatrixRateLimitError";
  get retryAfterMs(): number | undefined {
    return parseRetryAfter(this.headers["retry-after"]);
  }
}
/** 5xx: the server failed or is unavailable. */
export class QuatrixServerError extends QuatrixApiError {
  override name = "QuatrixServerError";
}

/** The request could not be sent or its answer not received (refused, reset, DNS…). */
export class QuatrixConnectionError extends QuatrixError {
  override name = "QuatrixConnectionError";
  readonly operationId: string;
  readonly method: string;
  readonly url: string;
  /** True when the request provably never reached the server (connection refused, host not found). */
  readonly notSent: boolean;

  constructor(request: QuatrixRequestInfo, notSent: boolean, cause?: unknown, message?: string) {
    super(
      message ?? `${request.operationId} ${request.method} ${request.url}: connection failed${describeCause(cause)}`,
      { cause },
    );
    this.operationId = request.operationId;
    this.method = request.method;
    this.url = request.url;
    this.notSent = notSent;
  }
}

/** An attempt took longer than `timeoutMs` (and so did each retry, when `attempts` > 1). */
export class QuatrixTimeoutError extends QuatrixConnectionError {
  override name = "QuatrixTimeoutError";
  readonly timeoutMs: number;
  /** How many attempts were made, each of which timed out. */
  readonly attempts: number;
  /** `elapsedMs`: from the first attempt to the last one's timeout, retry waits included. */
  constructor(request: QuatrixRequestInfo, timeoutMs: number, attempts = 1, elapsedMs?: number) {
    const tries =
      attempts > 1 ? `; ${attempts} attempts in ${formatDuration(elapsedMs ?? attempts * timeoutMs)} in all` : "";
    super(
      request,
      false,
      undefined,
      `${request.operationId} ${request.method} ${request.url}: no answer within ${timeoutMs} ms${tries}`,
    );
    this.timeoutMs = timeoutMs;
    this.attempts = attempts;
  }
}

/** A request refused before sending, or a response that does not match the document. */
export class QuatrixValidationError extends QuatrixError {
  override name = "QuatrixValidationError";
  readonly operationId: string;
  readonly issues: ValidationIssue[];
  /**
   * `what`: a request refused before sending, a response that breaks the document, or options
   * refused when creating a client (then `operationId` is `createUserApiClient`).
   */
  constructor(operationId: string, issues: ValidationIssue[], what: "request" | "response" | "options") {
    // Field names come from the caller's body (or a server's): a CR, LF or ESC in one is escaped.
    const list = escapeForLog(issues.map((i) => `${i.path} ${i.message}`).join("; "));
    super(
      what === "request"
        ? `${operationId}: invalid request, nothing was sent: ${list}`
        : what === "options"
          ? `${operationId}: invalid options, the client was not created: ${list}`
          : `${operationId}: the response does not match the document: ${list}`,
    );
    this.operationId = operationId;
    this.issues = issues;
  }
}

/** An operation that sends the API key was called on a client that has none; nothing was sent. */
export class QuatrixMissingApiKeyError extends QuatrixError {
  override name = "QuatrixMissingApiKeyError";
  readonly operationId: string;
  constructor(operationId: string) {
    super(
      `${operationId} needs an API key, and the client has none: set the apiKey option or the QUATRIX_API_KEY environment variable; nothing was sent`,
    );
    this.operationId = operationId;
  }
}

/** A 2xx answer whose body is not the JSON the document promises (empty, HTML, truncated…). */
export class QuatrixInvalidResponseError extends QuatrixError {
  override name = "QuatrixInvalidResponseError";
  readonly status: number;
  readonly operationId: string;
  readonly bodyExcerpt: string;
  constructor(status: number, request: QuatrixRequestInfo, excerpt: string) {
    super(
      `${request.operationId} ${request.method} ${request.url} answered ${status} with a body that is not JSON: ${escapeForLog(excerpt) || "(empty)"}`,
    );
    this.status = status;
    this.operationId = request.operationId;
    this.bodyExcerpt = excerpt;
  }
}

/**
 * The server answered with a redirect (any 3xx, or a browser's `opaqueredirect`). Redirects are
 * never followed: fetch would carry `X-Auth-Token` (and a POST's body) to wherever the server
 * points. Never retried.
 */
export class QuatrixRedirectError extends QuatrixError {
  override name = "QuatrixRedirectError";
  /** The status; 0 for a redirect the browser hides (`opaqueredirect`). */
  readonly status: number;
  readonly operationId: string;
  readonly method: string;
  readonly url: string;
  /**
   * Where the server pointed, resolved against the request URL: origin and path only (a query
   * string may hold tokens). Undefined when the answer had no usable `Location`.
   */
  readonly location: string | undefined;

  constructor(status: number, request: QuatrixRequestInfo, location: string | undefined) {
    const where = location === undefined ? "somewhere it did not say" : location;
    super(
      `${request.operationId} ${request.method} ${request.url} answered ${status || "a redirect"} to ${where}; ` +
        "redirects are not followed, so the API key never leaves for another host. The base URL is probably wrong: " +
        "if that location is the API's, use it as baseUrl",
    );
    this.status = status;
    this.operationId = request.operationId;
    this.method = request.method;
    this.url = request.url;
    this.location = location;
  }
}

/**
 * The answer's body, counted after decompression, is larger than `maxResponseBytes`; reading
 * stopped there and the connection was released. Never retried.
 */
export class QuatrixResponseTooLargeError extends QuatrixError {
  override name = "QuatrixResponseTooLargeError";
  readonly status: number;
  readonly operationId: string;
  readonly method: string;
  readonly url: string;
  /** The `maxResponseBytes` of the call. */
  readonly limit: number;
  /** Body bytes read before stopping; 0 when `Content-Length` already said it was too large. */
  readonly bytesRead: number;

  constructor(status: number, request: QuatrixRequestInfo, limit: number, bytesRead: number) {
    super(
      `${request.operationId} ${request.method} ${request.url} answered ${status} with a body larger than ` +
        `maxResponseBytes (${limit} bytes); reading stopped after ${bytesRead} bytes`,
    );
    this.status = status;
    this.operationId = request.operationId;
    this.method = request.method;
    this.url = request.url;
    this.limit = limit;
    this.bytesRead = bytesRead;
  }
}

/** What could be read from an error body. */
export interface ParsedErrorBody {
  code?: QuatrixErrorCodeValue | undefined;
  msg?: string | undefined;
  details?: QuatrixErrorDetails | undefined;
  excerpt?: string | undefined;
}

// An HTTP date (RFC 9110 §5.6.7): IMF-fixdate, or the obsolete RFC 850 and asctime forms —
// never a bare number, which Date.parse would read as a year ("-1" is 2 BC).
const HTTP_DATE =
  /^[A-Za-z]{3,9},? +\d{1,2}[ -][A-Za-z]{3}[ -]\d{2,4} \d\d:\d\d:\d\d GMT$|^[A-Za-z]{3} [A-Za-z]{3} +\d{1,2} \d\d:\d\d:\d\d \d{4}$/;

/**
 * `Retry-After` as milliseconds: a number of seconds or an HTTP date in the future. Undefined for
 * anything else (a negative number, garbage, a date already past): then the client's own backoff
 * applies.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  if (!HTTP_DATE.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) || date <= now ? undefined : date - now;
}

// Explicit names: a minifier may rename the classes.
const BRANDED: [object, string][] = [
  [QuatrixError, "QuatrixError"],
  [QuatrixApiError, "QuatrixApiError"],
  [QuatrixBadRequestError, "QuatrixBadRequestError"],
  [QuatrixAuthenticationError, "QuatrixAuthenticationError"],
  [QuatrixPermissionDeniedError, "QuatrixPermissionDeniedError"],
  [QuatrixNotFoundError, "QuatrixNotFoundError"],
  [QuatrixRateLimitError, "QuatrixRateLimitError"],
  [QuatrixServerError, "QuatrixServerError"],
  [QuatrixConnectionError, "QuatrixConnectionError"],
  [QuatrixTimeoutError, "QuatrixTimeoutError"],
  [QuatrixValidationError, "QuatrixValidationError"],
  [QuatrixMissingApiKeyError, "QuatrixMissingApiKeyError"],
  [QuatrixInvalidResponseError, "QuatrixInvalidResponseError"],
  [QuatrixRedirectError, "QuatrixRedirectError"],
  [QuatrixResponseTooLargeError, "QuatrixResponseTooLargeError"],
];
for (const [errorClass, name] of BRANDED) registerBrand(errorClass, name);
