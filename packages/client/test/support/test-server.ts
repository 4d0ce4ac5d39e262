// A real node:http server on 127.0.0.1 for the client's tests. It records every request it
// receives and answers as each test scripts it: with a document example, an error body, or a
// fault (reset, hang, slowness, garbage). It never imports the client.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

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
  | { kind: "truncated"; status: number; body: string };

export interface TestServer {
  url: string;
  /** Requests whose headers arrived (a reset-before-read still counts: the server saw it). */
  requests: RecordedRequest[];
  /** Queue behaviours for the next requests; when the queue is empty `fallback` answers. */
  enqueue(...behaviours: Behaviour[]): void;
  fallback: (request: RecordedRequest) => Behaviour;
  /** Forget the recorded requests and the behaviours not used yet. */
  reset(): void;
  close(): Promise<void>;
}

export async function startTestServer(port = 0): Promise<TestServer> {
  const queue: Behaviour[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
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
  });
  server.on("connection", (socket) => {
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
    }
  }

  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.address() as AddressInfo;
  const state: TestServer = {
    url: `http://127.0.0.1:${bound}`,
    requests: [],
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
