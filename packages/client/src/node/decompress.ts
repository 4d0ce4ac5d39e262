// The decoders for a response's `content-encoding`, chosen as Node's fetch chooses them, so
// both transports read the same text from the same bytes: gzip (x-gzip), deflate (zlib-wrapped
// or raw), br, several in the order they were applied, names in any case; a list with any
// other coding (`identity` included) is passed on undecoded. Streams cut short after a
// complete block decode as far as they go, as with fetch.

/// <reference types="node" />

import { Transform, type TransformCallback } from "node:stream";
import { constants, createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from "node:zlib";

const ZLIB_FLUSH = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
const BROTLI_FLUSH = { flush: constants.BROTLI_OPERATION_FLUSH, finishFlush: constants.BROTLI_OPERATION_FLUSH };

/** The decoders to apply in order, or an empty list when the body is to be read as it is. */
export function decodersFor(contentEncoding: string | undefined): Transform[] {
  if (contentEncoding === undefined || contentEncoding === "") return [];
  const codings = contentEncoding.toLowerCase().split(",");
  const decoders: Transform[] = [];
  // The last coding applied is the first to undo.
  for (let i = codings.length - 1; i >= 0; i--) {
    const coding = (codings[i] as string).trim();
    if (coding === "gzip" || coding === "x-gzip") decoders.push(createGunzip(ZLIB_FLUSH));
    else if (coding === "deflate") decoders.push(new InflateEither());
    else if (coding === "br") decoders.push(createBrotliDecompress(BROTLI_FLUSH));
    else return [];
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
