// The core of the operation methods: one call = check, then attempts (each with its own
// timeout) until success or a failure that may not be retried. It builds URL, headers and
// body itself and hands them to the transport, so a call costs little more than a bare fetch.

import type { MergedOptions, Middleware } from "openapi-fetch";
import { followAbort } from "./abort.js";
import {
  apiErrorFor,
  excerpt,
  parseErrorBody,
  QuatrixApiError,
  QuatrixConnectionError,
  QuatrixError,
  QuatrixInvalidResponseError,
  QuatrixMissingApiKeyError,
  QuatrixRedirectError,
  type QuatrixRequestInfo,
  QuatrixResponseTooLargeError,
  QuatrixTimeoutError,
  QuatrixValidationError,
  redirectLocation,
  type ValidationIssue,
} from "./errors.js";
import { AUTH_HEADER, normaliseHeaders } from "./headers.js";
import type { Log } from "./logger.js";
import { callId, type MiddlewareContext, withMiddleware } from "./middleware.js";
import type { OperationCall, OperationRequest, OperationSpec } from "./operation.js";
import { type ResolvedOptions, rangeIssues } from "./options.js";
import { type QuatrixAnswer, QuatrixPromise } from "./promise.js";
import { provablyNotSent, retryDelay, retryReason, sleep } from "./retry.js";
import { isRedirectStatus, ResponseTooLargeFailure, type Transport, type TransportResponse } from "./transport.js";
import { loadRequestValidation, loadResponseValidation } from "./validation.js";

