// The built package, loaded as Node loads it for a consumer — require() and import() in their
// own processes — creates a client and makes a real request.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/test-server.js";

const run = promisify(execFile);
const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const USERS = [{ id: "5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c", name: "Ada", email: "ada@example.com" }];

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  server.fallback = () => ({ kind: "json", status: 200, body: USERS });
});
afterAll(() => server.close());

it("dist exists (npm run build ran)", () => {
  expect(existsSync(`${dist}index.js`) && existsSync(`${dist}index.mjs`)).toBe(true);
});

it("require() of the CommonJS build, openapi-fetch surface included", async () => {
  const script = `
    const { createUserApiClient, QuatrixApiError } = require(${JSON.stringify(`${dist}index.js`)});
    if (typeof QuatrixApiError !== "function") throw new Error("no QuatrixApiError");
    const client = createUserApiClient({ baseUrl: process.argv[1], apiKey: "k" });
    Promise.all([client.listUsers(), client.GET("/user")]).then(([users, { data }]) =>
      console.log(JSON.stringify({ users, data })));`;
  const { stdout } = await run(process.execPath, ["-e", script, `${server.url}/api/1.0`]);
  expect(JSON.parse(stdout)).toEqual({ users: USERS, data: USERS });
});

it("import() of the ES module build, validation and openapi-fetch chunks included", async () => {
  const script = `
    const { createUserApiClient } = await import(${JSON.stringify(`${dist}index.mjs`)});
    const client = createUserApiClient({ baseUrl: process.argv[1], apiKey: "k", validateResponses: true });
    const users = await client.listUsers();
    const refused = await client.getUser("nope").catch((e) => e.name);
    const { data } = await client.GET("/user");
    console.log(JSON.stringify({ users, refused, data }));`;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script, `${server.url}/api/1.0`]);
  expect(JSON.parse(stdout)).toEqual({ users: USERS, refused: "QuatrixValidationError", data: USERS });
});
