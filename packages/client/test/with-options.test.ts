// client.withOptions: a derived client with options layered over the original's, sharing nothing
// mutable; both keep working independently.
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { API_KEY, guardSecrets, observe } from "./support/secrets.js";
import { startTestServer, type TestServer } from "./support/test-server.js";
import { clientFor } from "./support/transport.js";

guardSecrets();

let server: TestServer;
let other: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  other = await startTestServer();
  for (const s of [server, other]) s.fallback = () => ({ kind: "json", status: 200, body: [] });
});
afterAll(async () => {
  await server.close();
  await other.close();
});
afterEach(() => {
  server.reset();
  other.reset();
});

it("layers key, base URL and headers over the original's; the original is unchanged", async () => {
  const headers = { "X-Tenant": "a", "X-Trace": "t" };
  const original = clientFor(server, { headers });
  const derived = original.withOptions({
    baseUrl: `${other.url}/api/1.0`,
    apiKey: `${API_KEY}-tenant-b`,
    headers: { "x-tenant": "b" },
  });
  headers["X-Tenant"] = "changed after creation";
  await original.listUsers();
  await derived.listUsers();
  await original.GET("/user");
  expect(server.requests.map((r) => [r.headers["x-auth-token"], r.headers["x-tenant"], r.headers["x-trace"]])).toEqual([
    [API_KEY, "a", "t"],
    [API_KEY, "a", "t"],
  ]);
  expect(other.requests.map((r) => [r.headers["x-auth-token"], r.headers["x-tenant"], r.headers["x-trace"]])).toEqual([
    [`${API_KEY}-tenant-b`, "b", "t"],
  ]);
});

it("per-job timeouts and retries: the derived client's apply to it alone", async () => {
  const original = clientFor(server, { retryBaseDelayMs: 1 });
  const noRetries = original.withOptions({ maxRetries: 0 });
  server.enqueue({ kind: "json", status: 503, body: { code: -1, msg: "busy" } });
  const failed = await noRetries.listUsers().catch(observe);
  expect(failed).toBeInstanceOf(Error);
  expect(server.requests).toHaveLength(1);
  server.reset();
  server.enqueue({ kind: "json", status: 503, body: { code: -1, msg: "busy" } });
  await original.listUsers();
  expect(server.requests).toHaveLength(2);
});

it("options given as undefined keep the original's, and derived clients derive again", async () => {
  const original = clientFor(server);
  const derived = original
    .withOptions({ apiKey: undefined, headers: { "x-a": "1" } })
    .withOptions({ headers: { "x-b": "2" } });
  await derived.listUsers();
  expect(server.requests[0]?.headers).toMatchObject({ "x-auth-token": API_KEY, "x-a": "1", "x-b": "2" });
});