export function createOperationCall(options: ResolvedOptions, middleware: readonly Middleware[] = []): OperationCall {
  const baseUrl = options.baseUrl;
  const transport = options.transport;
  // The header sets, built once per client in the fixed order — the client's own defaults,
  // the client's headers, then the key — for each kind of operation; a call copies one only
  // when it has headers of its own, which come last.
  const base = { accept: "application/json", ...options.headers };
  const withBody = { accept: "application/json", "content-type": "application/json", ...options.headers };
  const key = options.apiKey === undefined ? undefined : { [AUTH_HEADER]: options.apiKey };
  const headerSets = {
    anonymous: base,
    anonymousWithBody: withBody,
    auth: key ? { ...base, ...key } : base,
    authWithBody: key ? { ...withBody, ...key } : withBody,
  };
  const log = options.log;
  const retry = {
    maxRetries: options.maxRetries,
    baseDelayMs: options.retryBaseDelayMs,
    maxDelayMs: options.retryMaxDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs,
  };

  // The request is sent at once; the body is parsed when the data is asked for (promise.ts).
  return function call<T>(operation: OperationRequest): QuatrixPromise<T> {
    const validate = operation.options?.validateResponses ?? options.validateResponses;
    return new QuatrixPromise<T>(
      sendCall(operation),
      (answer) => parseAnswer(operation.spec, answer as SentAnswer, validate, log) as T | Promise<T>,
    );
  };

  async function sendCall({ spec, pathParams, body, options: callOptions }: OperationRequest): Promise<SentAnswer> {
    if (callOptions !== undefined && (callOptions === null || typeof callOptions !== "object")) {
      throw new QuatrixValidationError(
        spec.operationId,
        [{ path: "/options", message: "must be an object of call options" }],
        "request",
      );
    }
    const signal = callOptions?.signal;
    if (signal?.aborted) throw signal.reason;

    let headers: Record<string, string> = spec.auth
      ? spec.hasBody
        ? headerSets.authWithBody
        : headerSets.auth
      : spec.hasBody
        ? headerSets.anonymousWithBody
        : headerSets.anonymous;
    if (callOptions !== undefined) {
      const issues: ValidationIssue[] = [];
      rangeIssues(callOptions, issues);
      const own = normaliseHeaders(callOptions.headers, issues);
      if (issues.length > 0) throw new QuatrixValidationError(spec.operationId, issues, "request");
      if (callOptions.headers !== undefined) headers = { ...headers, ...own };
    }
    // The key may come from apiKey, the client's headers or the call's: all are in `headers` now.
    if (spec.auth && !(AUTH_HEADER in headers)) throw new QuatrixMissingApiKeyError(spec.operationId);

    if (callOptions?.validateRequests ?? options.validateRequests) {
      const { requestIssues } = await loadRequestValidation();
      const issues = requestIssues(spec.operationId, pathParams, body, spec.hasBody);
      if (issues.length > 0) throw new QuatrixValidationError(spec.operationId, issues, "request");
    }

    const path = pathParams ? fillPath(spec, pathParams) : spec.path;
    const url = baseUrl + path;
    const request: QuatrixRequestInfo = { operationId: spec.operationId, method: spec.method, url };
    const send: Send = {
      // With no middleware (the usual case) the transport is called directly.
      transport:
        middleware.length === 0
          ? transport
          : withMiddleware(
              transport,
              middleware,
              middlewareContext(spec, pathParams),
              (target) => target === baseUrl || target.startsWith(`${baseUrl}/`),
            ),
      method: spec.method,
      url,
      headers,
      body: spec.hasBody ? serialise(spec, body) : undefined,
      maxResponseBytes: callOptions?.maxResponseBytes ?? options.maxResponseBytes,
    };
    const timeoutMs = callOptions?.timeoutMs ?? options.timeoutMs;
    const maxRetries = callOptions?.maxRetries ?? options.maxRetries;

    for (let attempt = 1; ; attempt++) {
      const started = log.debug ? performance.now() : 0;
      try {
        const answer = await attemptOnce(send, request, timeoutMs, signal);
        log.debug?.(`${describe(request)} → ${answer.status} in ${elapsed(started)} (attempt ${attempt})`);
        return answer;
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (log.debug) {
          log.debug(`${describe(request)} → ${outcome(error as Error)} in ${elapsed(started)} (attempt ${attempt})`);
        }
        const delay = attempt <= maxRetries ? retryDelay(error as Error, spec.method, attempt, retry) : undefined;
        if (delay === undefined) {
          logFailure(log, error as Error);
          throw error;
        }
        log.info?.(
          `${describe(request)}: attempt ${attempt} failed (${retryReason(error as Error)}); retrying in ${delay} ms`,
        );
        options.onRetry?.({
          operationId: spec.operationId,
          method: spec.method,
          attempt,
          delayMs: delay,
          reason: retryReason(error as Error),
          error: error as Error,
        });
        await sleep(delay, signal);
      }
    }
  }

  /** What the middleware of a call is told: openapi-fetch's fields, for the operation's path. */
  function middlewareContext(
    spec: OperationSpec,
    pathParams: Readonly<Record<string, string>> | undefined,
  ): MiddlewareContext {
    // The operation methods build their own URL and body: of openapi-fetch's options only these
    // mean something here.
    const merged = Object.freeze({ baseUrl, parseAs: "json" }) as unknown as MergedOptions;
    return { schemaPath: spec.path, params: pathParams ? { path: pathParams } : {}, id: callId(), options: merged };
  }
}

/** A success answer, with the request it answers. */
interface SentAnswer extends QuatrixAnswer {
  request: QuatrixRequestInfo;
}

/** The data of a success answer: its JSON, validated when asked; synchronous unless validating. */
function parseAnswer(spec: OperationSpec, answer: SentAnswer, validate: boolean, log: Log): unknown {
  if (spec.emptyResponse) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(answer.text);
  } catch {
    const error = new QuatrixInvalidResponseError(answer.status, answer.request, excerpt(answer.text));
    logFailure(log, error);
    throw error;
  }
  if (!validate) return data;
  return Promise.resolve(loadResponseValidation()).then(({ responseIssues }) => {
    const issues = responseIssues(spec.operationId, data);
    if (issues.length === 0) return data;
    const error = new QuatrixValidationError(spec.operationId, issues, "response");
    logFailure(log, error);
    throw error;
  });
}

/** What every attempt of a call sends. */
interface Send {
  transport: Transport;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  maxResponseBytes: number;
}

