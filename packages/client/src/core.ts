// The core of the operation methods: one call = validate, then attempts (each with its own
// timeout) until success or a failure that may not be retried. It builds URL, headers and
// body itself and hands them to fetch, so a call costs little more than a bare fetch.

import {
  apiErrorFor,
  excerpt,
  parseErrorBody,
  QuatrixApiError,
  QuatrixConnectionError,
  QuatrixInvalidResponseError,
  QuatrixMissingApiKeyError,
  type QuatrixRequestInfo,
  QuatrixTimeoutError,
  QuatrixValidationError,
} from "./errors.js";
import type { Log } from "./logger.js";
import type { OperationCall, OperationRequest, OperationSpec } from "./operation.js";
import type { ResolvedOptions } from "./options.js";
import { provablyNotSent, retryDelay, retryReason, sleep } from "./retry.js";
import { loadRequestValidation, loadResponseValidation } from "./validation.js";

export function createOperationCall(options: ResolvedOptions): OperationCall {
  const baseUrl = options.baseUrl;
  // Built once per client; a call copies them only when it has headers of its own.
  const common = { accept: "application/json", ...options.headers };
  const withKey = options.apiKey === undefined ? common : { ...common, "x-auth-token": options.apiKey };
  const hasKey = options.apiKey !== undefined || hasAuthHeader(options.headers);
  const log = options.log;
  const retry = {
    maxRetries: options.maxRetries,
    baseDelayMs: options.retryBaseDelayMs,
    maxDelayMs: options.retryMaxDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs,
  };

  return async function call<T>({ spec, pathParams, body, options: callOptions }: OperationRequest): Promise<T> {
    const signal = callOptions?.signal;
    if (signal?.aborted) throw signal.reason;
    if (spec.auth && !hasKey && !hasAuthHeader(callOptions?.headers)) {
      throw new QuatrixMissingApiKeyError(spec.operationId);
    }

    if (callOptions?.validateRequests ?? options.validateRequests) {
      const { requestIssues } = await loadRequestValidation();
      const issues = requestIssues(spec.operationId, pathParams, body, spec.hasBody);
      if (issues.length > 0) throw new QuatrixValidationError(spec.operationId, issues, "request");
    }

    const path = pathParams ? fillPath(spec, pathParams) : spec.path;
    const url = baseUrl + path;
    const request: QuatrixRequestInfo = { operationId: spec.operationId, method: spec.method, url };
    let headers: Record<string, string> = spec.auth ? withKey : common;
    if (spec.hasBody) headers = { ...headers, "content-type": "application/json" };
    if (callOptions?.headers) headers = { ...headers, ...callOptions.headers };
    const init: RequestInit = { method: spec.method, headers, body: spec.hasBody ? JSON.stringify(body) : null };
    const timeoutMs = callOptions?.timeoutMs ?? options.timeoutMs;
    const maxRetries = callOptions?.maxRetries ?? options.maxRetries;
    const fetchImpl = options.fetch ?? globalThis.fetch;

    for (let attempt = 1; ; attempt++) {
      const started = log.debug ? performance.now() : 0;
      try {
        const answer = await attemptOnce(fetchImpl, url, init, spec, request, timeoutMs, signal);
        log.debug?.(`${describe(request)} → ${answer.status} in ${elapsed(started)} (attempt ${attempt})`);
        const data = answer.data;
        if (data !== undefined && (callOptions?.validateResponses ?? options.validateResponses)) {
          const { responseIssues } = await loadResponseValidation();
          const issues = responseIssues(spec.operationId, data);
          if (issues.length > 0) throw new QuatrixValidationError(spec.operationId, issues, "response");
        }
        return data as T;
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (log.debug && !(error instanceof QuatrixValidationError)) {
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
  };
}

/** One attempt: send, and read the answer, within `timeoutMs`. */
async function attemptOnce(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  spec: OperationSpec,
  request: QuatrixRequestInfo,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<{ status: number; data: unknown }> {
  // timeoutMs 0 means no time limit: then the caller's signal, if any, is passed as it is.
  const controller = timeoutMs > 0 ? new AbortController() : undefined;
  let timedOut = false;
  const timer = controller
    ? setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs)
    : undefined;
  const onAbort = () => controller?.abort(signal?.reason);
  if (controller) signal?.addEventListener("abort", onAbort, { once: true });
  try {
    let response: Response;
    try {
      response = await fetchImpl(url, { ...init, signal: controller?.signal ?? signal ?? null });
    } catch (error) {
      if (timedOut) throw new QuatrixTimeoutError(request, timeoutMs);
      if (signal?.aborted) throw signal.reason;
      throw new QuatrixConnectionError(request, provablyNotSent(error), error);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      if (timedOut) throw new QuatrixTimeoutError(request, timeoutMs);
      if (signal?.aborted) throw signal.reason;
      // The server answered and then the connection broke: it may have acted.
      throw new QuatrixConnectionError(request, false, error);
    }
    if (response.status < 200 || response.status > 299) {
      throw apiErrorFor(response.status, parseErrorBody(text), request, headersOf(response));
    }
    if (spec.emptyResponse) return { status: response.status, data: undefined };
    try {
      return { status: response.status, data: JSON.parse(text) };
    } catch {
      throw new QuatrixInvalidResponseError(response.status, request, excerpt(text));
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

/**
 * Fills a path template. Every value is percent-encoded, so `/`, `?` and `#` cannot change the
 * path or the query; "", "." and ".." are refused even without validation, since URL parsers
 * treat them (and their encoded forms) as path navigation.
 */
export function fillPath(spec: OperationSpec, params: Record<string, string>): string {
  return spec.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = String(params[name]);
    if (value === "" || value === "." || value === "..") {
      throw new QuatrixValidationError(
        spec.operationId,
        [{ path: `/path/${name}`, message: "cannot be empty, '.' or '..'" }],
        "request",
      );
    }
    return encodeURIComponent(value);
  });
}

function hasAuthHeader(headers: Record<string, string> | undefined): boolean {
  if (headers === undefined) return false;
  for (const name in headers) if (name.toLowerCase() === "x-auth-token") return true;
  return false;
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

function headersOf(response: Response): Record<string, string> {
  return Object.fromEntries(response.headers);
}
