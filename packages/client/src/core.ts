// The core of the operation methods. One call is a pipeline of named steps, each below:
//   prepare   — check the call's options, build its headers (synchronous);
//   validate  — check the parameters and body against the document;
//   send      — the attempts, each with its own timeout, until success or a failure that may not
//               be retried (attempt.ts sends and reads one);
//   decode    — parse (and, when asked, validate) the success body, when the data is asked for.
// After every await the caller's signal is checked, so a call aborted at any instant rejects
// with the signal's reason; nothing is sent once the signal has aborted.

import type { Middleware } from "openapi-fetch";
import { throwIfAborted } from "./abort.js";
import { invalidResponseError, retryReason } from "./answer-errors.js";
import { type AttemptRequest, attemptOnce, type SentAnswer } from "./attempt.js";
import {
  QuatrixMissingApiKeyError,
  QuatrixTimeoutError,
  QuatrixValidationError,
  type ValidationIssue,
} from "./errors.js";
import { AUTH_HEADER, normaliseHeaders } from "./headers.js";
import { type CallLog, LOG_LEVELS, type LogLevel } from "./log-types.js";
import * as parts from "./main-parts.js";
import type { OperationCall, OperationRequest, OperationSpec, ParameterValues, RequestOptions } from "./operation.js";
import { loadOptIn } from "./opt-in-load.js";
import type { ResolvedOptions } from "./options.js";
import { preload } from "./preload.js";
import { QuatrixPromise } from "./promise.js";
import { rangeIssues } from "./ranges.js";
import { type RetryEvent, type RetrySettings, retryDelay, sleep } from "./retry.js";
import type { Transport } from "./transport.js";
import { loadRequestValidation, loadResponseValidation } from "./validation.js";

/** A call after `prepare`: everything its attempts need. */
interface PreparedCall extends AttemptRequest {
  spec: OperationSpec;
  pathParams: Readonly<Record<string, string>> | undefined;
  /** The call's query, header and cookie parameters, for validation; absent when the operation has none. */
  params?: ParameterValues;
  signal: AbortSignal | undefined;
  maxRetries: number;
  validateRequests: boolean;
}

