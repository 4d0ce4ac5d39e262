// A logger or an onRetry written as an async function compiles against `=> void`; when its
// promise rejects, the call's outcome is what it would be without it, and the process goes on
// (an unhandled rejection ends a Node.js process by default).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { QuatrixLogger } from "../src/index.js";
import { useTestServer } from "./support/test-server.js";
import { clientFor } from "./support/transport.js";

const server = useTestServer();
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on("unhandledRejection", onUnhandled);
});
afterEach(() => {
  process.off("unhandledRejection", onUnhandled);
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe("hooks that return a rejected promise", () => {
  it("an async logger: the 201 stays a success, and no rejection is left unhandled", async () => {
    const failing = async () => {
      throw new Error("the log store is down");
    };
    const logger: QuatrixLogger = { error: failing, warn: failing, info: failing, debug: failing };
    const client = clientFor(server, { logLevel: "debug", logger });
    server.enqueue({
      kind: "json",
      status: 201,
      body: { id: "5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c", name: "A", email: "a@example.com" },
    });
    await expect(client.createUser({ name: "A", email: "a@example.com" })).resolves.toMatchObject({ name: "A" });
    await settle();
    expect(unhandled).toEqual([]);
  });

  it("an async onRetry: the GET is retried after a 503 and succeeds, and no rejection is left unhandled", async () => {
    const client = clientFor(server, {
      maxRetries: 1,
      retryBaseDelayMs: 1,
      onRetry: async () => {
        throw new Error("the metrics store is down");
      },
    });
    server.enqueue({ kind: "json", status: 503, body: { code: -1, msg: "busy" } });
    server.enqueue({ kind: "json", status: 200, body: [] });
    await expect(client.listUsers()).resolves.toEqual([]);
    await settle();
    expect(unhandled).toEqual([]);
  });
});
