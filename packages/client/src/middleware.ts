// Middleware for the operation methods, with openapi-fetch's shape and order, so one
// `client.use(...)` serves both surfaces: per attempt, `onRequest` in registration order (a
// returned Request replaces the request, a returned Response answers without sending), then
// `onError` in reverse order when sending fails (a returned Response answers, a returned Error
// replaces the error), then `onResponse` in reverse order (a returned Response replaces it).

import type { MergedOptions, Middleware, MiddlewareCallbackParams } from "openapi-fetch";
import type { MainParts } from "./main-parts.js";
import type { OperationSpec } from "./operation.js";
import type { Transport, TransportResponse } from "./transport.js";

/** What the middleware of one call is told besides the request. */
export interface MiddlewareContext {
  /** The operation's path template, e.g. `/user/metadata/{id}`. */
  schemaPath: string;
  /** The path parameters, as openapi-fetch passes `params`. */
  params: { path?: Record<string, unknown> };
  /** One id per call: every attempt of a call has the same. */
  id: string;
  options: MergedOptions;
}

/** Runs one attempt through the middleware: `send` is called unless an `onRequest` answered. */
export async function throughMiddleware(
  middleware: readonly Middleware[],
  context: MiddlewareContext,
  first: Request,
  send: (request: Request) => Promise<Response>,
): Promise<Response> {
  let request = first;
  let response: Response | undefined;
  const params = (): MiddlewareCallbackParams => ({ ...context, request });
  for (const m of middleware) {
    if (typeof m.onRequest !== "function") continue;
    const result = await m.onRequest(params());
    if (!result) continue;
    if (result instanceof Request) request = result;
    else if (result instanceof Response) {
      response = result;
      break;
    } else throw new TypeError("onRequest must return a Request, a Response or nothing");
  }
  if (!response) {
    try {
      response = await send(request);
    } catch (error) {
      let failure: unknown = error;
      for (let i = middleware.length - 1; i >= 0; i--) {
        const onError = middleware[i]?.onError;
        if (typeof onError !== "function") continue;
        const result = await onError({ ...params(), error: failure });
        if (!result) continue;
        if (result instanceof Response) {
          response = result;
          break;
        }
        if (result instanceof Error) failure = result;
        else throw new TypeError("onError must return a Response, an Error or nothing");
      }
      if (!response) throw failure;
    }
  }
  for (let i = middleware.length - 1; i >= 0; i--) {
    const onResponse = middleware[i]?.onResponse;
    if (typeof onResponse !== "function") continue;
    const result = await onResponse({ ...params(), response });
    if (!result) continue;
    if (!(result instanceof Response)) throw new TypeError("onResponse must return a Response or nothing");
    response = result;
  }
  return response;
}

/**
 * A transport that runs each request through the middleware: the request as a `Request`, the
 * answer as a `Response`, then back. `keyAllowed` says whether a URL may receive the API key: a
 * request a middleware points elsewhere with the key in it is refused.
 */
export function withMiddleware(
  transport: Transport,
  middleware: readonly Middleware[],
  context: MiddlewareContext,
  keyAllowed: (url: string) => boolean,
  { AUTH_HEADER, QuatrixError, toResponse }: MainParts,
): Transport {
  return {
    async send(sent): Promise<TransportResponse> {
      const first = new Request(sent.url, {
        method: sent.method,
        headers: sent.headers,
        body: sent.body ?? null,
        signal: sent.signal ?? null,
      });
      const response = await throughMiddleware(middleware, context, first, async (request) => {
        if (request.headers.has(AUTH_HEADER) && !keyAllowed(request.url)) {
          throw new QuatrixError(
            "a middleware sent the request to another origin than the base URL's: the API key is never sent there",
          );
        }
        const answer = await transport.send({
          method: request.method,
          url: request.url,
          headers: Object.fromEntries(request.headers),
          body: request.body === null ? undefined : await request.text(),
          signal: sent.signal,
          maxResponseBytes: sent.maxResponseBytes,
        });
        // Status 0 (a redirect a browser hides) has no Response of its own but the error one.
        return answer.status === 0 ? Response.error() : toResponse(answer);
      });
      return {
        status: response.status,
        headers: Object.fromEntries(response.headers),
        text: response.type === "error" ? "" : await response.text(),
      };
    },
  };
}

let counter = 0;

/** A call id, unique in this process (openapi-fetch's are random; these need only differ). */
export function callId(): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `q${Date.now().toString(36)}${counter.toString(36)}`;
}

/**
 * The transport of one operation-method call with middleware: the client loads this module
 * only when a middleware is registered, so calls without any keep their direct path. Every
 * attempt of the call has the same context (and id); the key goes only to the base URL.
 */
export function operationTransport(
  transport: Transport,
  middleware: readonly Middleware[],
  spec: OperationSpec,
  pathParams: Readonly<Record<string, string>> | undefined,
  baseUrl: string,
  parts: MainParts,
): Transport {
  // The operation methods build their own URL and body: of openapi-fetch's options only these
  // mean something here.
  const options = Object.freeze({ baseUrl, parseAs: "json" }) as unknown as MergedOptions;
  const context: MiddlewareContext = {
    schemaPath: spec.path,
    params: pathParams ? { path: pathParams } : {},
    id: callId(),
    options,
  };
  return withMiddleware(
    transport,
    middleware,
    context,
    (target) => target === baseUrl || target.startsWith(`${baseUrl}/`),
    parts,
  );
}
