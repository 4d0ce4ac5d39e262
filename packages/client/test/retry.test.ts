// What is retried, how often, how long the client waits, and that a POST the server may have
// acted on is never sent twice. Every failure comes from a real server on 127.0.0.1.
import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import {
  createUserApiClient,
  QuatrixConnectionError,
  QuatrixRateLimitError,
  QuatrixServerError,
  QuatrixTimeoutError,
  type RetryEvent,
} from "../src/index.js";
import { API_KEY, guardSecrets, observe, rejection } from "./support/secrets.js";
import { closedPort, useTestServer } from "./support/test-server.js";
import { transportUnderTest } from "./support/transport.js";

guardSecrets();

const server = useTestServer();

const NEW_USER = { name: "Ada Lovelace", email: "ada@example.com" };
const CREATED = { id: "5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c", name: "Ada Lovelace", email: "ada@example.com" };

function client(events: RetryEvent[] = [], baseUrl = `${server.url}/api/1.0`) {
  return createUserApiClient({
    ...transportUnderTest(),
    baseUrl,
    apiKey: API_KEY,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20,
    timeoutMs: 2_000,
    onRetry: (event) => events.push(observe(event)),
  });
}

describe("GET operations", () => {
  for (const [label, status] of [
    ["503", 503],
    ["500", 500],
    ["408", 408],
    ["429", 429],
  ] as const) {
    it(`are retried after ${label} and succeed`, async () => {
      const events: RetryEvent[] = [];
      server.enqueue(
        { kind: "json", status, body: { code: -1, msg: "busy" } },
        { kind: "json", status: 200, body: [] },
      );
      await expect(client(events).listUsers()).resolves.toEqual([]);
      expect(server.requests).toHaveLength(2);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        operationId: "listUsers",
        method: "GET",
        attempt: 1,
        reason: `status ${status}`,
      });
    });
  }

  it("are retried after the connection was reset", async () => {
    const events: RetryEvent[] = [];
    server.enqueue({ kind: "reset-after-read" }, { kind: "json", status: 200, body: [] });
    await expect(client(events).listUserGroups()).resolves.toEqual([]);
    expect(server.requests).toHaveLength(2);
    expect(events[0]?.reason).toMatch(/^connection/);
  });

  it("are retried after a timeout", async () => {
    const events: RetryEvent[] = [];
    server.enqueue({ kind: "hang" }, { kind: "json", status: 200, body: [] });
    await expect(client(events).listUsers({ timeoutMs: 200 })).resolves.toEqual([]);
    expect(events[0]?.reason).toBe("timeout");
  });

  it("give up after maxRetries (default 2: three attempts) with the last error", async () => {
    const events: RetryEvent[] = [];
    server.enqueue(
      ...Array.from({ length: 3 }, () => ({ kind: "json" as const, status: 503, body: { code: -1, msg: "down" } })),
    );
    const error = await rejection(client(events).listUsers());
    expect(error).toBeInstanceOf(QuatrixServerError);
    expect(server.requests).toHaveLength(3);
    expect(events.map((e) => e.attempt)).toEqual([1, 2]);
  });

  it("maxRetries can be overridden per call", async () => {
    server.enqueue({ kind: "json", status: 503, body: { code: -1, msg: "down" } });
    await rejection(client().listUsers({ maxRetries: 0 }));
    expect(server.requests).toHaveLength(1);
  });

  it("are not retried after 400, 401 or 404", async () => {
    for (const status of [400, 401, 404]) {
      server.requests.length = 0;
      server.enqueue({ kind: "json", status, body: { code: 20, msg: "no" } });
      await rejection(client().getUser(CREATED.id));
      expect(server.requests).toHaveLength(1);
    }
  });
});

