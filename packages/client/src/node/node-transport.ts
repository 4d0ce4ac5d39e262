// A transport over node:http / node:https with a keep-alive agent: the same contract as the
// fetch transport (see ../transport.ts) at about half of fetch's CPU per request, because it
// skips the WHATWG layer (Request, Headers, web streams) that Node's fetch builds per call.

/// <reference types="node" />

// The module objects, not their functions: `request` is read at each call, so that interceptors
// that replace http.request / https.request (MSW, nock) see the requests of the ES module build
// too (a named import keeps the function as it was when the module was loaded).
import http, { type ClientRequest, Agent as HttpAgent, type IncomingMessage } from "node:http";
import https, { Agent as HttpsAgent } from "node:https";
import type { Socket } from "node:net";
// The main entry, imported at run time rather than bundled in (see tsup.config.mts): the
// error classes the client checks with instanceof are then the app's own.
import { QuatrixError, type Transport, type TransportRequest, type TransportResponse } from "../index.js";
import { unexpectedInformational, withoutRawBytes } from "./failures.js";
import { readBody } from "./read-body.js";
import { type Release, SocketReleases } from "./socket-reuse.js";

export interface NodeTransportOptions {
  /**
   * The most connections open at once to one host, in use or idle; further requests wait for a
   * free one (the per-attempt `timeoutMs` counts the wait). Default: no limit, as with fetch.
   */
  maxSockets?: number | undefined;
  /** Keep connections open after a request and reuse them. Default: true. */
  keepAlive?: boolean | undefined;
  /**
   * How long an idle connection is kept for reuse, in milliseconds; a server's
   * `Keep-Alive: timeout=N` less a second wins when shorter. Staying below common server
   * timeouts spares requests the wait for a new connection when a server closes an idle one;
   * a connection the server has ended is never written to either way. Default: 4 000 (fetch's).
   */
  idleTimeoutMs?: number | undefined;
  /**
   * Certificate authorities trusted for https, in PEM, replacing Node's list (use the
   * `NODE_EXTRA_CA_CERTS` environment variable to add to it instead). Default: Node's list.
   */
  ca?: string | readonly string[] | undefined;
}

/** A transport for `createUserApiClient({ transport })`; `close()` ends its idle connections. */
export interface NodeTransport extends Transport {
  /**
   * Ends the idle connections at once and every other one as soon as its request is done;
   * requests sent afterwards are refused. A process that never calls it still exits: idle
   * connections do not keep it alive.
   */
  close(): Promise<void>;
}

export const NODE_TRANSPORT_DEFAULTS = {
  maxSockets: Number.POSITIVE_INFINITY,
  keepAlive: true,
  idleTimeoutMs: 4_000,
} as const;

/** Where requests to one origin go: parsed once per origin, not once per request. */
interface Target {
  /** The module whose `request` sends to this origin. */
  module: typeof http | typeof https;
  protocol: string;
  hostname: string;
  port: string;
  /** The `host` header: host and port as the URL has them (brackets kept for IPv6). */
  host: string;
  agent: HttpAgent;
  /**
   * Until when (Date.now() time) each request gets a new connection: set when the server was
   * seen ending a kept connection right after an answer, as some do without `Connection: close`.
   * 0: connections are kept.
   */
  freshUntil: number;
}

/** A kept connection the server ended this soon after its answer: the server ends them all so. */
const CLOSED_AFTER_ANSWER_MS = 1_000;
/** How long requests to such a server then go on new connections, before keeping them is tried again. */
const FRESH_CONNECTIONS_MS = 30_000;
/**
 * The most kept connections one request may find closed before it is written: each is provably
 * unsent, and each is dropped from the pool, so this is reached only with a pool full of them.
 */
const MAX_CLOSED_CONNECTIONS = 16;

