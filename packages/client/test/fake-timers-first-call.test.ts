import { vi } from "vitest";

// Fake timers from the file's first line, before the client is loaded: the first call of this
// fresh worker (vitest isolates each file) is a retried GET (503, then 200) that needs the
// validators. The client starts loading them when it is created, so the call waits at most for
// a load already under way, never for one that only real time could settle after the fake
// clock moved. Real I/O is waited for with node:timers/promises, which fake timers leave alone.
vi.useFakeTimers();

import { setTimeout as realDelay } from "node:timers/promises";
import { afterAll, expect, it } from "vitest";
import { DEFAULT_USERS, startMockServer } from "../../mock-server/src/index.js";
import { API_KEY, guardSecrets, observe } from "./support/secrets.js";
import { transportUnderTest } from "./support/transport.js";

guardSecrets();

const mock = await startMockServer({ apiKey: API_KEY });
afterAll(async () => {
  vi.useRealTimers();
  await mock.close();
});

it("the first call of a process, under fake timers, is a retried 503-then-200 and resolves", async () => {
  const { createUserApiClient } = await import("../src/index.js");
  const retries: number[] = [];
  const client = createUserApiClient({
    ...transportUnderTest(),
    baseUrl: mock.baseUrl,
    apiKey: API_KEY,
    onRetry: (event) => retries.push(observe(event).delayMs),
  });
  const owner = DEFAULT_USERS[0];
  if (!owner?.id) throw new Error("the mock's default seed has no owner");
  mock.inject({ operationId: "getUser", status: 503 });
  let outcome: { user?: unknown; error?: unknown } | undefined;
  client.getUser(owner.id).then(
    (user) => {
      outcome = { user };
    },
    (error: unknown) => {
      outcome = { error: observe(error) };
    },
  );
  // As a test would: wait (in real time) until the client has scheduled its retry, move the fake
  // clock once past the backoff, then wait for the answer. The clock moves only that once.
  const waitReal = async (done: () => boolean) => {
    for (let round = 0; !done() && round < 1000; round++) await realDelay(5);
  };
  await waitReal(() => retries.length > 0 || outcome !== undefined);
  expect(retries).toHaveLength(1);
  await vi.advanceTimersByTimeAsync(retries[0] ?? 0);
  await waitReal(() => outcome !== undefined);
  expect(outcome).toEqual({ user: expect.objectContaining({ id: owner.id }) });
  expect(retries).toHaveLength(1);
  expect(mock.requests.filter((r) => r.operationId === "getUser").map((r) => r.status)).toEqual([503, 200]);
});
