// The openapi-fetch client behind the surface (fetch-surface.ts), loaded on its first call
// together with openapi-fetch, so an app that only calls the operation methods downloads
// neither.
//
// openapi-fetch builds the Request; the fetch each call gives it here sends that Request
// through the client's transport under the same rules as the operation methods: one header
// model (client headers, then the key, then the call's), no redirect followed, every answer
// bounded, and a caller's signal followed without a listener left on it.

import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { QuatrixRequestInfo, ValidationIssue } from "./errors.js";
import type { paths } from "./generated/schema.js";
import type { MainParts } from "./main-parts.js";
import type { OperationSpec } from "./operation.js";
import type { ResolvedOptions } from "./options.js";
import type { Transport, TransportResponse } from "./transport.js";

/** Each operation of the table as a matcher of `METHOD /path`, to name calls and find those sent without the key. */
function routesOf({ operationTable }: MainParts) {
  return Object.values(operationTable).map((op) => ({
    operationId: op.operationId,
    method: op.method as string,
    auth: op.auth,
    pattern: new RegExp(`^${op.path.replace(/\{\w+\}/g, "[^/]+")}$`),
  }));
}

/** What the surface keeps from a call's init before handing the rest to openapi-fetch. */
interface CallSettings {
  signal: AbortSignal | undefined;
  maxResponseBytes: number;
  /** The call's time limit (its `timeoutMs`, else the client's); 0 for none. */
  timeoutMs: number;
  /** The transport of the call: the client's, or one over the call's own `fetch`. */
  transport: Transport;
  /** Client headers the call removes (openapi-fetch's `null` value). */
  removed: string[];
  /** The success answer handed to openapi-fetch, to report a body it fails to parse. */
  answered?: { request: QuatrixRequestInfo; status: number; text: string; key: string | undefined };
}

/** The openapi-fetch client of a surface, and how to make one of its calls. */
export interface OpenapiFetchClient {
  client: Client<paths, "application/json">;
  /** Calls `client[method](...args)` after checking the call's init and taking its own settings. */
  call(method: string, args: unknown[]): Promise<unknown>;
}

