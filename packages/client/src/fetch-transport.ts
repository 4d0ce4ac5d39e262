// The default transport: the platform's fetch (or the one given in the options), with
// `redirect: "manual"` and a body read as a stream whose decoded bytes are counted, so that
// neither a redirect nor an endless or inflating answer can get past the client's rules.

import { ResponseTooLargeFailure, type Transport, type TransportRequest, type TransportResponse } from "./transport.js";

/** A transport over fetch. `getFetch` is called for each request, so a replaced global is seen. */
export function createFetchTransport(getFetch: () => typeof fetch): Transport {
  return {
    async send(request: TransportRequest): Promise<TransportResponse> {
      const response = await getFetch()(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
        signal: request.signal ?? null,
        // fetch would follow a redirect to any host with X-Auth-Token (it strips only
        // Authorization and cookies), and re-send a POST body there.
        redirect: "manual",
      });
      if (response.type === "opaqueredirect" || (response.status >= 300 && response.status <= 399)) {
        await discard(response);
        return answer(response.type === "opaqueredirect" ? 0 : response.status, response, "");
      }
      const text = await readBounded(response, request.maxResponseBytes);
      return answer(response.status, response, text);
    },
  };
}

function answer(status: number, response: Response, text: string): TransportResponse {
  let headers: Record<string, string> | undefined;
  return {
    status,
    text,
    // Built on first read: a successful call never needs them.
    get headers() {
      headers ??= Object.fromEntries(response.headers);
      return headers;
    },
  };
}

/** Stops a body that will not be read, which releases (or closes) its connection. */
async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Already broken: nothing left to release.
  }
}

/**
 * Reads a body up to `limit` bytes after decompression (fetch inflates gzip, deflate and br on
 * the way). Past the limit the stream is cancelled, which aborts the download. The chunks are
 * decoded only once the body is complete, so an answer that turns out too large has cost no
 * string, only its chunks up to the limit.
 */
async function readBounded(response: Response, limit: number): Promise<string> {
  const declared = response.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) {
    await discard(response);
    throw new ResponseTooLargeFailure(response.status, limit, 0);
  }
  const body = response.body;
  if (body === null) return "";
  const reader = body.getReader();
  const chunks: Array<Uint8Array | undefined> = [];
  let bytesRead = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytesRead += value.byteLength;
    if (bytesRead > limit) {
      chunks.length = 0;
      try {
        await reader.cancel();
      } catch {
        // Already broken: nothing left to release.
      }
      throw new ResponseTooLargeFailure(response.status, limit, bytesRead);
    }
    chunks.push(value);
  }
  const decoder = new TextDecoder();
  if (chunks.length === 1) return decoder.decode(chunks[0]);
  let text = "";
  for (let i = 0; i < chunks.length; i++) {
    text += decoder.decode(chunks[i], { stream: true });
    chunks[i] = undefined; // collectable as soon as it is decoded
  }
  return text + decoder.decode();
}