/** Creates a Node.js transport; see `NodeTransportOptions` for the defaults. */
export function createNodeTransport(options: NodeTransportOptions = {}): NodeTransport {
  const maxSockets = options.maxSockets ?? NODE_TRANSPORT_DEFAULTS.maxSockets;
  const keepAlive = options.keepAlive ?? NODE_TRANSPORT_DEFAULTS.keepAlive;
  const idleTimeoutMs = options.idleTimeoutMs ?? NODE_TRANSPORT_DEFAULTS.idleTimeoutMs;
  if (!(maxSockets >= 1 && (Number.isInteger(maxSockets) || maxSockets === Number.POSITIVE_INFINITY))) {
    throw new QuatrixError("createNodeTransport: maxSockets must be a whole number ≥ 1 (or Infinity)");
  }
  if (!(Number.isFinite(idleTimeoutMs) && idleTimeoutMs >= 1)) {
    throw new QuatrixError("createNodeTransport: idleTimeoutMs must be a number ≥ 1");
  }
  if (typeof keepAlive !== "boolean") throw new QuatrixError("createNodeTransport: keepAlive must be true or false");

  let closed = false;
  const agentOptions = { keepAlive, maxSockets };
  const ca = options.ca === undefined ? undefined : [...[options.ca].flat()];
  const agents = [
    new HttpAgent(agentOptions),
    new HttpsAgent(ca === undefined ? agentOptions : { ...agentOptions, ca }),
  ] as const;
  const releases = new SocketReleases(idleTimeoutMs);
  for (const agent of agents) limitIdleSockets(agent, releases, () => closed);

  const targets = new Map<string, Target>();
  let lastOrigin = "";
  let lastTarget: Target | undefined;
  function targetOf(origin: string): Target {
    if (origin === lastOrigin && lastTarget !== undefined) return lastTarget;
    let target = targets.get(origin);
    if (target === undefined) {
      const url = new URL(origin);
      const secure = url.protocol === "https:";
      target = {
        module: secure ? https : http,
        protocol: url.protocol,
        hostname: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port,
        host: url.host,
        agent: secure ? agents[1] : agents[0],
        freshUntil: 0,
      };
      targets.set(origin, target);
    }
    lastOrigin = origin;
    lastTarget = target;
    return target;
  }

  return {
    send(request: TransportRequest): Promise<TransportResponse> {
      return new Promise((resolve, reject) => {
        if (closed)
          return reject(new QuatrixError("this Node transport was closed; create a new one to send requests"));
        const { signal } = request;
        if (signal?.aborted) return reject(signal.reason);
        const url = request.url;
        const pathStart = url.indexOf("/", url.indexOf("//") + 2);
        const target = targetOf(pathStart < 0 ? url : url.slice(0, pathStart));

        // A flat [name, value, …] list: Node validates each pair and writes it as it is,
        // skipping the per-header bookkeeping of setHeader().
        const headers: string[] = [];
        const given = request.headers;
        if (given.host === undefined) headers.push("host", target.host);
        for (const name in given) headers.push(name, given[name] as string);
        const body = request.body;
        // Stated always for a method that may carry a body: else Node sends it chunked.
        if (body !== undefined) headers.push("content-length", String(Buffer.byteLength(body)));
        else if (request.method !== "GET" && request.method !== "HEAD") headers.push("content-length", "0");

        let settled = false;
        let outgoing: ClientRequest | undefined;
        const settle = () => {
          settled = true;
          signal?.removeEventListener("abort", onAbort);
        };
        const fail = (error: unknown) => {
          if (settled) return;
          settle();
          reject(withoutRawBytes(error));
        };
        function onAbort() {
          // Destroying the request drops its connection and, with it, a body being read.
          outgoing?.destroy();
          fail(signal?.reason);
        }
        signal?.addEventListener("abort", onAbort, { once: true });

        /** Attempts made; see MAX_CLOSED_CONNECTIONS. */
        let attempts = 0;
        /** The request's head and a `Connection: close`, for an attempt whose connection is not kept. */
        const closing = given.connection === undefined ? [...headers, "connection", "close"] : headers;

        /**
         * Sends the request once. `fresh`: asking for its connection to be closed after the answer
         * (`Connection: close`, so the agent never keeps it; it still counts against maxSockets) —
         * for a server seen ending connections right after answering (`freshUntil`), and for the
         * retries after a kept connection failed before the request could have reached it:
         * - it closed before a byte of the request was written to it (nothing is written to a
         *   kept connection before it is known open, see socket-reuse.ts) — each such connection
         *   is dropped, so the next attempt gets another kept one or a new one; or
         * - once, for a request that may be repeated (GET, PUT, DELETE…; never POST or PATCH),
         *   the server's system reset it (ECONNRESET or EPIPE) before a byte of the answer. A
         *   reset usually means the request arrived after the server closed its side, but a
         *   server may also read a request and then reset, so a POST is never sent again: it
         *   fails with `notSent: false`. An end after reading ("socket hang up") is never retried.
         */
        function sendOnce(fresh: boolean): void {
          attempts++;
          let sent: ClientRequest;
          try {
            sent = target.module.request({
              protocol: target.protocol,
              hostname: target.hostname,
              port: target.port,
              path: pathStart < 0 ? "/" : url.slice(pathStart),
              method: request.method,
              headers: fresh ? closing : headers,
              agent: target.agent,
            });
          } catch (error) {
            // A header Node refuses (the client checks them first, so this is a second line).
            fail(error);
            return;
          }
          outgoing = sent;
          /** Whether the connection carried an answer before (kept, or handed over by the agent). */
          let reused = false;
          /** Whether any of the request was handed to the connection. */
          let written = false;
          let connection: Socket | undefined;
          /** The previous answer on a kept connection. */
          let previous: Release | undefined;
          /** The connection's bytes read when the request was written: more later means an answer began. */
          let bytesReadBefore = 0;
          /** Set when this attempt gave way to a fresh one: its own events no longer matter. */
          let replaced = false;
          const write = () => {
            written = true;
            bytesReadBefore = connection?.bytesRead ?? 0;
            sent.end(body);
          };
          const retryFresh = () => {
            const now = Date.now();
            if (previous !== undefined && now - previous.at < CLOSED_AFTER_ANSWER_MS) {
              target.freshUntil = now + FRESH_CONNECTIONS_MS;
            }
            replaced = true;
            sent.destroy();
            if (!settled) sendOnce(true);
          };
          sent.on("error", (error) => {
            // After an abort or a refusal the call is over: its request's end says nothing more.
            if (replaced || settled) return;
            // A kept connection closed before the request was written to it, or reset with the
            // request unread before any answer: the request never reached the server.
            if (reused && !written && attempts < MAX_CLOSED_CONNECTIONS) return retryFresh();
            // Reset after the request was written, with no answer: whether the server read it
            // cannot be told (a server may read a request and then reset), so only a request that
            // may be repeated (not a POST or PATCH) is sent again.
            if (
              reused &&
              !fresh &&
              REPEATABLE.has(request.method.toUpperCase()) &&
              resetByPeer(error) &&
              connection?.bytesRead === bytesReadBefore
            ) {
              return retryFresh();
            }
            fail(error);
          });
          sent.on("socket", (socket: Socket) => {
            connection = socket;
            const release = releases.take(socket);
            if (release === undefined) return write();
            reused = true;
            previous = release;
            releases.whenKnownOpen(socket, release, (open: boolean) => {
              if (replaced || settled) return;
              if (open || attempts >= MAX_CLOSED_CONNECTIONS) write();
              else retryFresh();
            });
          });
          // A 101 to a request that asked for no upgrade: Node hands over the connection.
          sent.on("upgrade", (_response: IncomingMessage, socket: Socket) => {
            socket.destroy();
            fail(unexpectedInformational(101));
          });
          sent.on("information", (info: { statusCode: number }) => {
            if (info.statusCode === 100 || info.statusCode === 103) return;
            sent.destroy();
            fail(unexpectedInformational(info.statusCode));
          });
          sent.on("response", (response: IncomingMessage) => {
            // An answer on a kept connection before the request was written to it (a server's
            // 408 for an idle connection, say) answers no request of ours: the connection is
            // dropped and the request, which never left, goes on a new one.
            if (!written) {
              response.destroy();
              if (!replaced && !settled && attempts < MAX_CLOSED_CONNECTIONS) retryFresh();
              else fail(new QuatrixError("the server answered before the request was sent"));
              return;
            }
            onResponse(response);
          });
        }

        function onResponse(response: IncomingMessage) {
          const status = response.statusCode ?? 0;
          if (status >= 300 && status <= 399) {
            // Never followed, never read: the connection goes with the body.
            response.destroy();
            if (settled) return;
            settle();
            return resolve(new NodeAnswer(status, response.rawHeaders, ""));
          }
          if (keepAlive) releases.answered(response.socket, response.headers["keep-alive"] as string | undefined);
          readBody(response, status, request.maxResponseBytes, (error, text) => {
            if (error !== undefined) return fail(error);
            if (settled) return;
            settle();
            resolve(new NodeAnswer(status, response.rawHeaders, text as string));
          });
        }

        sendOnce(target.freshUntil !== 0 && Date.now() < target.freshUntil);
      });
    },

    close(): Promise<void> {
      closed = true;
      for (const agent of agents) {
        for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
      }
      return Promise.resolve();
    },
  };
}