describe("POST operations", () => {
  it("createUser whose connection was reset after the server read it is not sent again", async () => {
    const events: RetryEvent[] = [];
    server.enqueue({ kind: "reset-after-read" }, { kind: "json", status: 201, body: CREATED });
    const error = await rejection(client(events).createUser(NEW_USER));
    expect(error).toBeInstanceOf(QuatrixConnectionError);
    expect((error as QuatrixConnectionError).notSent).toBe(false);
    expect(server.requests).toHaveLength(1);
    expect(events).toHaveLength(0);
  });

  it("createUser that timed out is not sent again", async () => {
    server.enqueue({ kind: "hang" }, { kind: "json", status: 201, body: CREATED });
    const error = await rejection(client().createUser(NEW_USER, { timeoutMs: 150 }));
    expect(error).toBeInstanceOf(QuatrixTimeoutError);
    expect(server.requests).toHaveLength(1);
  });

  it("are not retried after 503 or 500: the server may have acted", async () => {
    server.enqueue({ kind: "json", status: 503, body: { code: -1, msg: "down" } });
    await rejection(client().deleteUsers({ ids: [CREATED.id] }));
    expect(server.requests).toHaveLength(1);
  });

  it("are retried after 429, waiting Retry-After: 1 (seconds)", async () => {
    const events: RetryEvent[] = [];
    server.enqueue(
      { kind: "json", status: 429, body: { code: 50, msg: "slow down" }, headers: { "retry-after": "1" } },
      { kind: "json", status: 201, body: CREATED },
    );
    const started = performance.now();
    await expect(client(events).createUser(NEW_USER)).resolves.toEqual(CREATED);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(events[0]).toMatchObject({ reason: "status 429", delayMs: 1000 });
    expect(server.requests).toHaveLength(2);
  });

  it("honour Retry-After as an HTTP date", async () => {
    const events: RetryEvent[] = [];
    const date = new Date(Date.now() + 2_000).toUTCString();
    server.enqueue(
      { kind: "json", status: 429, body: { code: 50, msg: "slow down" }, headers: { "retry-after": date } },
      { kind: "json", status: 201, body: CREATED },
    );
    await client(events).createUser(NEW_USER);
    expect(events[0]?.delayMs).toBeGreaterThan(0);
    expect(events[0]?.delayMs).toBeLessThanOrEqual(2_000);
  });

  it("do not wait for a Retry-After beyond the cap", async () => {
    server.enqueue({
      kind: "json",
      status: 429,
      body: { code: 50, msg: "slow down" },
      headers: { "retry-after": "3600" },
    });
    const error = (await rejection(client().createUser(NEW_USER))) as QuatrixRateLimitError;
    expect(error).toBeInstanceOf(QuatrixRateLimitError);
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(server.requests).toHaveLength(1);
  });

  for (const value of ["-1", "-0.5", "soon", "1e3", () => new Date(Date.now() - 60_000).toUTCString()]) {
    const label = typeof value === "string" ? value : "a date already past";
    it(`treat Retry-After: ${label} as absent, waiting the computed backoff`, async () => {
      const events: RetryEvent[] = [];
      const retryAfter = typeof value === "string" ? value : value();
      server.enqueue(
        { kind: "json", status: 429, body: { code: 50, msg: "slow down" }, headers: { "retry-after": retryAfter } },
        { kind: "json", status: 201, body: CREATED },
      );
      await expect(client(events).createUser(NEW_USER)).resolves.toEqual(CREATED);
      // The first backoff: retryBaseDelayMs (5) less up to 25% jitter — never 0.
      expect(events).toHaveLength(1);
      expect(events[0]?.delayMs).toBeGreaterThanOrEqual(3);
      expect(events[0]?.delayMs).toBeLessThanOrEqual(5);
    });
  }

  it("are retried when the connection was refused, and then succeed", async () => {
    const port = await closedPort();
    const events: RetryEvent[] = [];
    const late = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(201, { "content-type": "application/json" });
        res.end(JSON.stringify(CREATED));
      });
    });
    const c = createUserApiClient({
      ...transportUnderTest(),
      baseUrl: `http://127.0.0.1:${port}/api/1.0`,
      apiKey: API_KEY,
      retryBaseDelayMs: 50,
      onRetry: (event) => {
        events.push(observe(event));
        // The server comes up while the client waits to retry.
        if (!late.listening) late.listen(port, "127.0.0.1");
      },
    });
    try {
      await expect(c.createUser(NEW_USER)).resolves.toEqual(CREATED);
      expect(events).toHaveLength(1);
      expect(events[0]?.reason).toBe("connection ECONNREFUSED");
    } finally {
      await new Promise((resolve) => late.close(resolve));
    }
  });

  it("a refused connection that stays refused ends in QuatrixConnectionError with notSent", async () => {
    const port = await closedPort();
    const events: RetryEvent[] = [];
    const error = await rejection(client(events, `http://127.0.0.1:${port}/api/1.0`).createUser(NEW_USER));
    expect(error).toBeInstanceOf(QuatrixConnectionError);
    expect((error as QuatrixConnectionError).notSent).toBe(true);
    expect(events).toHaveLength(2);
  });
});
