// The one place a request is sent. Both surfaces of the client (the operation methods and the
// openapi-fetch surface) hand every request to a Transport, so the rules that keep the API key
// and the process safe — no redirect followed, every answer bounded — hold whichever transport
// sends it. The default one is fetch-transport.ts; others implement the same contract.

/** One request, ready to send: the client has built, merged and checked everything in it. */
export interface TransportRequest {
  /** `GET`, `POST`, … in upper case. */
  method: string;
  /** The absolute URL, path parameters already encoded. */
  url: string;
  /**
   * The final headers, names in lower case. Already checked: every name is a valid token, every
   * value Latin-1 without control characters. Send them as they are; add nothing that carries
   * a credential.
   */
  headers: Record<string, string>;
  /** The body, already serialised (JSON), or undefined for none. */
  body: string | undefined;
  /**
   * Aborts sending and reading. The client gives every attempt a signal of its own (the caller's
   * signal and the attempt's timeout both abort it), so a transport may attach listeners to it
   * freely. When it aborts, reject with anything: the client reads the cause from its own state.
   */
  signal: AbortSignal | undefined;
  /** The most body bytes, counted after decompression, the caller accepts (a positive integer). */
  maxResponseBytes: number;
}

/** A whole answer: the status, the headers and the body read in full and decoded. */
export interface TransportResponse {
  /**
   * The HTTP status. A 3xx is returned as it is — never followed — with its `location` header
   * and an empty `text` (the body is not read; the connection is released). 0 stands for a
   * redirect the platform hides (a browser's `opaqueredirect`). The client turns both into
   * `QuatrixRedirectError`.
   */
  status: number;
  /** The response headers, names in lower case. */
  headers: Record<string, string>;
  /** The body decoded as UTF-8; at most `maxResponseBytes` bytes were read to build it. */
  text: string;
}

/**
 * Sends requests. The contract, which every implementation keeps:
 * - never follow a redirect (see `TransportResponse.status`);
 * - reject with `ResponseTooLargeFailure` when the body, counted after decompression, would
 *   exceed `maxResponseBytes` — before reading when `content-length` already says so, else as
 *   soon as the count passes it — and stop reading and release the connection at that point;
 * - on any other failure (refused, reset, DNS, a broken body) reject with the underlying error:
 *   an error whose `code` (or a `cause`'s) is `ECONNREFUSED`, `ENOTFOUND` or `EAI_AGAIN` tells the
 *   client the request never left, so that even a POST may be retried;
 * - never put a request header or body into an error.
 */
export interface Transport {
  send(request: TransportRequest): Promise<TransportResponse>;
  /** Releases what the transport holds (sockets, agents). Optional. */
  close?(): Promise<void>;
}

/** What a transport throws when an answer is larger than the caller accepts. */
export class ResponseTooLargeFailure extends Error {
  override name = "ResponseTooLargeFailure";
  constructor(
    /** The status of the answer. */
    readonly status: number,
    /** The `maxResponseBytes` of the request. */
    readonly limit: number,
    /** Body bytes read (after decompression) before stopping; 0 when `content-length` said it. */
    readonly bytesRead: number,
  ) {
    super(`the answer is larger than ${limit} bytes (${bytesRead} read)`);
  }
}

/** Whether a status is a redirect the client refuses (any 3xx, or 0 for a hidden one). */
export function isRedirectStatus(status: number): boolean {
  return status === 0 || (status >= 300 && status <= 399);
}
