// A real node:http (or node:https) server on a loopback address for the client's tests. It
// records every request it receives and answers as each test scripts it: with a document
// example, an error body, a redirect, an endless or inflating body, or a fault (reset, hang,
// slowness, garbage). It never imports the client. `useTestServer` gives a test file its own.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { Readable } from "node:stream";
import { createGzip } from "node:zlib";
import { afterAll, afterEach, beforeAll } from "vitest";

// 64 KiB chunks made once: streaming a large body allocates nothing per chunk.
const FILLER = Buffer.alloc(64 * 1024, "x");
const OPENING = Buffer.concat([Buffer.from('"'), FILLER.subarray(1)]);

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** What the server does with one request. */
export type Behaviour =
  | { kind: "json"; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: "raw"; status: number; body: string; contentType?: string; headers?: Record<string, string> }
  | { kind: "empty"; status: number; headers?: Record<string, string> }
  /** Destroy the connection before reading the body: the server never acted. */
  | { kind: "reset-before-read" }
  /** Read the whole request, then destroy the connection: the server may have acted. */
  | { kind: "reset-after-read" }
  /** Read the request and never answer. */
  | { kind: "hang" }
  /** Answer after `delayMs`. */
  | { kind: "slow"; delayMs: number; answer: Behaviour }
  /** Send headers and half a body, then destroy the connection. */
  | { kind: "truncated"; status: number; body: string }
  /** A redirect to `location`, with a small body. */
  | { kind: "redirect"; status: number; location: string }
  /**
   * A 200 JSON-looking body of `bytes` bytes (after decompression), generated as it is sent and
   * only as fast as the client reads: gzip-compressed on the fly when `gzip`, with a
   * `content-length` when `declaredLength` is given (for gzip it is the compressed length claimed).
   */
  | { kind: "stream"; bytes: number; gzip?: boolean; declaredLength?: number }
  /** A 200 whose JSON `body` is sent `chunkBytes` at a time, one chunk every `intervalMs`. */
  | { kind: "dribble"; body: unknown; chunkBytes: number; intervalMs: number };

export interface TestServerOptions {
  /** The loopback address to listen on. Default: 127.0.0.1. */
  host?: string;
  port?: number;
  /** A key and certificate to serve HTTPS with. */
  tls?: { key: string; cert: string };
}

export interface TestServer {
  url: string;
  /** Requests whose headers arrived (a reset-before-read still counts: the server saw it). */
  requests: RecordedRequest[];
  /** Body bytes (before compression) written by `stream` answers, in all. */
  streamedBytes: number;
  /** Queue behaviours for the next requests; when the queue is empty `fallback` answers. */
  enqueue(...behaviours: Behaviour[]): void;
  fallback: (request: RecordedRequest) => Behaviour;
  /** Forget the recorded requests and the behaviours not used yet. */
  reset(): void;
  close(): Promise<void>;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const { host = "127.0.0.1", port = 0, tls } = options;
  const queue: Behaviour[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const recorded: RecordedRequest = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: "" };
    state.requests.push(recorded);
    const behaviour = queue.shift() ?? state.fallback(recorded);
    if (behaviour.kind === "reset-before-read") {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      recorded.body = Buffer.concat(chunks).toString("utf8");
      act(behaviour, res);
    });
  };
  const server: Server = tls ? createTlsServer(tls, handler) : createServer(handler);
  // Idle kept-alive sockets outlive any pause of a loaded machine: a server closing one just as
  // the client reuses it would fail a test with ECONNRESET that has nothing to do with it.
  server.keepAliveTimeout = 120_000;
  server.on(tls ? "secureConnection" : "connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  function act(behaviour: Behaviour, res: ServerResponse): void {
    switch (behaviour.kind) {
      case "json":
        res.writeHead(behaviour.status, { "content-type": "application/json", ...behaviour.headers });
        res.end(JSON.stringify(behaviour.body));
        return;
      case "raw":
        res.writeHead(behaviour.status, { "content-type": behaviour.contentType ?? "text/html", ...behaviour.headers });
        res.end(behaviour.body);
        return;
      case "empty":
        res.writeHead(behaviour.status, behaviour.headers);
        res.end();
        return;
      case "reset-after-read":
      case "reset-before-read":
        res.socket?.destroy();
        return;
      case "hang":
        return;
      case "slow": {
        const timer = setTimeout(() => {
          timers.delete(timer);
          act(behaviour.answer, res);
        }, behaviour.delayMs);
        timers.add(timer);
        return;
      }
      case "truncated":
        res.writeHead(behaviour.status, {
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(behaviour.body) * 2),
        });
        res.write(behaviour.body);
        setImmediate(() => res.socket?.destroy());
        return;
      case "redirect":
        res.writeHead(behaviour.status, { location: behaviour.location, "content-type": "text/plain" });
        res.end("moved");
        return;
      case "dribble": {
        const bytes = Buffer.from(JSON.stringify(behaviour.body));
        res.writeHead(200, { "content-type": "application/json", "content-length": String(bytes.length) });
        let sent = 0;
        const next = () => {
          if (res.destroyed) return;
          res.write(bytes.subarray(sent, sent + behaviour.chunkBytes));
          sent += behaviour.chunkBytes;
          if (sent >= bytes.length) return void res.end();
          const timer = setTimeout(() => {
            timers.delete(timer);
            next();
          }, behaviour.intervalMs);
          timers.add(timer);
        };
        next();
        return;
      }
      case "stream": {
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (behaviour.gzip) headers["content-encoding"] = "gzip";
        if (behaviour.declaredLength !== undefined) headers["content-length"] = String(behaviour.declaredLength);
        res.writeHead(200, headers);
        const source = Readable.from(generate(behaviour.bytes), { objectMode: false });
        const body = behaviour.gzip ? source.pipe(createGzip({ level: 1 })) : source;
        body.pipe(res);
        res.on("close", () => source.destroy());
        return;
      }
    }
  }

  /** `bytes` bytes of an unfinished JSON string (`"xxxx…`), yielded only as fast as they are read. */
  function* generate(bytes: number): Generator<Buffer> {
    let left = bytes;
    while (left > 0) {
      const out = (left === bytes ? OPENING : FILLER).subarray(0, Math.min(left, FILLER.length));
      state.streamedBytes += out.length;
      left -= out.length;
      yield out;
    }
  }

  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const { port: bound } = server.address() as AddressInfo;
  const state: TestServer = {
    url: `${tls ? "https" : "http"}://${host}:${bound}`,
    requests: [],
    streamedBytes: 0,
    enqueue: (...behaviours) => queue.push(...behaviours),
    fallback: () => ({ kind: "json", status: 200, body: {} }),
    reset: () => {
      state.requests.length = 0;
      queue.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return state;
}

/** A loopback port with nothing listening on it: connecting is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The test server of a test file: started before its first test, reset (requests and queue)
 * after each, closed after the last. The object stands for the server once it has started, so
 * tests read `server.url` and `server.requests` and set `server.fallback` directly.
 */
export function useTestServer(fallback?: TestServer["fallback"]): TestServer {
  let started: TestServer | undefined;
  const current = (): TestServer => {
    if (!started) throw new Error("the test server starts in beforeAll: use it inside a test or hook");
    return started;
  };
  beforeAll(async () => {
    started = await startTestServer();
    if (fallback) started.fallback = fallback;
  });
  afterEach(() => started?.reset());
  afterAll(() => started?.close());
  return new Proxy({} as TestServer, {
    get: (_, name) => Reflect.get(current(), name),
    set: (_, name, value) => Reflect.set(current(), name, value),
  });
}
