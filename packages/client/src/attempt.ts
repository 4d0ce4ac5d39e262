// One attempt of an operation method's call: send through the transport, read the whole answer,
// within the attempt's time limit, and turn anything but a 2xx into its typed error.

import { followAbort, throwIfAborted } from "./abort.js";
import { answerError, transportError } from "./answer-errors.js";
import { type QuatrixRequestInfo, QuatrixTimeoutError } from "./errors.js";
import { AUTH_HEADER } from "./headers.js";
import type { QuatrixAnswer } from "./promise.js";
import type { Transport, TransportResponse } from "./transport.js";

/** What every attempt of a call sends. */
export interface AttemptRequest {
  /** Its `url` is the one errors show, without the query. */
  request: QuatrixRequestInfo;
  /** The URL sent when the call has a query (its parameters'); else the request's. */
  url?: string;
  headers: Record<string, string>;
  body: string | undefined;
  timeoutMs: number;
  maxResponseBytes: number;
}

/** A success answer, with the request it answers. */
export interface SentAnswer extends QuatrixAnswer {
  request: QuatrixRequestInfo;
  /** The API key the request carried: kept out of any error made from the answer. */
  key: string | undefined;
}

/** Sends once and reads the answer; rejects with the signal's reason once it has aborted. */
export async function attemptOnce(
  transport: Transport,
  send: AttemptRequest,
  signal: AbortSignal | undefined,
): Promise<SentAnswer> {
  const { request, timeoutMs } = send;
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
    // The last instant before sending, in the same tick as the transport's call.
    throwIfAborted(signal);
    let answer: TransportResponse;
    try {
      answer = await transport.send({
        method: request.method,
        url: send.url ?? request.url,
        headers: send.headers,
        body: send.body,
        signal: controller?.signal,
        maxResponseBytes: send.maxResponseBytes,
      });
    } catch (error) {
      throwIfAborted(signal);
      if (timedOut) throw new QuatrixTimeoutError(request, timeoutMs);
      throw transportError(error, request);
    }
    throwIfAborted(signal);
    const status = answer.status;
    const key = send.headers[AUTH_HEADER];
    if (status < 200 || status > 299) throw answerError(answer, request, key);
    return { status, headers: answer.headers, text: answer.text, request, key };
  } finally {
    clearTimeout(timer);
    unfollow?.();
  }
}