/**
 * Node's agent unrefs an idle connection (so it never keeps the process alive) and honours a
 * server's `Keep-Alive: timeout` hint when it comes first in the header; this adds a ceiling of
 * its own for servers that send no hint, reads the hint wherever it is in the header, drops a
 * connection the server has ended, and keeps none once the transport is closed.
 */
function limitIdleSockets(agent: HttpAgent, releases: SocketReleases, isClosed: () => boolean): void {
  // @types/node declares keepSocketAlive as returning void; Node uses its boolean.
  const patched = agent as unknown as { keepSocketAlive(socket: Socket): boolean };
  const keepSocketAlive = patched.keepSocketAlive.bind(agent);
  patched.keepSocketAlive = (socket) => {
    if (isClosed() || !keepSocketAlive(socket)) return false;
    const idleMs = releases.idle(socket);
    if (idleMs <= 0) return false;
    if (socket.timeout === undefined || socket.timeout === 0 || socket.timeout > idleMs) socket.setTimeout(idleMs);
    return true;
  };
}

/**
 * A reset from the operating system (a read or write that failed with ECONNRESET or EPIPE), not
 * Node's own "socket hang up" for a connection the server ended (that one has no `syscall`).
 */
/** Methods whose request may be sent twice without a second effect (RFC 9110 §9.2.2). */
const REPEATABLE = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);

function resetByPeer(error: unknown): boolean {
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  return (code === "ECONNRESET" || code === "EPIPE") && typeof syscall === "string";
}

/** An answer whose headers are built from the raw list on first read: a success never needs them. */
class NodeAnswer implements TransportResponse {
  private built: Record<string, string> | undefined;
  constructor(
    readonly status: number,
    private readonly rawHeaders: string[],
    readonly text: string,
  ) {}

  get headers(): Record<string, string> {
    if (this.built !== undefined) return this.built;
    const headers: Record<string, string> = {};
    const raw = this.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = (raw[i] as string).toLowerCase();
      const value = raw[i + 1] as string;
      const previous = headers[name];
      // Repeated fields are joined as fetch's Headers joins them.
      headers[name] = previous === undefined ? value : `${previous}, ${value}`;
    }
    this.built = headers;
    return headers;
  }
}
