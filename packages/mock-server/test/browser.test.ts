// The client in a real browser: esbuild bundles it into a page served on 127.0.0.1, and
// Debian's headless Chromium calls every operation of the document against the mock server on
// another port — a real cross-origin setup, through CORS preflights. Typed errors, request
// validation and a retried 503 are checked in the page; every request that is not to
// 127.0.0.1 is blocked and recorded (none may happen). Blocking is done by Chromium itself (a
// proxy nothing listens on, a resolver that knows no name), not by request interception: with
// interception on, Playwright answers CORS preflights itself and the mock's would go untested.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { operationTable } from "@quatrix/user-api-client";
import { apiModel } from "@quatrix/user-api-client/internal";
import { build } from "esbuild";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MockServer } from "../src/index.js";
import { OWNER_ONLY } from "./support/client.js";
import { startCheckedMockServer } from "./support/contract.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const inCI = process.env.CI === "true" || process.env.CI === "1";
const KEY = "browser-key";

if (!hasChromium) {
  console.warn(
    `\n!!! ${CHROMIUM} is missing: the client's real-browser test is SKIPPED, not passed.\n!!! Install it with: apt-get update && apt-get install -y chromium\n`,
  );
}

describe("Chromium", () => {
  it.runIf(inCI)("is installed (required in CI)", () => {
    expect(hasChromium, `${CHROMIUM} must exist in CI: .ci/run installs it`).toBe(true);
  });
});

