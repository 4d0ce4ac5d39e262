// A kept connection the server has ended is never written to, and a request is sent again (once,
// on a new connection) only when it provably never reached the server: against servers on
// 127.0.0.1 that end connections right after answering without `Connection: close`, reset them,
// or announce their idle time in `Keep-Alive`. Each server counts every POST it reads, by body,
// so a POST received twice is seen.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { type AddressInfo, createServer as createNetServer, type Server as NetServer, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { createUserApiClient, QuatrixConnectionError } from "../../src/index.js";
import { createNodeTransport, type NodeTransport, type NodeTransportOptions } from "../../src/node/index.js";
import { API_KEY, guardSecrets, rejection } from "../support/secrets.js";

guardSecrets();

/** What the server does once it has read a request: answer it, then maybe end the connection. */
type Handler = (req: IncomingMessage, res: ServerResponse, body: string, nth: number) => void;

interface CountingServer {
  baseUrl: string;
  /** How many times each POST body was read. */
  posts: Map<string, number>;
  /** Connections accepted, and the most open at once. */
  opened: number;
  mostOpen: number;
  /** Connections open now. */
  open(): number;
  server: Server;
}

const servers: Server[] = [];
const netServers: NetServer[] = [];
const transports: NodeTransport[] = [];
afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  for (const server of netServers.splice(0)) server.close();
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

async function startServer(handle: Handler): Promise<CountingServer> {
  const sockets = new Set<Socket>();
  let nth = 0;
  const state = { posts: new Map<string, number>(), opened: 0, mostOpen: 0 };
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => {
      if (req.method === "POST") state.posts.set(body, (state.posts.get(body) ?? 0) + 1);
      handle(req, res, body, ++nth);
    });
  });
  // The server never closes an idle connection on its own timer: only its handler does.
  server.keepAliveTimeout = 60_000;
  server.on("connection", (socket: Socket) => {
    state.opened++;
    sockets.add(socket);
    state.mostOpen = Math.max(state.mostOpen, sockets.size);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return Object.assign(state, {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/1.0`,
    open: () => sockets.size,
    server,
  });
}

function created(res: ServerResponse, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(201, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify({ id: "5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c", ...JSON.parse(body) }));
}

function clientOf(server: CountingServer, options: NodeTransportOptions = {}) {
  const transport = createNodeTransport(options);
  transports.push(transport);
  return createUserApiClient({ baseUrl: server.baseUrl, apiKey: API_KEY, transport, maxRetries: 0 });
}

const user = (i: number) => ({ name: "Ada Lovelace", email: `ada${i}@example.com` });

describe("a server that ends each connection right after answering, without Connection: close", () => {
  const closeAfterAnswer: Handler = (req, res, body) => {
    res.on("finish", () => req.socket.destroy());
    if (req.method === "POST") created(res, body);
    else {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("[]");
    }
  };

  it("300 createUser calls one after another: none fails, none is received twice", async () => {
    const server = await startServer(closeAfterAnswer);
    const client = clientOf(server);
    const failures: unknown[] = [];
    for (let i = 0; i < 300; i++) await client.createUser(user(i)).catch((error) => failures.push(error));
    expect(failures).toEqual([]);
    expect(server.posts.size).toBe(300);
    expect([...server.posts.values()].every((n) => n === 1)).toBe(true);
  });

  it("with maxSockets: 1, a connection handed straight to a waiting call is checked too, and the cap holds", async () => {
    const server = await startServer(closeAfterAnswer);
    const client = clientOf(server, { maxSockets: 1 });
    const outcomes = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => client.createUser(user(i))));
    expect(outcomes.filter((o) => o.status === "rejected")).toEqual([]);
    // New connections for a server that ends them count against maxSockets too (the server may
    // see the next one before the close of the last).
    expect(server.mostOpen).toBeLessThanOrEqual(2);
    expect(server.posts.size).toBe(50);
    expect([...server.posts.values()].every((n) => n === 1)).toBe(true);
  });

  it("32 calls at once, on as many connections: none fails, none is received twice", async () => {
    const server = await startServer(closeAfterAnswer);
    const client = clientOf(server);
    for (let round = 0; round < 5; round++) {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 32 }, (_, i) => client.createUser(user(round * 32 + i))),
      );
      expect(outcomes.filter((o) => o.status === "rejected")).toEqual([]);
    }
    expect(server.posts.size).toBe(160);
    expect([...server.posts.values()].every((n) => n === 1)).toBe(true);
  });

  it("over https with a private authority: the new connection trusts it too", async () => {
    const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`fixtures/${name}`, import.meta.url)), "utf8");
    const tls = { key: fixture("loopback-key.pem"), cert: fixture("loopback-cert.pem") };
    const posts = new Map<string, number>();
    const server = createHttpsServer(tls, (req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        posts.set(body, (posts.get(body) ?? 0) + 1);
        res.on("finish", () => req.socket.destroy());
        created(res, body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers.push(server);
    const transport = createNodeTransport({ ca: tls.cert });
    transports.push(transport);
    const client = createUserApiClient({
      baseUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}/api/1.0`,
      apiKey: API_KEY,
      transport,
      maxRetries: 0,
    });
    for (let i = 0; i < 30; i++) await expect(client.createUser(user(i))).resolves.toMatchObject(user(i));
    expect(posts.size).toBe(30);
    expect([...posts.values()].every((n) => n === 1)).toBe(true);
  });

  it("GET calls too, without the client's own retries", async () => {
    const server = await startServer(closeAfterAnswer);
    const client = clientOf(server);
    for (let i = 0; i < 50; i++) await expect(client.listUsers()).resolves.toEqual([]);
  });
});

