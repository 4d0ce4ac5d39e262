// Reads a response body in full, decoded, within the caller's limit: the bytes counted are
// those after decompression, so a small compressed answer cannot inflate past the limit, and
// reading stops (the connection is dropped) as soon as the count passes it.

/// <reference types="node" />

import type { IncomingMessage } from "node:http";
import { pipeline, type Readable } from "node:stream";
import { ResponseTooLargeFailure } from "../index.js";
import { decodersFor } from "./decompress.js";

/** Called once: with the failure, or with the body decoded as UTF-8. */
export type BodyCallback = (error: unknown, text?: string) => void;

export function readBody(response: IncomingMessage, status: number, limit: number, done: BodyCallback): void {
  const declared = response.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) {
    response.destroy();
    done(new ResponseTooLargeFailure(status, limit, 0));
    return;
  }
  const decoders = decodersFor(response.headers["content-encoding"]);
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
  const last: Readable = decoders.length === 0 ? response : (decoders[decoders.length - 1] as Readable);
  last.on("data", (chunk: Buffer) => {
    bytesRead += chunk.length;
    if (bytesRead > limit) {
      finish(new ResponseTooLargeFailure(status, limit, bytesRead));
      response.destroy();
      for (const decoder of decoders) decoder.destroy();
      return;
    }
    chunks.push(chunk);
  });
  if (decoders.length === 0) {
    // A connection that breaks mid-body ends in "error" (ECONNRESET), never in "end".
    response.on("error", finish);
    response.on("end", () => finish(undefined));
  } else {
    pipeline([response, ...decoders], (error) => finish(error ?? undefined));
  }
}