/** Serves the page and its bundle on 127.0.0.1 (a port of its own: another origin than the mock's). */
async function servePage(): Promise<{ server: Server; origin: string }> {
  const bundled = await build({
    entryPoints: [fileURLToPath(new URL("./browser/page.ts", import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const script = bundled.outputFiles[0]?.text ?? "";
  const html =
    '<!doctype html><html><head><meta charset="utf-8"><title>client</title></head><body><script type="module" src="/page.js"></script></body></html>';
  const server = createServer((req, res) => {
    const [type, body] = req.url === "/page.js" ? ["text/javascript", script] : ["text/html", html];
    res.writeHead(req.url === "/" || req.url === "/page.js" ? 200 : 404, { "content-type": type });
    res.end(req.url === "/" || req.url === "/page.js" ? body : "");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

type Quatrix = typeof import("@quatrix/user-api-client");

describe.skipIf(!hasChromium)("the client in headless Chromium, across origins", () => {
  let mock: MockServer;
  let page: Page;
  let context: BrowserContext;
  let pageServer: Server;
  let userDataDir: string;
  const outside: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    const served = await servePage();
    pageServer = served.server;
    mock = await startCheckedMockServer({ apiKey: KEY, cors: [served.origin], users: OWNER_ONLY });
    userDataDir = mkdtempSync(path.join(tmpdir(), "quatrix-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        // Chromium sends loopback requests directly; everything else to a proxy that is not there.
        "--proxy-server=http://127.0.0.1:9",
      ],
    });
    context.on("request", (request) => {
      const target = new URL(request.url());
      if (target.protocol !== "data:" && target.hostname !== "127.0.0.1") outside.push(target.href);
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (error) => consoleErrors.push(String(error)));
    await page.goto(`${served.origin}/`);
    await page.waitForFunction(() => "quatrix" in globalThis, undefined, { timeout: 20_000 });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => pageServer?.close(resolve));
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it("calls every operation of the document from the page, through CORS preflights", async () => {
    mock.clearRequests();
    // Operations without a call of their own below (one added to the document, say) are called
    // from the model: the owner's id for each path parameter, the document's first request example.
    const fromModel = apiModel.operations.map((op) => ({
      operationId: op.operationId,
      pathParams: op.pathParams,
      body: op.requestBody ? Object.values(op.requestBody.examples ?? {})[0] : undefined,
    }));
    const called = await page.evaluate(
      async ({ baseUrl, apiKey, fromModel }) => {
        const q = (globalThis as unknown as { quatrix: Quatrix }).quatrix;
        const c = q.createUserApiClient({ baseUrl, apiKey, maxRetries: 0 });
        const done: Record<string, unknown> = {};
        const users = await c.listUsers();
        done.listUsers = users.length;
        const groups = await c.listUserGroups();
        done.listUserGroups = groups.map((g) => g.name);
        const owner = users[0];
        if (!owner) throw new Error("the account has no owner");
        done.getUserPgpKey = (await c.getUserPgpKey(owner.id)).email;
        const ada = await c.createUser({ name: "Ada", email: "ada@example.com" });
        done.createUser = ada.email;
        done.getUser = (await c.getUser(ada.id)).id === ada.id;
        done.editUsers = (await c.editUsers({ ids: [ada.id], name: "Ada Lovelace" }))[0]?.name;
        done.signupUser = (await c.signupUser({ email: "ada@example.com", password: "cGFzcw==" })) === undefined;
        done.setUsersMfa = (await c.setUsersMfa({ ids: [ada.id], auth_type: "PIN", code: "1234" })).status;
        done.resetUsersMfa = (await c.resetUsersMfa({ ids: [ada.id], auth_type: "2FA" })).status;
        done.removeUsersMfa = (await c.removeUsersMfa({ ids: [ada.id], auth_type: "PIN" })).status;
        // The job's id, whatever the document names it (its answer's one field).
        done.deleteUsers = Object.values(await c.deleteUsers({ ids: [ada.id] }))
          .map((v) => typeof v)
          .join();
        for (const op of fromModel) {
          if (op.operationId in done) continue;
          const method = (c as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[op.operationId];
          if (!method) throw new Error(`the client has no method ${op.operationId}`);
          const args = [...op.pathParams.map(() => owner.id), ...(op.body === undefined ? [] : [op.body])];
          try {
            await method(...args);
            done[op.operationId] = "answered";
          } catch (error) {
            // An error the mock answered (a declared status, checked by the contract) still shows
            // the operation is routed and reachable across origins; anything else fails the test.
            if (!(error instanceof q.QuatrixApiError)) throw error;
            done[op.operationId] = `answered ${error.status}`;
          }
        }
        return done;
      },
      { baseUrl: mock.baseUrl, apiKey: KEY, fromModel },
    );
    const operations = Object.keys(operationTable);
    expect(Object.keys(called).sort()).toEqual([...operations].sort());
    // What the page's own calls returned; every other operation of the document was called from the model.
    const expected = {
      listUsers: 1,
      listUserGroups: ["Administrators", "Users"],
      getUserPgpKey: "owner@example.com",
      createUser: "ada@example.com",
      getUser: true,
      editUsers: "Ada Lovelace",
      signupUser: true,
      setUsersMfa: "success",
      resetUsersMfa: "success",
      removeUsersMfa: "success",
      deleteUsers: "string",
    };
    expect(called).toMatchObject(expected);
    const answered = mock.requests.filter((r) => r.operationId !== undefined);
    expect(new Set(answered.map((r) => r.operationId))).toEqual(new Set(operations));
    const own = new Set(Object.keys(expected));
    expect(answered.filter((r) => own.has(r.operationId ?? "")).every((r) => r.status < 300)).toBe(true);
    // The browser asked first: the mock answered its preflights.
    expect(mock.requests.some((r) => r.method === "OPTIONS" && r.status === 204)).toBe(true);
  });

  it("turns a duplicate e-mail into a QuatrixBadRequestError with code 31", async () => {
    const result = await page.evaluate(
      async ({ baseUrl, apiKey }) => {
        const q = (globalThis as unknown as { quatrix: Quatrix }).quatrix;
        const c = q.createUserApiClient({ baseUrl, apiKey, maxRetries: 0 });
        await c.createUser({ name: "Grace", email: "grace@example.com" });
        try {
          await c.createUser({ name: "Grace again", email: "GRACE@example.com" });
          return { thrown: false };
        } catch (error) {
          return {
            thrown: true,
            badRequest: error instanceof q.QuatrixBadRequestError,
            status: (error as { status?: number }).status,
            code: (error as { code?: number }).code,
            leaksKey: String((error as Error).message).includes(apiKey),
          };
        }
      },
      { baseUrl: mock.baseUrl, apiKey: KEY },
    );
    expect(result).toEqual({ thrown: true, badRequest: true, status: 400, code: 31, leaksKey: false });
  });

  it("refuses an invalid body in the page, naming the field, without sending it", async () => {
    mock.clearRequests();
    const result = await page.evaluate(
      async ({ baseUrl, apiKey }) => {
        const q = (globalThis as unknown as { quatrix: Quatrix }).quatrix;
        const c = q.createUserApiClient({ baseUrl, apiKey, maxRetries: 0 });
        try {
          await c.createUser({ name: "No e-mail" } as never);
          return { thrown: false };
        } catch (error) {
          return {
            thrown: true,
            validation: error instanceof q.QuatrixValidationError,
            message: String((error as Error).message),
          };
        }
      },
      { baseUrl: mock.baseUrl, apiKey: KEY },
    );
    expect(result).toMatchObject({ thrown: true, validation: true });
    expect((result as { message: string }).message).toMatch(/email/);
    expect(mock.requests).toEqual([]);
  });

  it("retries a GET answered 503 once, and succeeds", async () => {
    mock.clearRequests();
    mock.inject({ operationId: "listUsers", status: 503 });
    const count = await page.evaluate(
      async ({ baseUrl, apiKey }) => {
        const q = (globalThis as unknown as { quatrix: Quatrix }).quatrix;
        const c = q.createUserApiClient({ baseUrl, apiKey, maxRetries: 1, retryBaseDelayMs: 10 });
        return (await c.listUsers()).length;
      },
      { baseUrl: mock.baseUrl, apiKey: KEY },
    );
    expect(count).toBeGreaterThan(0);
    expect(mock.requests.filter((r) => r.operationId === "listUsers").map((r) => [r.status, r.injected])).toEqual([
      [503, true],
      [200, false],
    ]);
  });

  it("works with the client README's own examples: a withOptions header and a traceparent middleware", async () => {
    mock.clearRequests();
    const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const result = await page.evaluate(
      async ({ baseUrl, apiKey, traceparent }) => {
        const q = (globalThis as unknown as { quatrix: Quatrix }).quatrix;
        const client = q.createUserApiClient({ baseUrl, apiKey, maxRetries: 0 });
        const tenantB = client.withOptions({ headers: { "x-tenant": "b" } });
        const traced = client.withOptions({});
        traced.use({
          onRequest({ request }) {
            request.headers.set("traceparent", traceparent);
            return request;
          },
        });
        const outcome = (call: () => Promise<unknown>) =>
          call().then(
            () => "answered",
            (error: unknown) => `${(error as Error).name}: ${(error as Error).message}`,
          );
        return {
          tenant: await outcome(() => tenantB.listUsers()),
          traced: await outcome(() => traced.listUserGroups()),
          tracedPost: await outcome(() => traced.createUser({ name: "Traced", email: "traced@example.com" })),
        };
      },
      { baseUrl: mock.baseUrl, apiKey: KEY, traceparent },
    );
    expect(result).toEqual({ tenant: "answered", traced: "answered", tracedPost: "answered" });
    const calls = mock.requests.filter((r) => r.operationId !== undefined);
    expect(calls.map((r) => [r.operationId, r.status])).toEqual([
      ["listUsers", 200],
      ["listUserGroups", 200],
      ["createUser", 201],
    ]);
    expect(calls[0]?.headers["x-tenant"]).toBe("b");
    expect(calls[1]?.headers.traceparent).toBe(traceparent);
    expect(calls[2]?.headers.traceparent).toBe(traceparent);
    // The browser asked for the custom headers in its preflights, and was allowed them.
    const preflights = mock.requests.filter((r) => r.method === "OPTIONS");
    expect(preflights.map((r) => r.headers["access-control-request-headers"])).toEqual(
      expect.arrayContaining([expect.stringContaining("x-tenant"), expect.stringContaining("traceparent")]),
    );
  });

  it("is really cross-origin: without CORS the page cannot read the mock's answers", async () => {
    const closed = await startCheckedMockServer({ apiKey: KEY });
    const result = await page.evaluate(
      async ({ baseUrl, apiKey }) => {
        const q = (globalThis as unknown as { quatrix: Quatrix }).quatrix;
        const c = q.createUserApiClient({ baseUrl, apiKey, maxRetries: 0 });
        return c.listUsers().then(
          () => "read",
          (error: unknown) => (error instanceof q.QuatrixConnectionError ? "connection error" : String(error)),
        );
      },
      { baseUrl: closed.baseUrl, apiKey: KEY },
    );
    expect(result).toBe("connection error");
  });

  it("blocks a request to another host, and records it", async () => {
    const before = outside.length;
    const result = await page.evaluate(() =>
      fetch("http://blocked.example/").then(
        () => "reached",
        () => "blocked",
      ),
    );
    expect(result).toBe("blocked");
    // The probe is the one request recorded; the check below must still find none of the client's.
    expect(outside.splice(before)).toEqual(["http://blocked.example/"]);
  });

  it("raised no page error", () => {
    expect(consoleErrors).toEqual([]);
  });

  it("tried to reach nothing outside 127.0.0.1", () => {
    expect(outside).toEqual([]);
  });
});
