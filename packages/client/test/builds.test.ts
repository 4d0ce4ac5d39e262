// The ESM and the CommonJS build loaded in one process — as when an app imports the client and a
// CommonJS dependency requires it — recognise each other's errors with instanceof.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/test-server.js";

const run = promisify(execFile);
const dist = fileURLToPath(new URL("../dist/", import.meta.url));

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  server.fallback = () => ({ kind: "json", status: 400, body: { code: 31, msg: "User exists" } });
});
afterAll(() => server.close());

it("an error from either build is instanceof the other build's classes, and not of unrelated ones", async () => {
  const script = `
    import { createRequire } from "node:module";
    const esm = await import(${JSON.stringify(`${dist}index.mjs`)});
    const cjs = createRequire(import.meta.url)(${JSON.stringify(`${dist}index.js`)});
    if (esm.QuatrixApiError === cjs.QuatrixApiError) throw new Error("one copy only: the test proves nothing");
    const options = { baseUrl: process.argv[1], apiKey: "k", maxRetries: 0 };
    const fromEsm = await esm.createUserApiClient(options).createUser({ name: "Ada", email: "ada@example.com" }).catch((e) => e);
    const fromCjs = await cjs.createUserApiClient(options).createUser({ name: "Ada", email: "ada@example.com" }).catch((e) => e);
    const missingKey = await cjs.createUserApiClient({ ...options, apiKey: undefined }).listUsers().catch((e) => e);
    const check = (error, lib) => [
      error instanceof lib.QuatrixBadRequestError,
      error instanceof lib.QuatrixApiError,
      error instanceof lib.QuatrixError,
      error instanceof Error,
      error instanceof lib.QuatrixNotFoundError,
      error instanceof lib.QuatrixConnectionError,
    ];
    console.log(JSON.stringify({
      esmByCjs: check(fromEsm, cjs),
      cjsByEsm: check(fromCjs, esm),
      esmByEsm: check(fromEsm, esm),
      missingKey: [missingKey instanceof esm.QuatrixMissingApiKeyError, missingKey instanceof esm.QuatrixApiError],
      plain: [new Error("x") instanceof cjs.QuatrixError, null instanceof esm.QuatrixError, ({}) instanceof esm.QuatrixError],
    }));`;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script, `${server.url}/api/1.0`]);
  const expected = [true, true, true, true, false, false];
  expect(JSON.parse(stdout)).toEqual({
    esmByCjs: expected,
    cjsByEsm: expected,
    esmByEsm: expected,
    missingKey: [true, false],
    plain: [false, false, false],
  });
});