/** `parts`: what this chunk uses of the main entry's modules (see main-parts.ts). */
export function createOpenapiFetchClient(
  options: ResolvedOptions,
  middleware: Middleware[],
  parts: MainParts,
): OpenapiFetchClient {
  const {
    AUTH_HEADER,
    answerError,
    createFetchTransport,
    followAbort,
    invalidResponseError,
    isRedirectStatus,
    QuatrixMissingApiKeyError,
    QuatrixTimeoutError,
    throwIfAborted,
    toResponse,
    transportError,
  } = parts;
  const routes = routesOf(parts);
  const { baseUrl, apiKey } = options;
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, "");
  // No headers and no fetch here: `send` adds the client's headers and the key, and each call
  // gets a fetch of its own that knows the call's signal and limit.
  const client = createClient<paths>({ baseUrl });
  client.use(...middleware);

  /** Sends a Request built by openapi-fetch through the transport. */
  async function send(input: Request, settings: CallSettings): Promise<Response> {
    const url = new URL(input.url);
    // The key goes only to the base URL: a per-call `baseUrl` elsewhere gets none.
    const underBase = input.url.startsWith(`${baseUrl}/`) || input.url === baseUrl;
    const path = underBase ? url.pathname.slice(basePath.length) : url.pathname;
    const route = underBase ? routes.find((r) => r.method === input.method && r.pattern.test(path)) : undefined;
    const request: QuatrixRequestInfo = {
      operationId: route?.operationId ?? `${input.method} ${path}`,
      method: input.method,
      url: url.origin + url.pathname,
    };
    const own = Object.fromEntries(input.headers);
    const headers: Record<string, string> =
      apiKey !== undefined && underBase && route?.auth !== false
        ? { ...options.headers, [AUTH_HEADER]: apiKey, ...own }
        : { ...options.headers, ...own };
    for (const name of settings.removed) if (!(name in own)) delete headers[name];
    if (underBase && route?.auth && !(AUTH_HEADER in headers)) throw new QuatrixMissingApiKeyError(route.operationId);
    const { signal, timeoutMs } = settings;
    const body = input.body === null ? undefined : await input.text();
    throwIfAborted(signal);

    // A signal of the call's own, never the caller's (see core.ts: fetch leaks listeners on it).
    // One log line per request, as for an operation method's attempt (a call here is one attempt).
    const loadingLog = options.log();
    const log = loadingLog instanceof Promise ? await loadingLog : loadingLog;
    // The last check, in the same tick as the transport's call: nothing is sent once aborted.
    throwIfAborted(signal);
    const controller = new AbortController();
    const unfollow = signal ? followAbort(signal, () => controller.abort(signal.reason)) : undefined;
    // The same time limit as an attempt of an operation method: from sending to the end of the answer.
    let timedOut = false;
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, timeoutMs)
        : undefined;
    const started = log?.timesAttempts ? performance.now() : 0;
    let answer: TransportResponse;
    try {
      answer = await settings.transport.send({
        method: input.method,
        url: input.url,
        headers,
        body,
        signal: controller.signal,
        maxResponseBytes: settings.maxResponseBytes,
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const failure = timedOut ? new QuatrixTimeoutError(request, timeoutMs) : transportError(error, request);
      log?.attempt(request, failure, started, 1);
      log?.failed(failure);
      throw failure;
    } finally {
      clearTimeout(timer);
      unfollow?.();
    }
    log?.attempt(request, answer.status, started, 1);
    const key = headers[AUTH_HEADER];
    // A redirect is refused; a status a Response cannot hold (below 200, above 599) is the
    // server's fault, not data.
    if (isRedirectStatus(answer.status) || answer.status < 200 || answer.status > 599) {
      const failure = answerError(answer, request, key);
      log?.failed(failure);
      throw failure;
    }
    settings.answered = { request, status: answer.status, text: answer.text, key };
    return toResponse(answer);
  }

  /**
   * openapi-fetch parses a success body with JSON.parse, whose SyntaxError quotes the body — and
   * a body may echo the key. Such a body rejects as it does for the operation methods.
   */
  async function notJson(error: unknown, settings: CallSettings): Promise<never> {
    const answer = settings.answered;
    if (!(error instanceof SyntaxError) || !answer) throw error;
    try {
      JSON.parse(answer.text);
    } catch {
      const failure = invalidResponseError(answer, answer.request, answer.key);
      (await options.log())?.failed(failure);
      throw failure;
    }
    throw error;
  }

  return {
    client,
    call(method, args) {
      // `request(method, path, init)` has its init one place further.
      const at = method === "request" ? 2 : 1;
      const operation = method === "request" ? `${String(args[0]).toUpperCase()} ${args[1]}` : `${method} ${args[0]}`;
      const init = checkInit(args[at], operation, parts);
      const { signal, maxResponseBytes, timeoutMs, ...rest } = init as {
        signal?: AbortSignal;
        maxResponseBytes?: number;
        timeoutMs?: number;
        fetch?: unknown;
        headers?: unknown;
      };
      parameterSerialisers(
        parts,
        method === "request" ? String(args[0]).toUpperCase() : method,
        args[at - 1],
        rest as Record<string, unknown>,
        options.headers.cookie,
      );
      const ownFetch = rest.fetch;
      const settings: CallSettings = {
        signal,
        maxResponseBytes: maxResponseBytes ?? options.maxResponseBytes,
        timeoutMs: timeoutMs ?? options.timeoutMs,
        transport:
          typeof ownFetch === "function" ? createFetchTransport(() => ownFetch as typeof fetch) : options.transport,
        removed: removedHeaders((args[at] as { headers?: unknown } | undefined)?.headers),
      };
      const callArgs = [...args];
      callArgs[at] = { ...rest, fetch: (input: Request) => send(input, settings) };
      const pending = (client[method as keyof typeof client] as (...a: unknown[]) => Promise<unknown>)(...callArgs);
      // An answer that arrived after the signal aborted is not given: the call rejects with its reason.
      return pending.then(
        (result) => {
          throwIfAborted(signal);
          return result;
        },
        (error: unknown) => {
          throwIfAborted(signal);
          return notJson(error, settings);
        },
      );
    },
  };
}

