// A logger or an onRetry hook that throws changes nothing of a call's outcome: a success stays
// a success, a retry happens, the server's error is the one thrown. The hook's error is reported
// once (console.error) or dropped, never thrown in the call's place.
import { afterEach, describe, expect, it, vi } from "vitest";
import { QuatrixBadRequestError, type QuatrixLogger } from "../src/index.js";
import { guardSecrets, rejection } from "./support/secrets.js";
import { useTestServer } from "./support/test-server.js";
import { clientFor } from "./support/transport.js";

guardSecrets();

const server = useTestServer(() => ({ kind: "json", status: 200, body: [] }));
afterEach(() => vi.restoreAllMocks());

const USER = { id: "5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c", name: "Ada", email: "ada@example.com" };
const throwing: QuatrixLogger = {
  error() {
    throw new Error("logger down");
  },
  warn() {
    throw new Error("logger down");
  },
  info() {
    throw new Error("logger down");
  },
  debug() {
    throw new Error("logger down");
  },
};

describe("a logger that throws", () => {
  it("changes no outcome: a 201, a retry after 503, a server's 400; reported once", async () => {
    const reported = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const client = clientFor(server, { logLevel: "debug", logger: throwing, retryBaseDelayMs: 1 });

    server.enqueue({ kind: "json", status: 201, body: USER });
    await expect(client.createUser({ name: "Ada", email: "ada@example.com" })).resolves.toEqual(USER);

    server.enqueue(
      { kind: "json", status: 503, body: { code: -1, msg: "busy" } },
      { kind: "json", status: 200, body: [] },
    );
    await expect(client.listUsers()).resolves.toEqual([]);

    server.enqueue({ kind: "json", status: 400, body: { code: 31, msg: "User exists" } });
    const error = await rejection(client.createUser({ name: "Ada", email: "ada@example.com" }));
    expect(error).toBeInstanceOf(QuatrixBadRequestError);
    expect((error as QuatrixBadRequestError).code).toBe(31);

    await expect(client.GET("/user")).resolves.toMatchObject({ data: [] });
    expect(server.requests).toHaveLength(5);
    expect(reported).toHaveBeenCalledTimes(1);
    expect(String(reported.mock.calls[0]?.[0])).toMatch(/^\[quatrix\] the logger's \w+ threw Error; /);
  });

  it("a logger whose methods are missing changes nothing either", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const client = clientFor(server, { logLevel: "debug", logger: {} as QuatrixLogger });
    await expect(client.listUsers()).resolves.toEqual([]);
  });
});

describe("an onRetry that throws", () => {
  it("does not stop the retry, and its error is not the call's", async () => {
    let calls = 0;
    const client = clientFor(server, {
      retryBaseDelayMs: 1,
      onRetry: () => {
        calls++;
        throw new Error("hook down");
      },
    });
    server.enqueue(
      { kind: "json", status: 503, body: { code: -1, msg: "busy" } },
      { kind: "json", status: 200, body: [] },
    );
    await expect(client.listUsers()).resolves.toEqual([]);
    expect(calls).toBe(1);
    expect(server.requests).toHaveLength(2);
  });
});
