// The core of the operation methods: one call = check, then attempts (each with its own
// timeout) until success or a failure that may not be retried. It builds URL, headers and
// body itself and hands them to the transport, so a call costs little more than a bare fetch.

import type { Middleware } from "openapi-fetch";
import { followAbort } from "./abort.js";
import {
  answerError,
  invalidResponseError,
  QuatrixMissingApiKeyError,
  type QuatrixRequestInfo,
  QuatrixTimeoutError,
  QuatrixValidationError,
  transportError,
  type ValidationIssue,
} from "./errors.js";
import { AUTH_HEADER, normaliseHeaders } from "./headers.js";
import type { CallLog } from "./logger.js";
import type { OperationCall, OperationRequest, OperationSpec } from "./operation.js";
import { type ResolvedOptions, rangeIssues } from "./options.js";
import { type QuatrixAnswer, QuatrixPromise } from "./promise.js";
import { retryDelay, retryReason, sleep } from "./retry.js";
import type { Transport, TransportResponse } from "./transport.js";
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
  const loadLog = options.log;
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
      (answer) => parseAnswer(operation.spec, answer as SentAnswer, validate) as T | Promise<T>,
    );
  };

  // Without logging the attempts' own promise is the call's: no extra async step per call.
  function sendCall(operation: OperationRequest): Promise<SentAnswer> {
    return loadLog ? loggedCall(operation, loadLog) : attempts(operation, undefined);
  }

  async function loggedCall(operation: OperationRequest, load: () => Promise<CallLog>): Promise<SentAnswer> {
    const log = await load();
    try {
      return await attempts(operation, log);
    } catch (error) {
      log.failed(error as Error);
      throw error;
    }
  }

  async function attempts(
    { spec, pathParams, body, options: callOptions }: OperationRequest,
    log: CallLog | undefined,
  ): Promise<SentAnswer> {
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
      // With no middleware (the usual case) the transport is called directly, and the
      // middleware module is never loaded.
      transport:
        middleware.length === 0
          ? transport
          : (await import("./opt-in.js")).operationTransport(transport, middleware, spec, pathParams, baseUrl),
      method: spec.method,
      url,
      headers,
      body: spec.hasBody ? serialise(spec, body) : undefined,
      maxResponseBytes: callOptions?.maxResponseBytes ?? options.maxResponseBytes,
    };
    const timeoutMs = callOptions?.timeoutMs ?? options.timeoutMs;
    const maxRetries = callOptions?.maxRetries ?? options.maxRetries;

    for (let attempt = 1; ; attempt++) {
      const started = log?.timesAttempts ? performance.now() : 0;
      try {
        const answer = await attemptOnce(send, request, timeoutMs, signal);
        log?.attempt(request, answer.status, started, attempt);
        return answer;
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        log?.attempt(request, error as Error, started, attempt);
        const delay = attempt <= maxRetries ? retryDelay(error as Error, spec.method, attempt, retry) : undefined;
        if (delay === undefined) throw error;
        log?.retry(request, attempt, error as Error, delay);
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

  /** The data of a success answer: its JSON, validated when asked; synchronous unless validating. */
  function parseAnswer(spec: OperationSpec, answer: SentAnswer, validate: boolean): unknown {
    if (spec.emptyResponse) return undefined;
    let data: unknown;
    try {
      data = JSON.parse(answer.text);
    } catch {
      return failed(invalidResponseError(answer, answer.request, answer.key));
    }
    if (!validate) return data;
    return Promise.resolve(loadResponseValidation()).then(({ responseIssues }) => {
      const issues = responseIssues(spec.operationId, data);
      if (issues.length === 0) return data;
      return failed(new QuatrixValidationError(spec.operationId, issues, "response"));
    });
  }

  /** Logs a failure found after the answer was received (the body), then throws it. */
  async function failed(error: Error): Promise<never> {
    if (loadLog) (await loadLog()).failed(error);
    throw error;
  }
}

/** A success answer, with the request it answers. */
interface SentAnswer extends QuatrixAnswer {
  request: QuatrixRequestInfo;
  /** The API key the request carried: kept out of any error made from the answer. */
  key: string | undefined;
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
    const key = send.headers[AUTH_HEADER];
    if (status < 200 || status > 299) throw answerError(answer, request, key);
    return { status, headers: answer.headers, text: answer.text, request, key };
  } finally {
    clearTimeout(timer);
    unfollow?.();
  }
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
