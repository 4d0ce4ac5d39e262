// Every answer is bounded by maxResponseBytes, counted after decompression, on both surfaces:
// a declared Content-Length over it fails before reading, a streamed or inflating body fails as
// soon as it passes it, reading stops there, and the call is not retried.
import { afterEach, describe, expect, it } from "vitest";
import { QuatrixResponseTooLargeError, type RetryEvent, type UserApiClientOptions } from "../src/index.js";
import { guardSecrets, observe, rejection } from "./support/secrets.js";
import { useTestServer } from "./support/test-server.js";
import { clientFor } from "./support/transport.js";

guardSecrets();

const server = useTestServer();
afterEach(() => (server.streamedBytes = 0));

const MiB = 1024 * 1024;
const events: RetryEvent[] = [];
const client = (options: UserApiClientOptions = {}) =>
  clientFor(server, {
    retryBaseDelayMs: 5,
    maxResponseBytes: MiB,
    onRetry: (event) => events.push(observe(event)),
    ...options,
  });

type Client = ReturnType<typeof client>;
const SURFACES: Array<[string, (c: Client, maxResponseBytes?: number) => Promise<unknown>]> = [
  ["listUsers", (c, maxResponseBytes) => c.listUsers(maxResponseBytes ? { maxResponseBytes } : undefined)],
  ["client.GET", (c, maxResponseBytes) => c.GET("/user", maxResponseBytes ? { maxResponseBytes } : undefined)],
];

function tooLarge(error: Error): QuatrixResponseTooLargeError {
  expect(error).toBeInstanceOf(QuatrixResponseTooLargeError);
  return error as QuatrixResponseTooLargeError;
}

describe("maxResponseBytes", () => {
  for (const [label, call] of SURFACES) {
    it(`${label}: a Content-Length over the limit fails before reading, and is not retried`, async () => {
      events.length = 0;
      server.enqueue({ kind: "stream", bytes: 8 * MiB, declaredLength: 8 * MiB });
      const error = tooLarge(await rejection(call(client())));
      expect(error).toMatchObject({ status: 200, limit: MiB, bytesRead: 0, operationId: "listUsers" });
      expect(error.message).toContain("maxResponseBytes");
      expect(server.requests).toHaveLength(1);
      expect(events).toHaveLength(0);
    });

    it(`${label}: a body streamed past the limit is stopped there, and not retried`, async () => {
      events.length = 0;
      server.enqueue({ kind: "stream", bytes: 256 * MiB });
      const error = tooLarge(await rejection(call(client())));
      expect(error.limit).toBe(MiB);
      expect(error.bytesRead).toBeGreaterThan(MiB);
      expect(error.bytesRead).toBeLessThan(2 * MiB);
      expect(server.requests).toHaveLength(1);
      expect(events).toHaveLength(0);
      // The download was aborted: the server stopped long before the end.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(server.streamedBytes).toBeLessThan(64 * MiB);
    });

    it(`${label}: a gzip answer is counted after inflating`, async () => {
      server.enqueue({ kind: "stream", bytes: 256 * MiB, gzip: true });
      const error = tooLarge(await rejection(call(client())));
      expect(error.bytesRead).toBeGreaterThan(MiB);
    });

    it(`${label}: the per-call limit overrides the client's`, async () => {
      server.enqueue(
        { kind: "json", status: 200, body: ["x".repeat(4096)] },
        { kind: "json", status: 200, body: ["x".repeat(4096)] },
      );
      const small = client({ maxResponseBytes: 1024 });
      await expect(call(small, 8192)).resolves.toBeDefined();
      const error = tooLarge(await rejection(call(client({ maxResponseBytes: 8192 }), 1024)));
      expect(error.limit).toBe(1024);
    });
  }

  it("an answer within the limit is read whole, on both surfaces", async () => {
    const users = [{ id: "5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c", name: "Åda ✓", email: "ada@example.com" }];
    server.fallback = () => ({ kind: "json", status: 200, body: users });
    const size = Buffer.byteLength(JSON.stringify(users));
    await expect(client({ maxResponseBytes: size }).listUsers()).resolves.toEqual(users);
    await expect(client({ maxResponseBytes: size }).GET("/user")).resolves.toMatchObject({ data: users });
  });

  it("an error answer past the limit is refused too", async () => {
    server.enqueue({ kind: "raw", status: 500, body: "e".repeat(4096) });
    const error = tooLarge(await rejection(client({ maxResponseBytes: 1024, maxRetries: 0 }).listUsers()));
    expect(error.status).toBe(500);
  });

  it("defaults to 32 MiB", async () => {
    const { DEFAULTS } = await import("../src/index.js");
    expect(DEFAULTS.maxResponseBytes).toBe(32 * MiB);
  });
});
