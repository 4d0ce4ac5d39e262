// An https:// API answering with a redirect to http:// on another host: the key would cross the
// network in clear text if it were followed. The API here is a real TLS server on loopback with
// a certificate made for the test; the client runs in a child process that trusts it
// (NODE_EXTRA_CA_CERTS), and the http:// host records what reaches it: nothing may.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleClient, type ChildCall, runInChild } from "./support/child-client.js";
import { API_KEY, guardSecrets, observe } from "./support/secrets.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

guardSecrets();

let dir: string;
let api: TestServer;
let plain: TestServer;
let child: Awaited<ReturnType<typeof bundleClient>>;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "quatrix-tls-"));
  // A self-signed certificate for 127.0.0.1, valid for a day, made by the openssl CLI.
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      path.join(dir, "key.pem"),
      "-out",
      path.join(dir, "cert.pem"),
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
    ],
    { stdio: "ignore" },
  );
  const tls = {
    key: readFileSync(path.join(dir, "key.pem"), "utf8"),
    cert: readFileSync(path.join(dir, "cert.pem"), "utf8"),
  };
  api = await startTestServer({ tls });
  plain = await startTestServer({ host: "127.0.0.2" });
  child = await bundleClient();
}, 60_000);
afterAll(async () => {
  child?.close();
  await api?.close();
  await plain?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("https:// redirecting to http://", () => {
  it("is refused on both surfaces, for GET and POST, and the http:// host receives nothing", async () => {
    const calls: ChildCall[] = ["listUsers", "createUser", "GET", "POST"];
    const statuses = [301, 302, 303, 307, 308];
    // First a plain success: proves the child trusts the certificate, so that the refusals
    // below are the redirect rule at work and not a TLS failure.
    api.enqueue({ kind: "json", status: 200, body: [] });
    const plan: ChildCall[] = ["listUsers"];
    for (const status of statuses) {
      for (const call of calls) {
        api.enqueue({ kind: "redirect", status, location: `${plain.url}/api/1.0/user` });
        plan.push(call);
      }
    }
    expect(api.url.startsWith("https://127.0.0.1:")).toBe(true);
    const run = await runInChild(
      child.bundle,
      { options: { baseUrl: `${api.url}/api/1.0`, apiKey: API_KEY, retryBaseDelayMs: 5 }, calls: plan },
      { NODE_EXTRA_CA_CERTS: path.join(dir, "cert.pem") },
    );
    observe(JSON.stringify(run));
    const [first, ...refused] = run.results;
    expect(first).toEqual({ ok: true, data: [] });
    expect(refused).toHaveLength(statuses.length * calls.length);
    for (const result of refused) {
      expect(result).toMatchObject({ ok: false, name: "QuatrixRedirectError", location: `${plain.url}/api/1.0/user` });
    }
    expect(api.requests).toHaveLength(plan.length);
    expect(plain.requests).toEqual([]);
  }, 120_000);
});
