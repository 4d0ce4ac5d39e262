// Reads a request body as text, but never more than a limit: past it the stream is cancelled
// and the rest is never read, so a huge (or endless) body costs at most the limit in memory.
// Web streams only, so it runs wherever the MSW handlers do (Node, browsers).

export interface LimitedText {
  /** The body as text; undefined when empty or too large. */
  text: string | undefined;
  /** The body was larger than the limit: reading stopped there. */
  tooLarge: boolean;
}

export async function readLimitedText(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  declaredLength: string | null,
): Promise<LimitedText> {
  if (body === null) return { text: undefined, tooLarge: false };
  if (Number(declaredLength ?? 0) > maxBytes) {
    stop(body.cancel());
    return { text: undefined, tooLarge: true };
  }
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      stop(reader.cancel());
      return { text: undefined, tooLarge: true };
    }
    parts.push(decoder.decode(value, { stream: true }));
  }
  parts.push(decoder.decode());
  const text = parts.join("");
  return { text: text === "" ? undefined : text, tooLarge: false };
}

/**
 * Cancelling is asked for, never awaited: a stream teed by the interceptor (MSW keeps a copy of
 * the request) settles its cancel only once every branch is cancelled.
 */
function stop(cancelled: Promise<void>): void {
  cancelled.catch(() => undefined);
}
