// The decoders for a response's `content-encoding`, chosen as Node's fetch chooses them, so
// both transports read the same text from the same bytes: gzip (x-gzip), deflate (zlib-wrapped
// or raw), br, several in the order they were applied, names in any case. Unlike fetch, a list
// naming any other coding is refused rather than passed on undecoded, and so is a list of more
// than MAX_CONTENT_CODINGS: each decoder costs memory and CPU, and a 15 KB header can list
// thousands. Both are found before any decoder is created. Streams cut short after a complete
// block decode as far as they go, as with fetch.

/// <reference types="node" />

import { Transform, type TransformCallback } from "node:stream";
import { constants, createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from "node:zlib";

const ZLIB_FLUSH = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
const BROTLI_FLUSH = { flush: constants.BROTLI_OPERATION_FLUSH, finishFlush: constants.BROTLI_OPERATION_FLUSH };

/** The most codings one answer may list, as with Node's fetch. */
export const MAX_CONTENT_CODINGS = 5;

/** A coding this transport decodes. */
export type Coding = "gzip" | "deflate" | "br";

/** What a `content-encoding` header asks: the codings in the order applied, or why it is refused. */
export type CodingList = Coding[] | "too many" | "unsupported";

/**
 * Reads a `content-encoding` list without splitting all of it: it stops at the sixth member.
 * Empty members are skipped (HTTP lists allow them); `identity` counts but adds no decoder.
 */
export function codingsOf(contentEncoding: string): CodingList {
  const codings: Coding[] = [];
  let members = 0;
  let start = 0;
  while (start <= contentEncoding.length) {
    let end = contentEncoding.indexOf(",", start);
    if (end < 0) end = contentEncoding.length;
    const name = contentEncoding.slice(start, end).trim().toLowerCase();
    start = end + 1;
    if (name === "") continue;
    if (++members > MAX_CONTENT_CODINGS) return "too many";
    if (name === "gzip" || name === "x-gzip") codings.push("gzip");
    else if (name === "deflate") codings.push("deflate");
    else if (name === "br") codings.push("br");
    else if (name !== "identity") return "unsupported";
  }
  return codings;
}

/** The decoders that undo `codings`, in the order to apply them (the last coding first). */
export function decodersFor(codings: readonly Coding[]): Transform[] {
  const decoders: Transform[] = [];
  for (let i = codings.length - 1; i >= 0; i--) {
    const coding = codings[i];
    if (coding === "gzip") decoders.push(createGunzip(ZLIB_FLUSH));
    else if (coding === "deflate") decoders.push(new InflateEither());
    else decoders.push(createBrotliDecompress(BROTLI_FLUSH));
  }
  return decoders;
}

/**
 * `deflate` as servers send it: zlib-wrapped as the standard says, or raw as some do. The first
 * byte tells which (a zlib header's low nibble is 8, the deflate method).
 */
class InflateEither extends Transform {
  private inner: Transform | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.inner === undefined) {
      if (chunk.length === 0) {
        callback();
        return;
      }
      const inner = ((chunk[0] as number) & 0x0f) === 0x08 ? createInflate(ZLIB_FLUSH) : createInflateRaw(ZLIB_FLUSH);
      inner.on("data", (data: Buffer) => this.push(data));
      inner.on("error", (error) => this.destroy(error));
      this.inner = inner;
    }
    this.inner.write(chunk, callback);
  }

  override _flush(callback: TransformCallback): void {
    const inner = this.inner;
    if (inner === undefined) {
      callback();
      return;
    }
    inner.once("end", () => callback());
    inner.end();
  }
}
