// startMockServer: the node:http front door over the mock's core. It reads each request (up to
// maxBodyBytes), hands it to the core, and sends the answer — or drops the connection when an
// injected fault says so. Its timeouts keep slow and idle connections from piling up.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  type CoreAnswer,
  controlsOf,
  createMockCore,
  type MockControls,
  type MockCore,
  type MockOptions,
} from "./core.js";
import type { RecordedRequest } from "./journal.js";

export interface MockServerOptions extends MockOptions {
  /** The port to listen on; 0 picks a free one. Default: 0. */
  port?: number | undefined;
  /** The address to listen on. Default: "127.0.0.1". */
  host?: string | undefined;
  /**
   * Time allowed to receive a request's headers, in ms; then the answer is 408. A connection that
   * sends nothing at all is closed after this long too. Default: 10 000.
   */
  headersTimeoutMs?: number | undefined;
  /** Time allowed to receive a whole request, in ms; then the answer is 408. Default: 30 000. */
  requestTimeoutMs?: number | undefined;
  /** How long a kept-alive connection waits for its next request, in ms. Default: 5 000. */
  keepAliveTimeoutMs?: number | undefined;
  /**
   * A connection silent this long, in ms, is closed — a backstop for an answer the client stops
   * reading; keep it above requestTimeoutMs, so that a slow request gets its 408. Default: 60 000.
   */
  idleTimeoutMs?: number | undefined;
}

/** @deprecated Use RecordedRequest: the journal record onExchange receives. */
export type Exchange = RecordedRequest;

/** A running mock server and its controls. */
export interface MockServer extends MockControls {
  /** The server's origin, e.g. `http://127.0.0.1:4010`. */
  url: string;
  /** The API's base URL, e.g. `http://127.0.0.1:4010/api/1.0`: pass it to createUserApiClient. */
  baseUrl: string;
  /** Stops the server and ends its open connections. */
  close(): Promise<void>;
}

export const SERVER_DEFAULTS = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 60_000,
} as const;

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const {
    port = 0,
    host = "127.0.0.1",
    headersTimeoutMs = SERVER_DEFAULTS.headersTimeoutMs,
    requestTimeoutMs = SERVER_DEFAULTS.requestTimeoutMs,
    keepAliveTimeoutMs = SERVER_DEFAULTS.keepAliveTimeoutMs,
    idleTimeoutMs = SERVER_DEFAULTS.idleTimeoutMs,
    ...mockOptions
  } = options;
  const core = createMockCore(mockOptions);

  const sockets = new Set<Socket>();
  const server = createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      keepAliveTimeout: keepAliveTimeoutMs,
      // How often node checks the two request timeouts; its default (30 s) would let them overrun.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, headersTimeoutMs / 4)),
    },
    (req, res) => {
      answer(core, req, res).catch((error: unknown) => {
        // A client that went away needs no answer. (`req.destroyed` says nothing here: node
        // destroys a request once its body has been read.)
        if (res.destroyed || res.writableEnded || req.socket.destroyed) return;
        // A bug in the mock must still end the exchange, never hang it.
        console.error(`quatrix-user-api-mock: ${error instanceof Error ? error.stack : String(error)}`);
        if (!res.headersSent) {
          res.writeHead(500, { "content-type": "application/json", connection: "close" });
          res.end(JSON.stringify({ code: -1, msg: "Mock server error" }));
        } else res.destroy();
      });
    },
  );
  server.setTimeout(idleTimeoutMs, (socket) => socket.destroy());
  server.on("connection", (socket) => {
    sockets.add(socket);
    // node's headersTimeout starts with a request's first byte: a connection that sends nothing
    // would stay open until idleTimeoutMs. It gets headersTimeoutMs to begin, like any request.
    const silent = setTimeout(() => {
      if (socket.bytesRead === 0) socket.destroy();
    }, headersTimeoutMs);
    silent.unref();
    socket.on("close", () => {
      clearTimeout(silent);
      sockets.delete(socket);
    });
  });
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    // What node itself answers for each error, but never with a stack or an internal message.
    const status = error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
    const reason =
      status === 408 ? "Request Timeout" : status === 431 ? "Request Header Fields Too Large" : "Bad Request";
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const origin = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  // The controls keep `requests` a live getter: the other members are added to them, not spread.
  return Object.assign(controlsOf(core), {
    url: origin,
    baseUrl: origin + core.basePath,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  });
}

async function answer(core: MockCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readText(req, core.maxBodyBytes);
  const reply = await core.handle({
    method: req.method ?? "GET",
    url: req.url ?? "/",
    headers: req.headers as Record<string, string | undefined>,
    body: body.text,
    bodyTooLarge: body.tooLarge,
  });
  send(req, res, reply);
}

function send(req: IncomingMessage, res: ServerResponse, reply: CoreAnswer): void {
  if (reply.drop === "before-response") {
    res.socket?.destroy();
    return;
  }
  const bytes = Buffer.from(reply.body, "utf8");
  const headers: Record<string, string> = { ...reply.headers, "content-length": String(bytes.length) };
  // An empty body cannot be cut with a Content-Length of 0: send it chunked and never end it.
  if (reply.drop === "during-body" && bytes.length === 0) delete headers["content-length"];
  // A body we stopped reading cannot be drained: close the connection after answering.
  if (!req.complete) headers.connection = "close";
  res.writeHead(reply.status, headers);
  if (reply.drop === "during-body") {
    // Half the body, then the connection ends: the client sees a truncated answer.
    if (bytes.length === 0) res.flushHeaders();
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
    return;
  }
  res.end(bytes);
}

/** The body as text, or tooLarge as soon as it exceeds `maxBytes` (the rest is not read). */
function readText(req: IncomingMessage, maxBytes: number): Promise<{ text: string | undefined; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > maxBytes) {
      req.pause();
      return resolve({ text: undefined, tooLarge: true });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.pause();
        req.removeAllListeners("data");
        resolve({ text: undefined, tooLarge: true });
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () =>
      resolve({ text: size === 0 ? undefined : Buffer.concat(chunks).toString("utf8"), tooLarge: false }),
    );
    req.on("error", reject);
  });
}
