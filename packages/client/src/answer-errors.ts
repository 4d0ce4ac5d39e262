// Building the client's error from what came back: an answer that is not a success (its status,
// its ErrorModel, the key redacted from all of it), a 2xx body that is not JSON, or a failure
// the transport threw.

import { connectionErrorCode, excerpt, redirectLocation, withoutSecret } from "./error-messages.js";
import {
  type ParsedErrorBody,
  QuatrixApiError,
  QuatrixAuthenticationError,
  QuatrixBadRequestError,
  QuatrixConnectionError,
  QuatrixError,
  type QuatrixErrorDetails,
  QuatrixInvalidResponseError,
  QuatrixNotFoundError,
  QuatrixPermissionDeniedError,
  QuatrixRateLimitError,
  QuatrixRedirectError,
  type QuatrixRequestInfo,
  QuatrixResponseTooLargeError,
  QuatrixServerError,
  QuatrixTimeoutError,
} from "./errors.js";
import { isRedirectStatus, ResponseTooLargeFailure, type TransportResponse } from "./transport.js";

/**
 * The error for an answer that is not a success — a redirect, or a status other than 2xx — on
 * either surface. `key` is the API key the request carried: a server that echoes it (in its
 * msg, details, a header or a redirect's Location) does not put it into the error.
 */
export function answerError(
  answer: TransportResponse,
  request: QuatrixRequestInfo,
  key: string | undefined,
): QuatrixError {
  if (isRedirectStatus(answer.status)) {
    // Redacted before parsing too: URL parsing rewrites a path (`/./key` becomes `/key`) and
    // lower-cases a host, and what is left of a key after that would no longer match it. The
    // stand-in is letters, valid in a host and a path alike, and unchanged by parsing.
    const raw = answer.headers.location;
    const location = redirectLocation(raw && withoutSecret(raw, key, "qxredactedqx"), request.url)?.replace(
      /qxredactedqx/g,
      "[redacted]",
    );
    return new QuatrixRedirectError(answer.status, request, location && withoutSecret(location, key));
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.headers))
    headers[withoutSecret(name, key)] = withoutSecret(value, key);
  return apiErrorFor(answer.status, parseErrorBody(withoutSecret(answer.text, key)), request, headers);
}

/** The error for a 2xx answer whose body is not JSON, the key the request carried redacted. */
export function invalidResponseError(
  answer: Pick<TransportResponse, "status" | "text">,
  request: QuatrixRequestInfo,
  key: string | undefined,
): QuatrixInvalidResponseError {
  return new QuatrixInvalidResponseError(answer.status, request, excerpt(withoutSecret(answer.text, key)));
}

/** Reads an `ErrorModel` out of an error body, or keeps an excerpt of whatever else it is. */
export function parseErrorBody(text: string): ParsedErrorBody {
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === "object" && typeof (body as { code?: unknown }).code === "number") {
      const { code, msg, details } = body as { code: number; msg?: unknown; details?: unknown };
      return { code, msg: typeof msg === "string" ? msg : "", details: readDetails(details) };
    }
  } catch {
    // Not JSON: fall through to the excerpt.
  }
  return { excerpt: excerpt(text) };
}

/** `details` as its type says: an object whose `issues`, if kept, are `{ path, message }` strings. */
function readDetails(details: unknown): QuatrixErrorDetails | undefined {
  if (!details || typeof details !== "object" || Array.isArray(details)) return undefined;
  const { issues, ...rest } = details as { issues?: unknown };
  const wellFormed =
    Array.isArray(issues) &&
    issues.every(
      (i: { path?: unknown; message?: unknown } | null) =>
        typeof i === "object" && i !== null && typeof i.path === "string" && typeof i.message === "string",
    );
  // Malformed issues are dropped rather than typed as what they are not.
  return wellFormed ? (details as QuatrixErrorDetails) : (rest as QuatrixErrorDetails);
}

/** The error class for a status. */
export function apiErrorFor(
  status: number,
  body: ParsedErrorBody,
  request: QuatrixRequestInfo,
  headers: Record<string, string>,
): QuatrixApiError {
  const ErrorClass =
    status === 400
      ? QuatrixBadRequestError
      : status === 401
        ? QuatrixAuthenticationError
        : status === 403
          ? QuatrixPermissionDeniedError
          : status === 404
            ? QuatrixNotFoundError
            : status === 429
              ? QuatrixRateLimitError
              : status >= 500
                ? QuatrixServerError
                : QuatrixApiError;
  return new ErrorClass(status, body, request, headers);
}

// Errors of the operating system that prove the request never left: nothing was connected.
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

/** True when a failed send provably never reached the server, so even a POST may be retried. */
export function provablyNotSent(cause: unknown): boolean {
  const code = connectionErrorCode(cause);
  return code !== undefined && NOT_SENT_CODES.has(code);
}

/** The client's error for what a transport threw (see the contract in transport.ts). */
export function transportError(error: unknown, request: QuatrixRequestInfo): QuatrixError {
  if (error instanceof ResponseTooLargeFailure) {
    return new QuatrixResponseTooLargeError(error.status, request, error.limit, error.bytesRead);
  }
  if (error instanceof QuatrixError) return error;
  return new QuatrixConnectionError(request, provablyNotSent(error), withoutAnswerBytes(error));
}

/**
 * The failure with the raw bytes of the answer its parser kept taken off (undici's
 * HTTPParserError `data`, node's `rawPacket`), down its chain of causes: they may echo the key,
 * and `util.inspect(error)` would print them.
 */
function withoutAnswerBytes(error: unknown): unknown {
  let at: unknown = error;
  for (let depth = 0; depth < 8 && typeof at === "object" && at !== null; depth++) {
    for (const name of ["data", "rawPacket"]) {
      if (Object.hasOwn(at, name)) {
        try {
          delete (at as Record<string, unknown>)[name];
        } catch {
          // A frozen error keeps it; nothing else can be done without losing the cause.
        }
      }
    }
    at = (at as { cause?: unknown }).cause;
  }
  return error;
}

/** Why an attempt failed, in a few words (`status 503`, `timeout`, `connection ECONNRESET`): for retries and log lines. */
export function retryReason(error: Error): string {
  if (error instanceof QuatrixApiError) return `status ${error.status}`;
  if (error instanceof QuatrixTimeoutError) return "timeout";
  return `connection ${connectionErrorCode(error.cause) ?? "failed"}`;
}
