// Cancellation at every instant, over real HTTP against the mock server (its request journal is
// what the server received), on the transport under test (the suite runs once per transport).
// The invariant (client README, "Cancelling a call"): a signal aborted before the transport
// sends makes the call reject with the signal's reason and the server receives nothing; aborted
// after sending, the call rejects with the reason and a POST is never sent again.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type MockServer, startMockServer } from "../../mock-server/src/index.js";
import { createFetchTransport } from "../src/fetch-transport.js";
import type { Middleware, Transport, UserApiClient, UserApiClientOptions } from "../src/index.js";
import * as warmModule from "../src/index.js";
import { bundleClient, runInChild } from "./support/child-client.js";
import { API_KEY, guardSecrets, observe, rejection } from "./support/secrets.js";
import { startTestServer, type TestServer } from "./support/test-server.js";
import { TRANSPORT, transportUnderTest } from "./support/transport.js";

guardSecrets();

let mock: MockServer;
let slow: TestServer;
beforeAll(async () => {
  mock = await startMockServer({ apiKey: API_KEY });
  slow = await startTestServer();
});
afterAll(async () => {
  await mock.close();
  await slow.close();
});

/** The transport under test, recording for each request it is asked to send whether the call's signal had aborted by then. */
function recordingTransport(): { transport: Transport; sends: boolean[] } {
  const inner: Transport = transportUnderTest().transport ?? createFetchTransport(() => globalThis.fetch);
  const sends: boolean[] = [];
  return {
    sends,
    transport: {
      send(request) {
        sends.push(request.signal?.aborted === true);
        return inner.send(request);
      },
    },
  };
}

interface Setup {
  validation: boolean;
  middleware: boolean;
  logging: boolean;
  /** A fresh module graph: nothing the client loads on demand is loaded yet. */
  cold: boolean;
}

const SETUPS: Setup[] = [];
for (const validation of [true, false])
  for (const middleware of [false, true])
    for (const logging of [false, true])
      for (const cold of [false, true]) SETUPS.push({ validation, middleware, logging, cold });

const name = (s: Setup) =>
  `validation ${s.validation ? "on" : "off"}, ${s.middleware ? "with" : "no"} middleware, logging ${s.logging ? "on" : "off"}, ${s.cold ? "cold" : "warm"}`;

const passThrough: Middleware = {
  onRequest: async ({ request }) => {
    await Promise.resolve();
    return request;
  },
};

const quietLogger = { error() {}, warn() {}, info() {}, debug() {} };

async function clientFor(setup: Setup, options: UserApiClientOptions = {}) {
  let create = warmModule.createUserApiClient;
  if (setup.cold) {
    vi.resetModules();
    create = (await import("../src/index.js")).createUserApiClient;
  }
  const recorder = recordingTransport();
  const client = create({
    baseUrl: mock.baseUrl,
    apiKey: API_KEY,
    transport: recorder.transport,
    validateRequests: setup.validation,
    logLevel: setup.logging ? "debug" : "off",
    logger: quietLogger,
    ...options,
  });
  if (setup.middleware) client.use(passThrough);
  return { client, sends: recorder.sends };
}

let users = 0;
const newUser = () => ({ name: "Ada Lovelace", email: `ada.${TRANSPORT}.${++users}@example.com` });

const received = (operationId: string) => mock.requests.filter((r) => r.operationId === operationId).length;

/** Waits until the mock has answered a request sent after everything before it. */
async function settle(): Promise<void> {
  await warmModule.createUserApiClient({ baseUrl: mock.baseUrl, apiKey: API_KEY }).listUserGroups();
  await new Promise((resolve) => setTimeout(resolve, 20));
}

type Call = (c: UserApiClient, signal: AbortSignal) => Promise<unknown>;
const CALLS: Array<[string, string, Call]> = [
  ["createUser", "createUser", (c, signal) => c.createUser(newUser(), { signal })],
  ["getUser (path parameter)", "getUser", (c, signal) => c.getUser("00000000-0000-4000-8000-000000000001", { signal })],
  ["listUsers (nothing to validate)", "listUsers", (c, signal) => c.listUsers({ signal })],
  [
    "POST on the openapi-fetch surface",
    "createUser",
    (c, signal) => c.POST("/user/create", { body: newUser(), signal }),
  ],
  ["GET on the openapi-fetch surface", "listUsers", (c, signal) => c.GET("/user", { signal })],
];

/**
 * One call aborted after `ticks` microtasks (-1: synchronously, in the same statement). Checks
 * the invariant and returns whether the transport was asked to send before the abort.
 */
async function abortAfter(setup: Setup, call: Call, operationId: string, ticks: number): Promise<boolean> {
  const { client, sends } = await clientFor(setup);
  const before = received(operationId);
  const controller = new AbortController();
  const reason = new Error(`cancelled after ${ticks} microtasks`);
  const pending = call(client, controller.signal);
  for (let i = 0; i < ticks; i++) await null;
  const sentBefore = sends.some((aborted) => !aborted);
  controller.abort(reason);
  // No answer can have come: it needs I/O, and no macrotask has run since the call.
  expect(await rejection(pending)).toBe(reason);
  await settle();
  const after = received(operationId);
  if (!sentBefore) expect(after).toBe(before);
  expect(after - before).toBeLessThanOrEqual(1);
  // Only the first attempt may ever be sent: an abort never leads to a second.
  expect(sends.length).toBeLessThanOrEqual(1);
  return sentBefore;
}