describe("a kept connection that fails after the request was written", () => {
  it("reset after the request was written, before any answer: a POST is not sent again (notSent: false)", async () => {
    // A raw server: on its first connection it answers the first request and resets the
    // connection when the second arrives, unread, as a server's system does for a request that
    // arrives after its side was closed. Every other request is read and answered.
    const processed: string[] = [];
    let connections = 0;
    const server = createNetServer((socket) => {
      const connection = ++connections;
      let buffered = "";
      socket.setEncoding("latin1");
      socket.on("data", (chunk: string) => {
        buffered += chunk;
        for (;;) {
          const end = buffered.indexOf("\r\n\r\n");
          if (end < 0) return;
          const length = Number(/content-length: *(\d+)/i.exec(buffered.slice(0, end))?.[1] ?? 0);
          if (buffered.length < end + 4 + length) return;
          if (connection === 1 && processed.length === 1) {
            socket.resetAndDestroy();
            return;
          }
          const body = buffered.slice(end + 4, end + 4 + length);
          buffered = buffered.slice(end + 4 + length);
          processed.push(body);
          const answer = JSON.stringify({ id: "5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c", ...JSON.parse(body) });
          socket.write(
            `HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: ${answer.length}\r\n\r\n${answer}`,
          );
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    netServers.push(server);
    const transport = createNodeTransport();
    transports.push(transport);
    const client = createUserApiClient({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/1.0`,
      apiKey: API_KEY,
      transport,
      maxRetries: 0,
    });
    await client.createUser(user(1));
    // The server may have read it (this one did, then reset): sending it again could create the
    // user twice, so the call fails and says it may have been sent.
    const error = await rejection(client.createUser(user(2)));
    expect(error).toBeInstanceOf(QuatrixConnectionError);
    expect((error as QuatrixConnectionError).notSent).toBe(false);
    expect(processed).toEqual([JSON.stringify(user(1))]);
    expect(connections).toBe(1);
  });

  it("ended by a server that read the request, with no answer: not sent again (notSent: false)", async () => {
    const server = await startServer((req, res, body, nth) => {
      if (nth === 2) {
        req.socket.end();
        return;
      }
      created(res, body);
    });
    const client = clientOf(server);
    await client.createUser(user(1));
    const error = await rejection(client.createUser(user(2)));
    expect(error).toBeInstanceOf(QuatrixConnectionError);
    expect((error as QuatrixConnectionError).notSent).toBe(false);
    expect(server.posts.get(JSON.stringify(user(2)))).toBe(1);
    expect(server.opened).toBe(1);
  });
});

describe("a call aborted while its kept connection is being checked", () => {
  it("sends nothing, sends nothing again, and leaves the next calls working", async () => {
    const server = await startServer((_req, res, body) => created(res, body));
    const client = clientOf(server);
    await client.createUser(user(1));
    const controller = new AbortController();
    const call = client.createUser(user(2), { signal: controller.signal });
    // The check takes two turns of the event loop: this abort lands inside it.
    setImmediate(() => controller.abort(new Error("stop")));
    expect((await rejection(call)).message).toBe("stop");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.posts.has(JSON.stringify(user(2)))).toBe(false);
    await expect(client.createUser(user(3))).resolves.toMatchObject(user(3));
    expect([...server.posts.values()].every((n) => n === 1)).toBe(true);
  });
});

describe("Keep-Alive: timeout", () => {
  it("is read wherever it is in the header: timeout=1 leaves nothing to keep the connection for", async () => {
    const server = await startServer((_req, res, body) => created(res, body, { "keep-alive": "max=100, timeout=1" }));
    const client = clientOf(server, { idleTimeoutMs: 60_000 });
    await client.createUser(user(1));
    await client.createUser(user(2));
    expect(server.opened).toBe(2);
  });

  it("less a second, bounds how long an idle connection is kept", async () => {
    const server = await startServer((_req, res, body) => created(res, body, { "keep-alive": "max=100, timeout=2" }));
    const client = clientOf(server, { idleTimeoutMs: 60_000 });
    await client.createUser(user(1));
    expect(server.open()).toBe(1);
    // The transport closes it after about a second; the server would keep it a minute.
    for (let waited = 0; server.open() > 0 && waited < 5_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(server.open()).toBe(0);
  });
});
