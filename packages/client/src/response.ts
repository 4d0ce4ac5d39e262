// An answer the client has read, as a `Response`: for what hands callers one (`.withResponse()`,
// `.asResponse()`, middleware, the openapi-fetch surface). A module of its own, loaded with
// those, so a plain call never builds one.

import type { TransportResponse } from "./transport.js";

// Statuses whose Response may not have a body.
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** A `Response` holding a transport's answer. */
export function toResponse(answer: Pick<TransportResponse, "status" | "headers" | "text">): Response {
  const body = NULL_BODY.has(answer.status) ? null : answer.text;
  // The text is already decoded: the encoding and length of the wire no longer describe it.
  const headers = new Headers(answer.headers);
  headers.delete("content-encoding");
  headers.delete("content-length");
  return new Response(body, { status: answer.status, headers });
}