describe("a call aborted synchronously after it is made", () => {
  for (const setup of SETUPS) {
    it(`${name(setup)}: rejects with the reason and the server receives nothing`, async () => {
      for (const [, operationId, call] of CALLS) {
        // Nothing of a call runs before its first await but on the openapi-fetch surface's GET.
        const sent = await abortAfter(setup, call, operationId, 0);
        if (!sent) continue;
        expect(call).toBe(CALLS[4]?.[2]);
      }
    });
  }
});

describe("the first call of a process (a child process: nothing of the client loaded yet)", () => {
  it("aborted in the same tick, on both surfaces: an AbortError, and the server receives nothing", async () => {
    const { bundle, close } = await bundleClient();
    try {
      const before = received("createUser");
      for (const call of ["createUserAbortedAtOnce", "POSTAbortedAtOnce"] as const) {
        const { results } = await runInChild(bundle, {
          options: { baseUrl: mock.baseUrl, apiKey: API_KEY },
          calls: [call, "listUsers"],
          transport: TRANSPORT,
        });
        expect(results[0]).toMatchObject({ ok: false, name: "AbortError" });
        expect(results[1]).toMatchObject({ ok: true });
      }
      await settle();
      expect(received("createUser")).toBe(before);
    } finally {
      close();
    }
  }, 60_000);
});

describe("the README's example", () => {
  it("abort() without a reason in the same tick: an AbortError, and no user is created", async () => {
    const { client } = await clientFor({ validation: true, middleware: false, logging: false, cold: false });
    const before = received("createUser");
    const controller = new AbortController();
    const pending = client.createUser(newUser(), { signal: controller.signal });
    controller.abort();
    expect((await rejection(pending)).name).toBe("AbortError");
    await settle();
    expect(received("createUser")).toBe(before);
  });
});

describe("a call aborted after k microtasks (property: every k from 0 to 30)", () => {
  it("rejects with the signal's reason; nothing reaches the server unless the transport sent before the abort; a POST is sent at most once", async () => {
    const setupArb = fc.record({
      validation: fc.boolean(),
      middleware: fc.boolean(),
      logging: fc.boolean(),
      cold: fc.boolean(),
    });
    const callArb = fc.integer({ min: 0, max: CALLS.length - 1 });
    const examples: Array<[number, Setup, number]> = [];
    for (let k = 0; k <= 30; k++) {
      examples.push([k, SETUPS[k % SETUPS.length] as Setup, k % CALLS.length]);
    }
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 30 }), setupArb, callArb, async (k, setup, index) => {
        const [, operationId, call] = CALLS[index] as (typeof CALLS)[number];
        await abortAfter(setup, call, operationId, k);
      }),
      { examples, numRuns: 40 },
    );
  }, 120_000);
});

describe("a call aborted while it waits", () => {
  it("during a retry's wait: rejects with the reason at once, and the POST is never sent again", async () => {
    const { client } = await clientFor({ validation: true, middleware: false, logging: false, cold: false });
    const before = received("createUser");
    // A 429 is the one answer after which a POST is retried: it was refused, not acted on.
    mock.inject({ operationId: "createUser", status: 429, headers: { "retry-after": "30" } });
    const controller = new AbortController();
    const reason = new Error("gave up waiting");
    const pending = client.createUser(newUser(), {
      signal: controller.signal,
      maxRetries: 2,
    });
    // Abort once the first attempt has been answered (the client then waits 30 s to retry).
    while (received("createUser") === before) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort(reason);
    expect(await rejection(pending)).toBe(reason);
    await settle();
    expect(received("createUser") - before).toBe(1);
  });

  it("during a GET's retry wait after a 503: rejects with the reason", async () => {
    const events: number[] = [];
    const { client } = await clientFor(
      { validation: true, middleware: true, logging: true, cold: false },
      { retryBaseDelayMs: 30_000, onRetry: (e) => events.push(e.attempt) },
    );
    const before = received("listUsers");
    mock.inject({ operationId: "listUsers", status: 503 });
    const controller = new AbortController();
    const reason = new Error("navigated away");
    const pending = client.listUsers({ signal: controller.signal });
    while (events.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort(reason);
    expect(await rejection(pending)).toBe(reason);
    await settle();
    expect(received("listUsers") - before).toBe(1);
  });

  for (const surface of ["operation method", "openapi-fetch surface"] as const) {
    it(`during a slow body (${surface}): rejects with the reason as soon as it aborts`, async () => {
      slow.reset();
      slow.enqueue({ kind: "dribble", body: { id: "x".repeat(400) }, chunkBytes: 8, intervalMs: 40 });
      const client = warmModule.createUserApiClient({
        ...transportUnderTest(),
        baseUrl: `${slow.url}/api/1.0`,
        apiKey: API_KEY,
        timeoutMs: 0,
      });
      const controller = new AbortController();
      const reason = new Error("too slow");
      const pending =
        surface === "operation method"
          ? client.createUser(newUser(), { signal: controller.signal })
          : client.POST("/user/create", { body: newUser(), signal: controller.signal });
      const settled = pending.then(
        () => "resolved",
        (error: unknown) => observe(error),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      controller.abort(reason);
      expect(await settled).toBe(reason);
      expect(slow.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    });
  }
});
