// The Node transport's own behaviour, beyond the rules the whole suite checks on both
// transports: connections kept, capped, ended and unref'd; https with a private CA; its options
// checked. Every request goes to a real server on 127.0.0.1 that counts its connections.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createUserApiClient, QuatrixConnectionError, QuatrixError, QuatrixTimeoutError } from "../../src/index.js";
import { createNodeTransport, type NodeTransport, type NodeTransportOptions } from "../../src/node/index.js";
import { API_KEY, guardSecrets, rejection } from "../support/secrets.js";
import { startTestServer } from "../support/test-server.js";

guardSecrets();

const run = promisify(execFile);
const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`fixtures/${name}`, import.meta.url)), "utf8");

/** A server answering `[]` to every request after `delayMs`, counting its connections. */
interface CountingServer {
  url: string;
  /** Connections accepted so far. */
  opened: number;
  /** Connections open now, and the most open at once. */
  open: number;
  mostOpen: number;
  hosts: string[];
  delayMs: number;
  /** Resolves once no connection is open. */
  allClosed(): Promise<void>;
  close(): Promise<void>;
}

async function startCountingServer(): Promise<CountingServer> {
  const sockets = new Set<Socket>();
  const state = { opened: 0, open: 0, mostOpen: 0, hosts: [] as string[], delayMs: 0 };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    state.hosts.push(req.headers.host ?? "");
    req.resume();
    req.on("end", () =>
      setTimeout(() => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end("[]");
      }, state.delayMs),
    );
  });
  // The server never closes an idle connection first: what closes one is the client.
  server.keepAliveTimeout = 60_000;
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    state.opened++;
    state.open++;
    state.mostOpen = Math.max(state.mostOpen, state.open);
    socket.on("close", () => {
      sockets.delete(socket);
      state.open--;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    async allClosed() {
      for (let waited = 0; state.open > 0 && waited < 10_000; waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  });
}

let server: CountingServer;
const transports: NodeTransport[] = [];
beforeAll(async () => {
  server = await startCountingServer();
});
afterAll(() => server.close());
afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await server.allClosed();
  Object.assign(server, { opened: 0, mostOpen: 0, hosts: [], delayMs: 0 });
});

function clientOver(options: NodeTransportOptions = {}) {
  const transport = createNodeTransport(options);
  transports.push(transport);
  const client = createUserApiClient({ baseUrl: `${server.url}/api/1.0`, apiKey: API_KEY, maxRetries: 0, transport });
  return { client, transport };
}

describe("connections", () => {
  it("are kept and reused by default: sequential calls share one", async () => {
    const { client } = clientOver();
    for (let i = 0; i < 5; i++) await client.listUsers();
    expect(server.opened).toBe(1);
    expect(server.hosts).toEqual(Array(5).fill(server.url.slice("http://".length)));
  });

  it("are opened per request with keepAlive: false", async () => {
    const { client } = clientOver({ keepAlive: false });
    for (let i = 0; i < 3; i++) await client.listUsers();
    expect(server.opened).toBe(3);
  });

  it("are capped by maxSockets; the other calls wait for a free one", async () => {
    server.delayMs = 50;
    const { client } = clientOver({ maxSockets: 2 });
    await expect(Promise.all(Array.from({ length: 6 }, () => client.listUsers()))).resolves.toHaveLength(6);
    expect(server.mostOpen).toBe(2);
    expect(server.opened).toBe(2);
  });

  it("a call waiting for a free connection still times out", async () => {
    server.delayMs = 1_500;
    const { client } = clientOver({ maxSockets: 1 });
    const first = client.listUsers();
    const error = await rejection(client.listUsers({ timeoutMs: 100 }));
    expect(error).toBeInstanceOf(QuatrixTimeoutError);
    await expect(first).resolves.toEqual([]);
    expect(server.opened).toBe(1);
  });

  it("idle ones are closed after idleTimeoutMs", async () => {
    const { client } = clientOver({ idleTimeoutMs: 50 });
    await client.listUsers();
    await server.allClosed();
    expect(server.open).toBe(0);
    // A call after that opens a new one.
    await client.listUsers();
    expect(server.opened).toBe(2);
  });

  it("an idle limit does not cut a slow call on a reused connection", async () => {
    server.delayMs = 300;
    const { client } = clientOver({ idleTimeoutMs: 50 });
    // Back to back: the second call reuses the first one's connection before it idles out.
    await client.listUsers();
    await expect(client.listUsers()).resolves.toEqual([]);
    expect(server.opened).toBe(1);
  });
});

describe("close()", () => {
  it("ends idle connections at once and refuses later calls, sending nothing", async () => {
    const { client, transport } = clientOver({ idleTimeoutMs: 60_000 });
    await client.listUsers();
    expect(server.open).toBe(1);
    await transport.close();
    await server.allClosed();
    expect(server.open).toBe(0);
    const error = await rejection(client.listUsers());
    expect(error).toBeInstanceOf(QuatrixError);
    expect(error.message).toMatch(/closed/);
    expect(server.hosts).toHaveLength(1);
  });

  it("lets a call in flight finish, then ends its connection", async () => {
    server.delayMs = 200;
    const { client, transport } = clientOver({ idleTimeoutMs: 60_000 });
    const call = client.listUsers();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await transport.close();
    await expect(call).resolves.toEqual([]);
    await server.allClosed();
    expect(server.open).toBe(0);
  });
});

