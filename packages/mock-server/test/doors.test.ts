// One table of tests, run against both front doors — the HTTP server and the MSW handlers — so
// they cannot diverge: the journal, x-request-id, fault injection, CORS, the key's own user,
// unsafe numbers and an onExchange that throws, through the real client where one is involved.
import {
  createUserApiClient,
  QuatrixApiError,
  QuatrixConnectionError,
  QuatrixRateLimitError,
  type UserApiClient,
} from "@quatrix/user-api-client";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { OWNER_ONLY } from "./support/client.js";
import { DOORS, type OpenMock, openMock, useDoor } from "./support/doors.js";

const KEY = "door-key";
const OWNER = "2a3b4c5d-6e7f-4081-92a3-b4c5d6e7f809";

for (const door of DOORS) {
  describe(`${door} door`, () => {
    useDoor(door);
    let mock: OpenMock;
    beforeAll(async () => {
      mock = await openMock(door, { apiKey: KEY, users: OWNER_ONLY });
    });
    afterEach(() => mock.reset());

    const client = (options: Parameters<typeof createUserApiClient>[0] = {}): UserApiClient =>
      createUserApiClient({ baseUrl: mock.baseUrl, apiKey: KEY, maxRetries: 0, ...options });
    const raw = (path: string, init: RequestInit = {}) =>
      fetch(`${mock.baseUrl}${path}`, { ...init, headers: { "x-auth-token": KEY, ...init.headers } });

    describe("the journal and x-request-id", () => {
      it("records every request in order, with the same x-request-id as its answer and the key redacted", async () => {
        const ada = await client().createUser({ name: "Ada", email: "ada@example.com" });
        const answer = await raw(`/user/metadata/${ada.id}?fields=name`);
        const unknown = await raw("/nope");
        const ids = [answer.headers.get("x-request-id"), unknown.headers.get("x-request-id")];
        expect(new Set(ids).size).toBe(2);
        const [created, got, missing] = mock.requests;
        expect(mock.requests).toHaveLength(3);
        expect(created).toMatchObject({
          operationId: "createUser",
          method: "POST",
          path: "/api/1.0/user/create",
          body: { name: "Ada", email: "ada@example.com" },
          status: 201,
          response: { body: ada },
          injected: false,
        });
        expect(created?.headers["x-auth-token"]).toBe("[redacted]");
        expect(JSON.stringify(mock.requests)).not.toContain(KEY);
        expect(got).toMatchObject({
          operationId: "getUser",
          query: { fields: "name" },
          status: 200,
          requestId: ids[0],
        });
        expect(missing).toMatchObject({ operationId: undefined, status: 404, requestId: ids[1] });
        for (const r of mock.requests) expect(r.durationMs).toBeGreaterThanOrEqual(0);
        mock.clearRequests();
        expect(mock.requests).toEqual([]);
      });

      it("every answer carries an x-request-id, errors included", async () => {
        for (const response of [await raw("/user"), await raw("/user", { headers: { "x-auth-token": "wrong" } })]) {
          expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
        }
      });
    });

    describe("faults on demand", () => {
      it("429 with Retry-After: the client sees a rate-limit error and the header; the account is unchanged", async () => {
        mock.inject({ operationId: "createUser", status: 429, headers: { "retry-after": "7" } });
        const error = await client()
          .createUser({ name: "Ada", email: "ada@example.com" })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(QuatrixRateLimitError);
        expect(error).toMatchObject({ status: 429, code: 50 });
        expect(mock.requests[0]).toMatchObject({ operationId: "createUser", status: 429, injected: true });
        expect(mock.requests[0]?.response.headers["retry-after"]).toBe("7");
        expect((await client().listUsers()).map((u) => u.email)).not.toContain("ada@example.com");
      });

      it("503 once, then success: a GET is retried and succeeds", async () => {
        mock.inject({ operationId: "listUsers", status: 503 });
        const users = await client({ maxRetries: 1, retryBaseDelayMs: 1 }).listUsers();
        expect(users.length).toBeGreaterThan(0);
        expect(mock.requests.map((r) => [r.status, r.injected])).toEqual([
          [503, true],
          [200, false],
        ]);
      });

      it("a fault applies only to its operation, `times` times; Infinity until cleared", async () => {
        mock.inject({ operationId: "getUser", status: 500, times: 2 });
        await client().listUsers();
        for (let i = 0; i < 3; i++) await raw(`/user/metadata/${OWNER}`);
        expect(mock.requests.map((r) => r.status)).toEqual([200, 500, 500, 200]);
        mock.clearRequests();
        mock.inject({ status: 502, times: Number.POSITIVE_INFINITY });
        for (let i = 0; i < 3; i++) await raw("/user/group");
        mock.clearInjections();
        await raw("/user/group");
        expect(mock.requests.map((r) => r.status)).toEqual([502, 502, 502, 200]);
      });

      it("a delay only: the operation still answers, later", async () => {
        mock.inject({ delayMs: 60 });
        const response = await raw("/user");
        expect(response.status).toBe(200);
        expect(mock.requests[0]).toMatchObject({ injected: true, status: 200 });
        expect(mock.requests[0]?.durationMs).toBeGreaterThanOrEqual(50);
      });

      it("faults combine: every matching one counts the request; the first that answers decides", async () => {
        mock.inject({ delayMs: 1, times: Number.POSITIVE_INFINITY });
        mock.inject({ operationId: "listUsers", status: 503 });
        await raw("/user");
        await raw("/user");
        expect(mock.requests.map((r) => [r.status, r.injected])).toEqual([
          [503, true],
          [200, true],
        ]);
      });

      it("a body and headers of the test's choosing", async () => {
        mock.inject({ status: 200, body: [], headers: { "x-extra": "1" } });
        const response = await raw("/user");
        expect(await response.json()).toEqual([]);
        expect(response.headers.get("x-extra")).toBe("1");
      });

      it("a POST dropped before the answer: a connection error, never sent twice, nothing created", async () => {
        mock.inject({ operationId: "createUser", reset: "before-response" });
        const error = await client({ maxRetries: 2, retryBaseDelayMs: 1 })
          .createUser({ name: "Ada", email: "ada@example.com" })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(QuatrixConnectionError);
        expect(mock.requests.map((r) => [r.operationId, r.status, r.dropped])).toEqual([
          ["createUser", 0, "before-response"],
        ]);
        expect((await client().listUsers()).map((u) => u.email)).not.toContain("ada@example.com");
      });

      it("a connection dropped during the body: the answer cannot be read", async () => {
        mock.inject({ operationId: "listUsers", reset: "during-body", status: 200, body: [{ pad: "x".repeat(200) }] });
        const response = await raw("/user");
        expect(response.status).toBe(200);
        await expect(response.text()).rejects.toThrow();
        expect(mock.requests[0]).toMatchObject({ status: 200, dropped: "during-body", injected: true });
      });

      it("a drop during the body with no status: the operation's success status, a body that cannot be read", async () => {
        mock.inject({ operationId: "createUser", reset: "during-body" });
        const error = await client({ maxRetries: 2, retryBaseDelayMs: 1 })
          .createUser({ name: "Ada", email: "ada@example.com" })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(QuatrixConnectionError);
        expect(mock.requests.map((r) => [r.operationId, r.status, r.dropped])).toEqual([
          ["createUser", 201, "during-body"],
        ]);
        expect((await client().listUsers()).map((u) => u.email)).not.toContain("ada@example.com");
        // A GET is retried and succeeds.
        mock.clearRequests();
        mock.inject({ operationId: "getUser", reset: "during-body" });
        await expect(client({ maxRetries: 1, retryBaseDelayMs: 1 }).getUser(OWNER)).resolves.toMatchObject({
          id: OWNER,
        });
        expect(mock.requests.map((r) => r.status)).toEqual([200, 200]);
        // An operation whose success has no body still fails while reading it.
        mock.inject({ operationId: "signupUser", reset: "during-body", times: undefined, status: undefined });
        const signup = await raw("/user/signup", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: "owner@example.com", password: "secret" }),
        });
        expect(signup.status).toBe(200);
        await expect(signup.text()).rejects.toThrow();
      });

      it("reset() forgets the faults; a malformed fault is refused, naming what is wrong", async () => {
        mock.inject({ status: 500, times: 5 });
        mock.reset();
        expect((await raw("/user")).status).toBe(200);
        // @ts-expect-error a typo does not compile; JavaScript callers get the error at run time
        expect(() => mock.inject({ operationId: "nope" })).toThrow(/operationId must be/);
        expect(() => mock.inject({ times: 0 })).toThrow(/times must be a positive integer/);
        expect(() => mock.inject({ status: 99 })).toThrow(/status must be an HTTP status/);
      });
    });

    describe("hardening", () => {
      it("an integer beyond 2^53 or beyond any double → 400 code 10 naming the field; nothing stored", async () => {
        for (const quota of ["1e400", "9007199254740993"]) {
          const response = await raw("/user/create", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: `{"name":"Ada","email":"ada@example.com","quota":${quota}}`,
          });
          expect(response.status).toBe(400);
          const body = (await response.json()) as { details: { issues: unknown[] } };
          expect(body).toMatchObject({ code: 10 });
          expect(body.details.issues).toContainEqual(expect.objectContaining({ path: "/body/quota" }));
        }
        expect((await client().listUsers()).map((u) => u.email)).not.toContain("ada@example.com");
      });

      it("the key's own user cannot be deleted or deactivated: 400 code 70", async () => {
        for (const call of [
          client().deleteUsers({ ids: [OWNER] }),
          client().editUsers({ ids: [OWNER], status: "D" }),
        ]) {
          const error = await call.catch((e: unknown) => e);
          expect(error).toBeInstanceOf(QuatrixApiError);
          expect(error).toMatchObject({ status: 400, code: 70 });
        }
        await expect(client().getUser(OWNER)).resolves.toMatchObject({ status: "A" });
      });

      it("inspectUser returns a copy: changing it changes nothing", async () => {
        const copy = mock.inspectUser(OWNER);
        if (!copy) throw new Error("the owner is missing");
        copy.user.name = "Changed";
        copy.mfaCodes.set("PIN", "1");
        expect(mock.inspectUser(OWNER)?.user.name).toBe("Account Owner");
        expect(mock.inspectUser(OWNER)?.mfaCodes.size).toBe(0);
      });

      it("an onExchange that throws is reported in the journal; the answer is unaffected", async () => {
        const throwing = await openMock(door, {
          apiKey: KEY,
          onExchange: () => {
            throw new Error("listener broke");
          },
        });
        const errors: unknown[] = [];
        const original = console.error;
        console.error = (...args: unknown[]) => errors.push(args.join(" "));
        try {
          const response = await fetch(`${throwing.baseUrl}/user`, { headers: { "x-auth-token": KEY } });
          expect(response.status).toBe(200);
          expect(((await response.json()) as unknown[]).length).toBeGreaterThan(0);
        } finally {
          console.error = original;
        }
        expect(throwing.requests[0]?.onExchangeError).toBe("listener broke");
        expect(errors.join("\n")).toMatch(/onExchange threw on GET \/api\/1\.0\/user: listener broke/);
      });
    });

    describe("CORS", () => {
      it("off by default: a preflight is a request to no operation", async () => {
        const response = await fetch(`${mock.baseUrl}/user`, {
          method: "OPTIONS",
          headers: { origin: "http://127.0.0.1:5173", "access-control-request-method": "GET" },
        });
        expect(response.status).toBe(404);
        expect(response.headers.get("access-control-allow-origin")).toBeNull();
      });

      it("cors: a list — preflights answered, answers readable, other origins get no grant", async () => {
        const page = "http://127.0.0.1:5173";
        const open = await openMock(door, { apiKey: KEY, cors: [page] });
        const preflight = await fetch(`${open.baseUrl}/user/create`, {
          method: "OPTIONS",
          headers: {
            origin: page,
            "access-control-request-method": "POST",
            "access-control-request-headers": "x-auth-token, content-type",
          },
        });
        expect(preflight.status).toBe(204);
        expect(preflight.headers.get("access-control-allow-origin")).toBe(page);
        expect(preflight.headers.get("access-control-allow-headers")).toBe("X-Auth-Token, Content-Type");
        expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
        const answer = await fetch(`${open.baseUrl}/user`, { headers: { origin: page, "x-auth-token": KEY } });
        expect(answer.headers.get("access-control-allow-origin")).toBe(page);
        expect(answer.headers.get("access-control-expose-headers")).toBe("x-request-id, Retry-After");
        const other = await fetch(`${open.baseUrl}/user`, {
          headers: { origin: "http://evil.test", "x-auth-token": KEY },
        });
        expect(other.headers.get("access-control-allow-origin")).toBeNull();
      });

      it("cors: true — any origin", async () => {
        const open = await openMock(door, { apiKey: KEY, cors: true });
        const answer = await fetch(`${open.baseUrl}/user`, {
          headers: { origin: "http://localhost:3000", "x-auth-token": KEY },
        });
        expect(answer.headers.get("access-control-allow-origin")).toBe("*");
      });

      it("cors: a preflight allows the headers the page asks for, when each is a header name", async () => {
        const page = "http://127.0.0.1:5173";
        for (const cors of [[page], true] as const) {
          const open = await openMock(door, { apiKey: KEY, cors: cors === true ? true : [...cors] });
          const ask = (requested: string) =>
            fetch(`${open.baseUrl}/user`, {
              method: "OPTIONS",
              headers: {
                origin: page,
                "access-control-request-method": "GET",
                "access-control-request-headers": requested,
              },
            });
          const traced = await ask("traceparent,x-auth-token,x-tenant");
          expect(traced.status).toBe(204);
          expect(traced.headers.get("access-control-allow-headers")).toBe(
            "X-Auth-Token, Content-Type, traceparent, x-tenant",
          );
          expect(traced.headers.get("vary")).toContain("Access-Control-Request-Headers");
          // A list of anything but header names is not echoed: the key and the content type only.
          for (const forged of ["x-a, bad name", "x-a,(x)", "x-a, x\u00e9"]) {
            const refused = await ask(forged);
            expect(refused.status, forged).toBe(204);
            expect(refused.headers.get("access-control-allow-headers"), forged).toBe("X-Auth-Token, Content-Type");
          }
        }
      });

      it("cors: a list — Vary: Origin on every answer, with an Origin or without", async () => {
        const page = "http://127.0.0.1:5173";
        const open = await openMock(door, { apiKey: KEY, cors: [page] });
        const answers = [
          await fetch(`${open.baseUrl}/user`, { headers: { "x-auth-token": KEY } }),
          await fetch(`${open.baseUrl}/user`, { headers: { origin: page, "x-auth-token": KEY } }),
          await fetch(`${open.baseUrl}/user`, { headers: { origin: "http://evil.test", "x-auth-token": KEY } }),
          await fetch(`${open.baseUrl}/user`),
          await fetch(`${open.baseUrl}/nothing-here`),
        ];
        for (const answer of answers) {
          expect(answer.headers.get("vary"), `${answer.status} ${answer.url}`).toMatch(/(^|, )Origin(,|$)/);
          await answer.text();
        }
      });

      it("cors: a listed origin that is not an origin (a path, a trailing slash) is refused", async () => {
        for (const bad of ["http://127.0.0.1:5173/", "http://localhost:3000/app", "127.0.0.1:5173", "ftp://x.test"]) {
          await expect(openMock(door, { cors: [bad] }), bad).rejects.toThrow(
            new RegExp(`cors: ${JSON.stringify(bad).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} is not`),
          );
        }
      });
    });
  });
}
