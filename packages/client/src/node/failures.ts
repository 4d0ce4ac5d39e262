// What the Node transport rejects with when an answer is one it will not read. The client turns
// a ResponseTooLargeFailure into QuatrixResponseTooLargeError and any other failure into
// QuatrixConnectionError (`notSent: false`: the request was sent), whose `cause` is the failure
// below with its `code`. None of them carries text of the answer: a server's header or body may
// echo the API key.

import { ResponseTooLargeFailure } from "../index.js";
import { MAX_CONTENT_CODINGS } from "./decompress.js";

/** An answer listing more content codings than MAX_CONTENT_CODINGS; refused before decoding. */
export class TooManyCodingsFailure extends ResponseTooLargeFailure {
  override name = "TooManyCodingsFailure";
  readonly code = "ERR_QUATRIX_TOO_MANY_CODINGS";
  constructor(status: number, limit: number) {
    super(status, limit, 0);
    this.message = `the answer lists more than ${MAX_CONTENT_CODINGS} content codings; none was decoded`;
  }
}

/** An answer the transport refuses to read, named by `code`. */
export class AnswerRefusedFailure extends Error {
  override name = "AnswerRefusedFailure";
  constructor(
    /**
     * `ERR_QUATRIX_CONTENT_ENCODING`: a content coding other than gzip, x-gzip, deflate, br and
     * identity. `ERR_QUATRIX_UNEXPECTED_STATUS`: a 1xx answer other than 100 and 103 (a 101
     * switches protocols, which a plain request never asks for).
     */
    readonly code: "ERR_QUATRIX_CONTENT_ENCODING" | "ERR_QUATRIX_UNEXPECTED_STATUS",
    message: string,
  ) {
    super(message);
  }
}

/** The refusal of an answer whose `content-encoding` names a coding the transport cannot decode. */
export function unsupportedCoding(): AnswerRefusedFailure {
  return new AnswerRefusedFailure(
    "ERR_QUATRIX_CONTENT_ENCODING",
    "the answer's content-encoding names a coding other than gzip, x-gzip, deflate, br and identity; it was not read",
  );
}

/** The refusal of an informational answer that a plain request cannot go on from. */
export function unexpectedInformational(status: number): AnswerRefusedFailure {
  return new AnswerRefusedFailure(
    "ERR_QUATRIX_UNEXPECTED_STATUS",
    `the server answered ${status}${status === 101 ? " (switching protocols)" : ""}, which a plain request cannot go on from; the connection was closed`,
  );
}

/**
 * Node's parse errors (HPE_*) keep the bytes that failed to parse in `rawPacket`: the answer's
 * own bytes, which may hold the key. They are removed before the error goes anywhere.
 */
export function withoutRawBytes(error: unknown): unknown {
  if (typeof error === "object" && error !== null && "rawPacket" in error) {
    delete (error as { rawPacket?: unknown }).rawPacket;
  }
  return error;
}
