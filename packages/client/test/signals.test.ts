// Calls sharing one AbortSignal, sequential or concurrent, on either surface and whatever
// timeoutMs, leave no listener on it once they settle, and print no MaxListenersExceeded
// warning on the way.
import { getEventListeners } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserApiClient } from "../src/index.js";
import { guardSecrets, observe } from "./support/secrets.js";
import { startTestServer, type TestServer } from "./support/test-server.js";
import { clientFor } from "./support/transport.js";

guardSecrets();

const SEQUENTIAL = 10_000;
const CONCURRENT = 1_000;

let server: TestServer;
const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(observe(warning));
beforeAll(async () => {
  server = await startTestServer();
  server.fallback = () => ({ kind: "json", status: 200, body: [] });
  process.on("warning", onWarning);
});
afterAll(async () => {
  process.off("warning", onWarning);
  await server.close();
});

const SURFACES: Array<[string, (c: UserApiClient, signal: AbortSignal) => Promise<unknown>]> = [
  ["operation methods", (c, signal) => c.listUsers({ signal })],
  ["openapi-fetch surface", (c, signal) => c.GET("/user", { signal })],
];

/** Listeners on the signal, and warnings about listeners, since the test began. */
function leftOver(signal: AbortSignal, warningsBefore: number) {
  return {
    listeners: getEventListeners(signal, "abort").length,
    warnings: warnings.slice(warningsBefore).map((w) => `${w.name}: ${w.message}`),
  };
}

describe("one AbortSignal shared by many calls", () => {
  for (const [surface, call] of SURFACES) {
    for (const timeoutMs of [0, undefined]) {
      const label = `${surface}, timeoutMs ${timeoutMs ?? "default"}`;
      const client = () => clientFor(server, { ...(timeoutMs === undefined ? {} : { timeoutMs }) });

      it(`${label}: ${SEQUENTIAL} sequential calls leave no listener and no warning`, async () => {
        const c = client();
        const signal = new AbortController().signal;
        const before = warnings.length;
        for (let i = 0; i < SEQUENTIAL; i++) await call(c, signal);
        expect(leftOver(signal, before)).toEqual({ listeners: 0, warnings: [] });
      }, 240_000);

      it(`${label}: ${CONCURRENT} concurrent calls leave no listener and no warning`, async () => {
        const c = client();
        const signal = new AbortController().signal;
        const before = warnings.length;
        await Promise.all(Array.from({ length: CONCURRENT }, () => call(c, signal)));
        expect(leftOver(signal, before)).toEqual({ listeners: 0, warnings: [] });
      }, 120_000);
    }

    it(`${surface}: aborting the shared signal stops every call in flight with its reason`, async () => {
      const c = clientFor(server, { timeoutMs: 0 });
      server.reset();
      server.fallback = () => ({ kind: "hang" });
      try {
        const controller = new AbortController();
        const reason = new Error("leaving");
        const calls = Array.from({ length: 50 }, () =>
          call(c, controller.signal).catch((error: unknown) => observe(error)),
        );
        while (server.requests.length < 50) await new Promise((resolve) => setTimeout(resolve, 10));
        controller.abort(reason);
        expect(new Set(await Promise.all(calls))).toEqual(new Set([reason]));
        expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
      } finally {
        server.fallback = () => ({ kind: "json", status: 200, body: [] });
        server.reset();
      }
    }, 60_000);
  }
});
