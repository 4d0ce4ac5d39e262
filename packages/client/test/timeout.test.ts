// Time limits per attempt and the caller's AbortSignal, honoured at every point.
import { describe, expect, it, onTestFinished } from "vitest";
import { type createUserApiClient, QuatrixTimeoutError, type RetryEvent } from "../src/index.js";
import { guardSecrets, observe, rejection } from "./support/secrets.js";
import { type Behaviour, useTestServer } from "./support/test-server.js";
import { clientFor } from "./support/transport.js";

guardSecrets();

const server = useTestServer();

/**
 * Answers every request of this test alike. On a loaded machine a request of an earlier test
 * can reach the server late and would take an answer queued for this one.
 */
function answerAll(behaviour: Behaviour): void {
  const fallback = server.fallback;
  server.fallback = () => behaviour;
  onTestFinished(() => {
    server.fallback = fallback;
  });
}

const client = (options: Parameters<typeof createUserApiClient>[0] = {}) => clientFor(server, { ...options });

describe("timeouts on the openapi-fetch surface", () => {
  it("a request longer than the client's timeoutMs raises QuatrixTimeoutError (no retry)", async () => {
    answerAll({ kind: "hang" });
    const started = performance.now();
    const error = await rejection(client({ timeoutMs: 150 }).GET("/user"));
    expect(error).toBeInstanceOf(QuatrixTimeoutError);
    expect((error as QuatrixTimeoutError).timeoutMs).toBe(150);
    expect(server.requests).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it("the call's timeoutMs overrides the client's, 0 meaning none, and is range-checked", async () => {
    answerAll({ kind: "slow", delayMs: 300, answer: { kind: "json", status: 200, body: [] } });
    const c = client({ timeoutMs: 50 });
    await expect(c.GET("/user", { timeoutMs: 2_000 })).resolves.toMatchObject({ data: [] });
    await expect(c.GET("/user", { timeoutMs: 0 })).resolves.toMatchObject({ data: [] });
    const short = await rejection(client({ timeoutMs: 5_000 }).GET("/user", { timeoutMs: 50 }));
    expect(short).toBeInstanceOf(QuatrixTimeoutError);
    const refused = await rejection(c.GET("/user", { timeoutMs: -1 }));
    expect(refused.message).toContain("/options/timeoutMs");
  });
});

describe("timeouts", () => {
  it("an attempt longer than timeoutMs raises QuatrixTimeoutError", async () => {
    server.enqueue({ kind: "hang" });
    const started = performance.now();
    const error = await rejection(client({ timeoutMs: 150, maxRetries: 0 }).listUsers());
    expect(error).toBeInstanceOf(QuatrixTimeoutError);
    expect((error as QuatrixTimeoutError).timeoutMs).toBe(150);
    // Not a timing test: it must end long before the 60 s default, however loaded the machine.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it("the per-call timeoutMs overrides the client's", async () => {
    answerAll({ kind: "slow", delayMs: 300, answer: { kind: "json", status: 200, body: [] } });
    await expect(client({ timeoutMs: 50, maxRetries: 0 }).listUsers({ timeoutMs: 2_000 })).resolves.toEqual([]);
  });

  it("timeoutMs: 0 sets no time limit; the caller's signal still applies", async () => {
    answerAll({ kind: "slow", delayMs: 300, answer: { kind: "json", status: 200, body: [] } });
    await expect(client({ timeoutMs: 0, maxRetries: 0 }).listUsers()).resolves.toEqual([]);
    server.fallback = () => ({ kind: "hang" });
    const controller = new AbortController();
    const reason = new Error("enough");
    setTimeout(() => controller.abort(reason), 100);
    await expect(client({ timeoutMs: 0 }).listUsers({ signal: controller.signal })).rejects.toBe(reason);
  });

  it("a slow answer within the limit succeeds", async () => {
    answerAll({ kind: "slow", delayMs: 100, answer: { kind: "json", status: 200, body: [] } });
    await expect(client({ timeoutMs: 2_000 }).listUserGroups()).resolves.toEqual([]);
  });
});

describe("cancellation", () => {
  it("an aborted signal rejects with its reason before anything is sent", async () => {
    const controller = new AbortController();
    const reason = new Error("user left the page");
    controller.abort(reason);
    await expect(client().listUsers({ signal: controller.signal })).rejects.toBe(reason);
    expect(server.requests).toHaveLength(0);
  });

  it("an abort during the request rejects with the signal's reason", async () => {
    server.enqueue({ kind: "hang" });
    const controller = new AbortController();
    const reason = new Error("cancelled");
    setTimeout(() => controller.abort(reason), 100);
    await expect(client().listUsers({ signal: controller.signal })).rejects.toBe(reason);
  });

  it("an abort during a backoff wait stops at once", async () => {
    const events: RetryEvent[] = [];
    const controller = new AbortController();
    const reason = new Error("stop waiting");
    // Every answer is 503 for this test, so that a request still in flight from an earlier
    // test (the server may read it late on a loaded machine) cannot take our answer.
    const fallback = server.fallback;
    server.fallback = () => ({ kind: "json", status: 503, body: { code: -1, msg: "down" } });
    onTestFinished(() => {
      server.fallback = fallback;
    });
    const c = client({
      retryBaseDelayMs: 30_000,
      retryMaxDelayMs: 30_000,
      onRetry: (event) => {
        events.push(observe(event));
        setTimeout(() => controller.abort(reason), 50);
      },
    });
    const started = performance.now();
    await expect(c.listUsers({ signal: controller.signal })).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(events).toHaveLength(1);
    expect(server.requests.length).toBeGreaterThanOrEqual(1);
  });

  it("an abort with no reason rejects with an AbortError", async () => {
    server.enqueue({ kind: "hang" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(client().listUsers({ signal: controller.signal }));
    expect(error.name).toBe("AbortError");
  });
});
