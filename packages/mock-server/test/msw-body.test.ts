// The MSW handlers check maxBodyBytes while reading: a body over the limit is cut there, never
// read whole (a 200 MiB body once cost +401 MiB of memory before being refused). The body is a
// stream that counts what is pulled from it, so the test sees how much the handlers read.
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserApiHandlers } from "../src/msw.js";

const MiB = 1024 * 1024;
const KEY = "msw-body-key";
const api = createUserApiHandlers({ apiKey: KEY, baseUrl: "http://127.0.0.1:4019/api/1.0" });
const server = setupServer(...api.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

/** A body of `total` bytes of JSON-ish text made on demand, and how much of it was pulled. */
function countedBody(total: number): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  const chunk = new TextEncoder().encode(`${"{},".repeat(21_845)}{}`); // ~64 KiB
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= total) return controller.close();
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled: () => pulled };
}

function post(body: ReadableStream<Uint8Array> | Uint8Array, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${api.baseUrl}/user/create`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-auth-token": KEY, ...headers },
    body,
    duplex: "half",
  } as RequestInit);
}

describe("the MSW handlers and maxBodyBytes", () => {
  it("a 200 MiB streamed body is cut after the first MiB: 400 code 10, the rest never read", async () => {
    const { stream, pulled } = countedBody(200 * MiB);
    const response = await post(stream);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 10, msg: expect.stringMatching(/larger than 1048576 bytes/) });
    // The limit plus what the stream's queues had pulled ahead when reading stopped.
    expect(pulled()).toBeLessThan(4 * MiB);
    expect(api.requests.at(-1)).toMatchObject({ status: 400, body: undefined });
  });

  it("a body just under the limit is read whole, in any chunking, multi-byte characters split across chunks", async () => {
    const user = { name: "Zoë 😀", email: "zoe@example.com" };
    const bytes = new TextEncoder().encode(JSON.stringify(user));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        // One byte a chunk: every multi-byte character arrives split.
        for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
        controller.close();
      },
    });
    const response = await post(stream);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject(user);
  });

  it("a declared Content-Length over the limit is refused without reading", async () => {
    const response = await post(new Uint8Array(2 * MiB).fill(0x20));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 10, msg: expect.stringMatching(/larger than/) });
  });
});