describe("the built entry", () => {
  const dist = fileURLToPath(new URL("../../dist/", import.meta.url));

  it("a process that never calls close() exits once its calls are done (ES module)", async () => {
    // Idle connections are unref'd: neither the kept connection (the server would keep it a
    // minute, and so would the transport) nor the agent keeps the event loop alive.
    const script = `
      const { createUserApiClient } = await import(${JSON.stringify(`${dist}index.mjs`)});
      const { createNodeTransport } = await import(${JSON.stringify(`${dist}node.mjs`)});
      const transport = createNodeTransport({ idleTimeoutMs: 60_000 });
      const client = createUserApiClient({ baseUrl: process.argv[1], apiKey: "k", transport });
      console.log(JSON.stringify(await client.listUsers()));`;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script, `${server.url}/api/1.0`], {
      timeout: 30_000,
    });
    expect(JSON.parse(stdout)).toEqual([]);
    expect(server.opened).toBe(1);
  });

  it.each([
    ["ES module", "index.mjs", "node.mjs"],
    ["CommonJS", "index.js", "node.js"],
  ])(
    "sends through http.request as it is at call time, so interceptors (MSW, nock) see it (%s)",
    async (_, index, node) => {
      // Interceptors replace http.request / https.request on the module object. A transport that
      // kept the function it imported would send past them, to the real host, key and all.
      const script = `
      const http = require("node:http");
      const original = http.request;
      let seen = 0;
      const { createUserApiClient } = await import(${JSON.stringify(dist)} + process.argv[2]);
      const { createNodeTransport } = await import(${JSON.stringify(dist)} + process.argv[3]);
      const transport = createNodeTransport();
      http.request = function (...args) { seen += 1; return original.apply(this, args); };
      const client = createUserApiClient({ baseUrl: process.argv[1], apiKey: "k", transport });
      await client.listUsers();
      await transport.close();
      console.log(seen);`;
      const { stdout } = await run(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `import { createRequire } from "node:module"; const require = createRequire(import.meta.url); ${script}`,
          `${server.url}/api/1.0`,
          index,
          node,
        ],
        { timeout: 30_000 },
      );
      expect(stdout.trim()).toBe("1");
    },
  );

  it("require() of the CommonJS build throws the main entry's own error classes", async () => {
    // The node entry loads the main entry rather than a copy of it: a failure it reports is
    // the class the client checks (a copy would turn "too large" into a connection error).
    const script = `
      const { createUserApiClient, QuatrixResponseTooLargeError } = require(${JSON.stringify(`${dist}index.js`)});
      const { createNodeTransport } = require(${JSON.stringify(`${dist}node.js`)});
      const transport = createNodeTransport();
      const client = createUserApiClient({ baseUrl: process.argv[1], apiKey: "k", transport, maxResponseBytes: 1 });
      client.listUsers().catch((error) => {
        console.log(JSON.stringify([error instanceof QuatrixResponseTooLargeError, error.limit]));
        return transport.close();
      });`;
    const { stdout } = await run(process.execPath, ["-e", script, `${server.url}/api/1.0`], { timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual([true, 1]);
  });
});

describe("https", () => {
  const tls = { key: fixture("loopback-key.pem"), cert: fixture("loopback-cert.pem") };

  it("trusts a private certificate authority given as ca", async () => {
    const secure = await startTestServer({ tls });
    secure.fallback = () => ({ kind: "json", status: 200, body: [] });
    try {
      const transport = createNodeTransport({ ca: tls.cert });
      transports.push(transport);
      const client = createUserApiClient({ baseUrl: `${secure.url}/api/1.0`, apiKey: API_KEY, transport });
      await expect(client.listUsers()).resolves.toEqual([]);
      expect(secure.requests[0]?.headers["x-auth-token"]).toBe(API_KEY);
    } finally {
      await secure.close();
    }
  });

  it("refuses a certificate no authority vouches for, as a connection error", async () => {
    const secure = await startTestServer({ tls });
    try {
      const transport = createNodeTransport();
      transports.push(transport);
      const client = createUserApiClient({ baseUrl: `${secure.url}/api/1.0`, apiKey: API_KEY, transport });
      const error = await rejection(client.listUsers({ maxRetries: 0 }));
      expect(error).toBeInstanceOf(QuatrixConnectionError);
      expect(secure.requests).toHaveLength(0);
    } finally {
      await secure.close();
    }
  });
});

describe("options", () => {
  it("are checked when the transport is created", () => {
    for (const bad of [
      { maxSockets: 0 },
      { maxSockets: 1.5 },
      { maxSockets: Number.NaN },
      { idleTimeoutMs: 0 },
      { idleTimeoutMs: Number.POSITIVE_INFINITY },
      { keepAlive: "yes" as unknown as boolean },
    ]) {
      expect(() => createNodeTransport(bad), JSON.stringify(bad)).toThrow(QuatrixError);
    }
    expect(() => createNodeTransport({ maxSockets: Number.POSITIVE_INFINITY, idleTimeoutMs: 1 })).not.toThrow();
  });
});