/** One attempt: send, and read the answer, within `timeoutMs`. */
async function attemptOnce(
  send: Send,
  request: QuatrixRequestInfo,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<SentAnswer> {
  // The transport always gets a signal of this attempt's own, never the caller's: fetch ties
  // listeners to the signal it is given and drops them only when the request is collected, so
  // a long-lived shared signal would collect thousands. Ours is detached in `finally`.
  const controller = timeoutMs > 0 || signal ? new AbortController() : undefined;
  let timedOut = false;
  const timer =
    controller && timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeoutMs)
      : undefined;
  const unfollow = controller && signal ? followAbort(signal, () => controller.abort(signal.reason)) : undefined;
  try {
    let answer: TransportResponse;
    try {
      answer = await send.transport.send({
        method: send.method,
        url: send.url,
        headers: send.headers,
        body: send.body,
        signal: controller?.signal,
        maxResponseBytes: send.maxResponseBytes,
      });
    } catch (error) {
      if (timedOut) throw new QuatrixTimeoutError(request, timeoutMs);
      if (signal?.aborted) throw signal.reason;
      throw transportError(error, request);
    }
    const status = answer.status;
    if (status < 200 || status > 299) {
      if (isRedirectStatus(status)) {
        throw new QuatrixRedirectError(status, request, redirectLocation(answer.headers.location, request.url));
      }
      throw apiErrorFor(status, parseErrorBody(answer.text), request, answer.headers);
    }
    return { status, headers: answer.headers, text: answer.text, request };
  } finally {
    clearTimeout(timer);
    unfollow?.();
  }
}

/** The client's error for what a transport threw (see the contract in transport.ts). */
export function transportError(error: unknown, request: QuatrixRequestInfo): QuatrixError {
  if (error instanceof ResponseTooLargeFailure) {
    return new QuatrixResponseTooLargeError(error.status, request, error.limit, error.bytesRead);
  }
  if (error instanceof QuatrixError) return error;
  return new QuatrixConnectionError(request, provablyNotSent(error), error);
}

/** The JSON of a body; one that cannot be serialised (a BigInt, a cycle) is refused unsent. */
function serialise(spec: OperationSpec, body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch {
    throw new QuatrixValidationError(
      spec.operationId,
      [{ path: "/body", message: "cannot be serialised as JSON (a BigInt, a cycle…)" }],
      "request",
    );
  }
}

/**
 * Fills a path template. Every value is percent-encoded, so `/`, `?` and `#` cannot change the
 * path or the query; "", "." and ".." are refused even without validation, since URL parsers
 * treat them (and their encoded forms) as path navigation.
 */
export function fillPath(spec: OperationSpec, params: Readonly<Record<string, string>>): string {
  return spec.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const refuse = (message: string) =>
      new QuatrixValidationError(spec.operationId, [{ path: `/path/${name}`, message }], "request");
    const raw = params[name];
    if (typeof raw !== "string" && typeof raw !== "number") throw refuse("must be a string");
    const value = String(raw);
    if (value === "" || value === "." || value === "..") throw refuse("cannot be empty, '.' or '..'");
    try {
      return encodeURIComponent(value);
    } catch {
      // A lone surrogate (U+D800–U+DFFF) has no UTF-8 form.
      throw refuse("must be well-formed Unicode (it has a lone surrogate)");
    }
  });
}

function describe(request: QuatrixRequestInfo): string {
  return `${request.operationId} ${request.method} ${request.url}`;
}

function elapsed(started: number): string {
  return `${Math.round(performance.now() - started)} ms`;
}

function outcome(error: Error): string {
  return error instanceof QuatrixApiError ? String(error.status) : `failed (${retryReason(error)})`;
}

/** The final failure of a call: a 4xx at warn (the caller's request), anything else at error. */
function logFailure(log: Log, error: Error): void {
  const line = `failed: ${error.message}`;
  if (error instanceof QuatrixApiError && error.status < 500) log.warn?.(line);
  else if (error instanceof QuatrixValidationError) log.warn?.(line);
  else log.error?.(line);
}