export function createOperationCall(options: ResolvedOptions, middleware: readonly Middleware[] = []): OperationCall {
  const headerSets = buildHeaderSets(options);
  const retry: RetrySettings = {
    maxRetries: options.maxRetries,
    baseDelayMs: options.retryBaseDelayMs,
    maxDelayMs: options.retryMaxDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs,
  };
  // What calls will need starts loading now, so that no call waits for a download it started.
  if (options.validateRequests) preload(loadRequestValidation);
  if (options.validateResponses) preload(loadResponseValidation);

  // The request is sent at once; the body is decoded when the data is asked for (promise.ts).
  return function call<T>(operation: OperationRequest): QuatrixPromise<T> {
    const callOptions = operation.options;
    const validate = callOptions?.validateResponses ?? options.validateResponses;
    return new QuatrixPromise<T>(
      run(operation),
      (answer) => decode(operation.spec, answer as SentAnswer, validate, callOptions) as T | Promise<T>,
    );
  };

  /**
   * The steps up to a success answer. Without logging (the default) the steps' own promise is
   * the call's: no extra async step per call. With logging a failure is logged once, here.
   */
  function run(operation: OperationRequest): Promise<SentAnswer> {
    const log = logOf(operation.options);
    return log === undefined ? steps(operation, undefined) : logged(operation, log);
  }

  async function logged(operation: OperationRequest, loading: CallLog | Promise<CallLog>): Promise<SentAnswer> {
    const signal = signalOf(operation.options);
    let log: CallLog | undefined;
    try {
      log = loading instanceof Promise ? await loading : loading;
      return await steps(operation, log);
    } catch (error) {
      log?.failed(error, signal?.aborted === true && error === signal.reason ? operation.spec : undefined);
      throw error;
    }
  }

  /** Prepare, validate, send; the promise is send's own unless validation had to wait. */
  function steps(operation: OperationRequest, log: CallLog | undefined): Promise<SentAnswer> {
    let call: PreparedCall;
    try {
      call = prepare(operation);
      const validating = validate(call, operation.body);
      if (validating) {
        return validating.then(() => {
          throwIfAborted(call.signal);
          return send(call, log);
        });
      }
    } catch (error) {
      return Promise.reject(error);
    }
    return send(call, log);
  }

  /** The call log of this call's level; a promise only while the log module is still loading. */
  function logOf(callOptions: RequestOptions | undefined): CallLog | undefined | Promise<CallLog> {
    const level = callOptions?.logLevel;
    const log = options.log(level !== undefined && LOG_LEVELS.includes(level) ? level : undefined);
    if (!(log instanceof Promise)) return log;
    return log.then((loaded) => {
      throwIfAborted(signalOf(callOptions));
      return loaded;
    });
  }

  /** Step 1: the call's options and headers, checked; throws what is wrong before anything is sent. */
  function prepare({ spec, pathParams, body, options: callOptions }: OperationRequest): PreparedCall {
    if (callOptions !== undefined && (callOptions === null || typeof callOptions !== "object")) {
      throw new QuatrixValidationError(
        spec.operationId,
        [{ path: "/options", message: "must be an object of call options" }],
        "request",
      );
    }
    throwIfAborted(callOptions?.signal);
    let headers = headerSets[(spec.auth ? "auth" : "anonymous") + (spec.hasBody ? "WithBody" : "")] as Headers;
    if (callOptions !== undefined) {
      const issues: ValidationIssue[] = [];
      rangeIssues(callOptions, issues);
      logLevelIssues(callOptions.logLevel, issues);
      const own = normaliseHeaders(callOptions.headers, issues);
      if (issues.length > 0) throw new QuatrixValidationError(spec.operationId, issues, "request");
      if (callOptions.headers !== undefined) headers = { ...headers, ...own };
    }
    // The key may come from apiKey, the client's headers or the call's: all are in `headers` now.
    if (spec.auth && !(AUTH_HEADER in headers)) throw new QuatrixMissingApiKeyError(spec.operationId);
    const url = options.baseUrl + (pathParams ? fillPath(spec, pathParams) : spec.path);
    return {
      spec,
      pathParams,
      signal: callOptions?.signal,
      // Errors and log lines show the URL without its query: parameter values stay out of them.
      request: { operationId: spec.operationId, method: spec.method, url },
      headers,
      body: spec.hasBody ? serialise(spec, body) : undefined,
      timeoutMs: callOptions?.timeoutMs ?? options.timeoutMs,
      maxResponseBytes: callOptions?.maxResponseBytes ?? options.maxResponseBytes,
      maxRetries: callOptions?.maxRetries ?? options.maxRetries,
      validateRequests: callOptions?.validateRequests ?? options.validateRequests,
      // Only operations with query, header or cookie parameters have an `encode`: it gives the
      // URL with the query, the headers with the parameters' laid over them (the document
      // cannot name the key's header or another the client sets: scripts/codegen/model.mjs
      // refuses it) and the values to validate.
      ...spec.encode?.(spec, callOptions, headers, url),
    };
  }

  /**
   * Step 2: the path parameters and body against the document. An operation with neither never
   * waits for the validators; otherwise the wait is for a load started when the client was made.
   */
  function validate(call: PreparedCall, body: unknown): Promise<void> | undefined {
    if (!call.validateRequests || !(call.spec.hasBody || call.pathParams || call.params)) return undefined;
    const loaded = loadRequestValidation();
    if (!(loaded instanceof Promise)) return void checkRequest(loaded, call, body);
    return loaded.then((module) => {
      throwIfAborted(call.signal);
      checkRequest(module, call, body);
    });
  }

  /** Step 3: the attempts, with a wait before each retry, until an answer or a final failure. */
  async function send(call: PreparedCall, log: CallLog | undefined): Promise<SentAnswer> {
    const { signal, request, spec } = call;
    // Awaited even when it is at hand: the attempt then starts a tick after the call, so an
    // abort in the caller's same tick (a React effect's cleanup) stops it before anything is sent.
    const transport = await transportOf(call);
    const firstStarted = performance.now();
    for (let attempt = 1; ; attempt++) {
      const started = log?.timesAttempts ? performance.now() : 0;
      let failure: Error;
      try {
        const answer = await attemptOnce(transport, call, signal);
        log?.attempt(request, answer.status, started, attempt);
        throwIfAborted(signal);
        return answer;
      } catch (error) {
        throwIfAborted(signal);
        failure = error as Error;
      }
      log?.attempt(request, failure, started, attempt);
      const delay = attempt <= call.maxRetries ? retryDelay(failure, spec.method, attempt, retry) : undefined;
      if (delay === undefined) throw finalFailure(failure, call, attempt, firstStarted);
      log?.retry(request, attempt, failure, delay);
      notifyRetry({
        operationId: spec.operationId,
        method: spec.method,
        attempt,
        delayMs: delay,
        reason: retryReason(failure),
        error: failure,
      });
      await sleep(delay, signal);
      throwIfAborted(signal);
    }
  }

  /**
   * Calls `onRetry`; one that throws, or returns a promise that rejects, changes nothing of the
   * call: its error is dropped (an unhandled rejection would end the process).
   */
  function notifyRetry(event: RetryEvent): void {
    try {
      const result: unknown = options.onRetry?.(event);
      if (typeof (result as PromiseLike<unknown> | undefined)?.then === "function") {
        (result as PromiseLike<unknown>).then(undefined, () => {});
      }
    } catch {
      // The retry goes ahead as it would without the hook.
    }
  }

  /**
   * The transport of a call: the client's, or (after `use`) one through the middleware, whose
   * module started loading when `use` was called.
   */
  function transportOf(call: PreparedCall): Transport | Promise<Transport> {
    if (middleware.length === 0) return options.transport;
    const through = (m: typeof import("./opt-in.js")) =>
      m.operationTransport(options.transport, middleware, call.spec, call.pathParams, options.baseUrl, parts);
    const loaded = loadOptIn();
    if (!(loaded instanceof Promise)) return through(loaded);
    return loaded.then((m) => {
      throwIfAborted(call.signal);
      return through(m);
    });
  }

  /** Step 4: the data of a success answer — its JSON, validated when asked; synchronous unless validating. */
  function decode(spec: OperationSpec, answer: SentAnswer, validate: boolean, callOptions?: RequestOptions): unknown {
    if (spec.emptyResponse) return undefined;
    let data: unknown;
    try {
      data = JSON.parse(answer.text);
    } catch {
      return failed(invalidResponseError(answer, answer.request, answer.key), callOptions);
    }
    if (!validate) return data;
    const check = ({ responseIssues }: typeof import("./response-validation.js")) => {
      const issues = responseIssues(spec.operationId, data);
      if (issues.length === 0) return data;
      return failed(new QuatrixValidationError(spec.operationId, issues, "response"), callOptions);
    };
    const loaded = loadResponseValidation();
    if (!(loaded instanceof Promise)) return check(loaded);
    return loaded.then((module) => {
      throwIfAborted(signalOf(callOptions));
      return check(module);
    });
  }

  /** Logs a failure found after the answer was received (in the body), then throws it. */
  async function failed(error: Error, callOptions: RequestOptions | undefined): Promise<never> {
    (await logOf(callOptions))?.failed(error);
    throw error;
  }
}