/**
 * Checks a call's init before openapi-fetch builds a Request of it: its headers by the same rules
 * as the operation methods' (a bad value would otherwise be echoed by fetch's own error) and
 * its numeric options. Returns the init with its headers normalised.
 */
function checkInit(init: unknown, operation: string, parts: MainParts): Record<string, unknown> {
  const { QuatrixValidationError, normaliseHeaders, rangeIssues } = parts;
  if (init === undefined || init === null) return {};
  if (typeof init !== "object") {
    throw new QuatrixValidationError(operation, [{ path: "/options", message: "must be an object" }], "request");
  }
  const issues: ValidationIssue[] = [];
  const given = init as Record<string, unknown> & { params?: { header?: unknown } };
  rangeIssues({ maxResponseBytes: given.maxResponseBytes, timeoutMs: given.timeoutMs }, issues);
  const headers = normaliseHeaders(flatten(given.headers, issues, parts), issues);
  const params = given.params?.header;
  if (params !== undefined) normaliseHeaders(flatten(params, issues, parts), issues);
  pathIssues((given.params as { path?: unknown } | undefined)?.path, issues);
  if (issues.length > 0) throw new QuatrixValidationError(operation, issues, "request");
  return given.headers === undefined ? given : { ...given, headers };
}

/**
 * The path parameters by the operation methods' rule (see fillPath in core.ts): openapi-fetch
 * encodes `/`, `?` and `#`, but "", "." and ".." would still turn the path into another route
 * (`/user/metadata/..` is `/user/`), and a lone surrogate cannot be encoded at all.
 */
function pathIssues(path: unknown, issues: ValidationIssue[]): void {
  if (path === null || typeof path !== "object") return;
  for (const [name, raw] of Object.entries(path)) {
    if (typeof raw !== "string" && typeof raw !== "number") continue;
    const value = String(raw);
    const at = `/path/${name}`;
    if (value === "" || value === "." || value === "..") {
      issues.push({ path: at, message: "cannot be empty, '.' or '..'" });
      continue;
    }
    try {
      encodeURIComponent(value);
    } catch {
      issues.push({ path: at, message: "must be well-formed Unicode (it has a lone surrogate)" });
    }
  }
}

/**
 * For an operation with parameters, the query and the cookies written by the document's style
 * and explode, as the operation methods write them: a `querySerializer` (unless the call has
 * its own) and the `params.cookie` values (which openapi-fetch leaves out) as a Cookie header.
 */
function parameterSerialisers(
  parts: MainParts,
  method: string,
  template: unknown,
  init: Record<string, unknown>,
  clientCookie: string | undefined,
): void {
  const spec = Object.values(parts.operationTable).find((op) => op.method === method && op.path === template) as
    | OperationSpec
    | undefined;
  const encode = spec?.encode;
  if (!spec || !encode) return;
  init.querySerializer ??= (query: Record<string, unknown>) => encode(spec, { query }, {}, "").url.slice(1);
  const cookie = (init.params as { cookie?: Record<string, unknown> } | undefined)?.cookie;
  if (cookie === undefined) return;
  // The call's own cookie header wins over the client's, as any header does; the parameters join it.
  const headers = { ...(clientCookie ? { cookie: clientCookie } : {}), ...(init.headers as Record<string, string>) };
  init.headers = encode(spec, { cookie }, headers, "").headers;
}

/** The names a call's headers set to null: openapi-fetch's way to remove a client header. */
function removedHeaders(headers: unknown): string[] {
  if (headers === null || typeof headers !== "object" || headers instanceof Headers) return [];
  return Object.entries(headers)
    .filter(([, value]) => value === null)
    .map(([name]) => name.toLowerCase());
}

/**
 * openapi-fetch's header values may be numbers, booleans, null (remove) or arrays (repeat the
 * header): numbers and booleans become strings, null is dropped, and an array is refused — its
 * values would be joined into one.
 */
function flatten(headers: unknown, issues: ValidationIssue[], { headerPath }: MainParts): unknown {
  if (headers === null || typeof headers !== "object" || headers instanceof Headers) return headers;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) {
      issues.push({ path: headerPath(name), message: "must be one value, not a list (the values would be joined)" });
      continue;
    }
    out[name] = typeof value === "number" || typeof value === "boolean" ? String(value) : value;
  }
  return out;
}
