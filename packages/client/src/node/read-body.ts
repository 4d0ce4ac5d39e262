// Reads a response body in full, decoded, within the caller's limit. The limit is one budget for
// the whole decoding chain: the bytes every decoder produces count, so neither a small compressed
// answer nor a layer that inflates into a next layer that yields little (empty gzip members, say)
// can make the transport decode more than the limit; reading stops (the connection is dropped) as
// soon as the count passes it. A `content-encoding` the transport will not decode is refused
// before any decoder is created (see decompress.ts).

/// <reference types="node" />

import type { IncomingMessage } from "node:http";
import { pipeline, type Readable, type Transform } from "node:stream";
import { ResponseTooLargeFailure } from "../index.js";
import { codingsOf, decodersFor } from "./decompress.js";
import { TooManyCodingsFailure, unsupportedCoding } from "./failures.js";

/** Called once: with the failure, or with the body decoded as UTF-8. */
export type BodyCallback = (error: unknown, text?: string) => void;

export function readBody(response: IncomingMessage, status: number, limit: number, done: BodyCallback): void {
  const declared = response.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) {
    response.destroy();
    done(new ResponseTooLargeFailure(status, limit, 0));
    return;
  }
  const contentEncoding = response.headers["content-encoding"];
  let decoders: Transform[] = [];
  if (contentEncoding !== undefined && contentEncoding !== "") {
    const codings = codingsOf(contentEncoding);
    if (typeof codings === "string") {
      response.destroy();
      done(codings === "too many" ? new TooManyCodingsFailure(status, limit) : unsupportedCoding());
      return;
    }
    decoders = decodersFor(codings);
  }
  const chunks: Buffer[] = [];
  let bytesRead = 0;
  let finished = false;
  const finish = (error: unknown) => {
    if (finished) return;
    finished = true;
    if (error !== undefined) return done(error);
    const text = chunks.length === 1 ? (chunks[0] as Buffer).toString("utf8") : Buffer.concat(chunks).toString("utf8");
    // A UTF-8 byte order mark is not part of the text (fetch's `text()` drops it too).
    done(undefined, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  };
  /** Counts a chunk against the limit; false (and everything stopped) once past it. */
  const count = (chunk: Buffer): boolean => {
    bytesRead += chunk.length;
    if (bytesRead <= limit) return true;
    finish(new ResponseTooLargeFailure(status, limit, bytesRead));
    response.destroy();
    for (const decoder of decoders) decoder.destroy();
    return false;
  };
  const last: Readable = decoders.length === 0 ? response : (decoders[decoders.length - 1] as Readable);
  last.on("data", (chunk: Buffer) => {
    if (count(chunk)) chunks.push(chunk);
  });
  // The layers between the wire and the text count too (only when there are several).
  for (let i = 0; i < decoders.length - 1; i++) (decoders[i] as Transform).on("data", count);
  if (decoders.length === 0) {
    // A connection that breaks mid-body ends in "error" (ECONNRESET), never in "end".
    response.on("error", finish);
    response.on("end", () => finish(undefined));
  } else {
    pipeline([response, ...decoders], (error) => finish(error ?? undefined));
  }
}
