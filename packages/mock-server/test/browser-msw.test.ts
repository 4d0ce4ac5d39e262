// The MSW handlers in a browser. First statically: esbuild bundles the `./msw` entry (and the
// client code it reaches) for `--platform=browser`, where a Node.js built-in does not resolve.
// Then for real: Debian's headless Chromium runs msw's setupWorker with the handlers (msw's
// mockServiceWorker.js served from 127.0.0.1), and the client in the page calls every operation
// of the document through the worker; inject() and the journal are used from the page.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { apiModel } from "@quatrix/user-api-client/internal";
import { build } from "esbuild";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserApiHandlers } from "../src/msw.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const require = createRequire(import.meta.url);
const packageDir = fileURLToPath(new URL("../", import.meta.url));

/** Bundles for the browser; esbuild fails with `Could not resolve "crypto"` on a Node.js built-in. */
async function browserBundle(entry: { contents: string } | { file: string }) {
  return build({
    ...("file" in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.contents, resolveDir: packageDir, loader: "ts" } }),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
}

describe("the ./msw entry bundled with esbuild --platform=browser", () => {
  it("reaches no Node.js built-in, neither in the mock nor in the client code it imports", async () => {
    const result = await browserBundle({
      contents: 'export { createUserApiHandlers } from "@quatrix/user-api-mock/msw";',
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    // The built entry a consumer gets, and the client's internal entry it imports.
    // (Paths are relative to this package; workspace links are followed to the client's folder.)
    expect(inputs).toContain("dist/msw.mjs");
    expect(inputs).toContain("../client/dist/internal.mjs");
    expect(inputs.filter((i) => i.startsWith("node:") || i.includes("(disabled)"))).toEqual([]);
    // Globals esbuild lets through but a browser does not have.
    const ours = inputs.filter((i) => /^(\.\.\/client\/)?dist\//.test(i));
    expect(ours.length).toBeGreaterThan(2);
    for (const input of ours) {
      const text = readFileSync(path.resolve(input), "utf8");
      expect(text, input).not.toMatch(/\bBuffer\b|\brequire\(|\bnode:/);
    }
  });
});

type Quatrix = typeof import("@quatrix/user-api-client");
type Window = { quatrix: Quatrix; mock: UserApiHandlers };

/** Serves the page, its bundle and msw's worker script on 127.0.0.1. */
async function servePage(): Promise<{ server: Server; origin: string }> {
  const bundled = await browserBundle({ file: fileURLToPath(new URL("./browser/msw-page.ts", import.meta.url)) });
  const files: Record<string, [string, string]> = {
    "/": [
      "text/html",
      '<!doctype html><html><head><meta charset="utf-8"><title>msw</title></head><body><script type="module" src="/page.js"></script></body></html>',
    ],
    "/page.js": ["text/javascript", bundled.outputFiles[0]?.text ?? ""],
    "/mockServiceWorker.js": ["text/javascript", readFileSync(require.resolve("msw/mockServiceWorker.js"), "utf8")],
  };
  const server = createServer((req, res) => {
    const file = files[req.url ?? ""];
    res.writeHead(file ? 200 : 404, { "content-type": file?.[0] ?? "text/plain" });
    res.end(file?.[1] ?? "");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe.skipIf(!hasChromium)("setupWorker with the handlers in headless Chromium", () => {
  let page: Page;
  let context: BrowserContext;
  let pageServer: Server;
  let userDataDir: string;
  const outside: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const served = await servePage();
    pageServer = served.server;
    userDataDir = mkdtempSync(path.join(tmpdir(), "quatrix-msw-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--proxy-server=http://127.0.0.1:9",
      ],
    });
    context.on("request", (request) => {
      const target = new URL(request.url());
      if (target.protocol !== "data:" && target.hostname !== "127.0.0.1") outside.push(target.href);
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    await page.goto(`${served.origin}/`);
    await page.waitForFunction(() => "mock" in globalThis, undefined, { timeout: 20_000 });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => pageServer?.close(resolve));
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("answers the client's call of every operation of the document, recorded in the page's journal", async () => {
    // Every operation, called from the model: the owner's id for each path parameter, the
    // document's first request example as the body; a new user for the operations on users.
    const operations = apiModel.operations.map((op) => ({
      operationId: op.operationId,
      pathParams: op.pathParams,
      body: op.requestBody ? Object.values(op.requestBody.examples ?? {})[0] : undefined,
    }));
    const result = await page.evaluate(async (operations) => {
      const { quatrix: q, mock } = globalThis as unknown as Window;
      const c = q.createUserApiClient({ baseUrl: mock.baseUrl, apiKey: "browser-key", maxRetries: 0 });
      const owner = (await c.listUsers())[0];
      if (!owner) throw new Error("the account has no owner");
      const answered: Record<string, number> = {};
      for (const op of operations) {
        const method = (c as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[op.operationId];
        if (!method) throw new Error(`the client has no method ${op.operationId}`);
        const args = [...op.pathParams.map(() => owner.id), ...(op.body === undefined ? [] : [op.body])];
        try {
          await method(...args);
          answered[op.operationId] = 200;
        } catch (error) {
          // An error the mock answered (the example names a user the account lacks, say) still
          // shows the worker routed the operation; anything else (a network error) fails.
          if (!(error instanceof q.QuatrixApiError)) throw error;
          answered[op.operationId] = error.status;
        }
      }
      // Someone the default account (the document's example users) does not hold yet.
      const created = await c.createUser({ name: "Hedy Lamarr", email: "hedy@example.com" });
      const fetched = await c.getUser(created.id);
      return {
        answered,
        created: fetched.email,
        journal: mock.requests.map((r) => [r.operationId, r.status]),
        emails: (await c.listUsers()).map((u) => u.email),
      };
    }, operations);
    expect(Object.keys(result.answered).sort()).toEqual(operations.map((o) => o.operationId).sort());
    for (const [operationId, status] of Object.entries(result.answered)) expect(status, operationId).toBeLessThan(500);
    expect(result.created).toBe("hedy@example.com");
    expect(result.emails).toContain("hedy@example.com");
    // The journal, read in the page: every operation was recorded with the status it got.
    const recorded = new Set(result.journal.map(([operationId]) => operationId));
    for (const op of operations) expect(recorded.has(op.operationId), op.operationId).toBe(true);
  });

  it("inject() in the page fails the next call, then the operation answers again", async () => {
    const result = await page.evaluate(async () => {
      const { quatrix: q, mock } = globalThis as unknown as Window;
      const c = q.createUserApiClient({ baseUrl: mock.baseUrl, apiKey: "browser-key", maxRetries: 0 });
      mock.clearRequests();
      mock.inject({ operationId: "listUsers", status: 503, headers: { "retry-after": "0" } });
      const first = await c.listUsers().then(
        () => "answered",
        (error: unknown) => (error instanceof q.QuatrixServerError ? `server error ${error.status}` : String(error)),
      );
      const second = (await c.listUsers()).length > 0;
      mock.inject({ operationId: "getUser", reset: "before-response" });
      const dropped = await c.getUser("00000000-0000-4000-8000-000000000000").then(
        () => "answered",
        (error: unknown) => (error instanceof q.QuatrixConnectionError ? "connection error" : String(error)),
      );
      return {
        first,
        second,
        dropped,
        journal: mock.requests.map((r) => ({ operationId: r.operationId, status: r.status, injected: r.injected })),
      };
    });
    expect(result.first).toBe("server error 503");
    expect(result.second).toBe(true);
    expect(result.dropped).toBe("connection error");
    expect(result.journal).toEqual([
      { operationId: "listUsers", status: 503, injected: true },
      { operationId: "listUsers", status: 200, injected: false },
      { operationId: "getUser", status: 0, injected: true },
    ]);
  });
});