/** Refuses a request whose parameters or body break the document. */
function checkRequest(
  { requestIssues }: typeof import("./request-validation.js"),
  { spec, pathParams, params }: PreparedCall,
  body: unknown,
): void {
  const issues = requestIssues(spec.operationId, pathParams, body, spec.hasBody, params);
  if (issues.length > 0) throw new QuatrixValidationError(spec.operationId, issues, "request");
}

/** The call's signal, whatever its options are (prepare refuses options that are not an object). */
function signalOf(callOptions: RequestOptions | null | undefined): AbortSignal | undefined {
  return callOptions?.signal;
}

/** A timeout after retries says how many attempts were made and how long they took in all. */
function finalFailure(failure: Error, call: PreparedCall, attempts: number, firstStarted: number): Error {
  if (!(failure instanceof QuatrixTimeoutError) || attempts === 1) return failure;
  return new QuatrixTimeoutError(call.request, call.timeoutMs, attempts, performance.now() - firstStarted);
}

type Headers = Record<string, string>;

/**
 * The header sets, built once per client in the fixed order — the client's own defaults, the
 * client's headers, then the key — for each kind of operation; a call copies one only when it
 * has headers of its own, which come last.
 */
function buildHeaderSets(options: ResolvedOptions): Record<string, Headers> {
  const anonymous = { accept: "application/json", ...options.headers };
  const anonymousWithBody = { accept: "application/json", "content-type": "application/json", ...options.headers };
  const key = options.apiKey === undefined ? undefined : { [AUTH_HEADER]: options.apiKey };
  return {
    anonymous,
    anonymousWithBody,
    auth: key ? { ...anonymous, ...key } : anonymous,
    authWithBody: key ? { ...anonymousWithBody, ...key } : anonymousWithBody,
  };
}

function logLevelIssues(level: unknown, issues: ValidationIssue[]): void {
  if (level !== undefined && !LOG_LEVELS.includes(level as LogLevel)) {
    issues.push({ path: "/options/logLevel", message: `must be one of ${LOG_LEVELS.join(", ")}` });
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
