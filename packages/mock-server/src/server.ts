// startMockServer: a node:http server that routes by the document's operations, checks the
// API key, validates requests against the document, and applies the rules to the state.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { basePath, loadDocument, type Route, routesOf } from "./document.js";
import { type Answer, rules } from "./rules.js";
import { AccountState, DEFAULT_GROUPS, DEFAULT_USERS, type Group, type SeedUser, type UserRecord } from "./state.js";
import { compileValidators, type Issue } from "./validation.js";

export interface MockServerOptions {
  /** The port to listen on; 0 picks a free one. Default: 0. */
  port?: number;
  /** The address to listen on. Default: "127.0.0.1". */
  host?: string;
  /** The API key every operation but signupUser requires in `X-Auth-Token`. Default: "test-key". */
  apiKey?: string;
  /** Whether the account forces 2FA, so that removeUsersMfa refuses to turn it off. Default: false. */
  accountForcesMfa?: boolean;
  /** The users the account starts with (and returns to on reset). Default: one account owner. */
  users?: SeedUser[];
  /** The user groups of the account. Default: "Administrators" and "Users". */
  groups?: Group[];
  /** The largest request body accepted, in bytes. Default: 1 MiB. */
  maxBodyBytes?: number;
  /** Called after every answer, e.g. to log or record traffic. Default: none. */
  onExchange?: (exchange: Exchange) => void;
}

/** One request and the answer it got. */
export interface Exchange {
  /** The operation, when the request matched one. */
  operationId: string | undefined;
  method: string;
  path: string;
  status: number;
  /** The answer's body as sent (undefined when empty). */
  body: unknown;
}

export interface MockServer {
  /** The server's origin, e.g. `http://127.0.0.1:4010`. */
  url: string;
  /** The API's base URL, e.g. `http://127.0.0.1:4010/api/1.0`: pass it to createUserApiClient. */
  baseUrl: string;
  /** What the server keeps about a user that the API does not show (password, MFA codes). */
  inspectUser(id: string): Readonly<UserRecord> | undefined;
  /** Puts the account back as it started. */
  reset(): void;
  /** Stops the server and ends its open connections. */
  close(): Promise<void>;
}

const JSON_TYPE = /^application\/json\s*(;|$)/i;

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const {
    port = 0,
    host = "127.0.0.1",
    apiKey = "test-key",
    accountForcesMfa = false,
    users = DEFAULT_USERS,
    groups = DEFAULT_GROUPS,
    maxBodyBytes = 1024 * 1024,
    onExchange,
  } = options;
  const document = loadDocument();
  const base = basePath(document);
  const routes = routesOf(document);
  const validators = compileValidators(document, routes);
  const state = new AccountState(users, groups, accountForcesMfa);

  async function handle(req: IncomingMessage): Promise<{ route?: Route; answer: Answer }> {
    const url = new URL(req.url ?? "/", "http://mock");
    const method = req.method ?? "GET";
    const path = url.pathname.startsWith(`${base}/`) ? url.pathname.slice(base.length) : undefined;
    let params: Record<string, string> | undefined;
    const route = routes.find((r) => {
      if (r.method !== method || path === undefined) return false;
      const match = r.pattern.exec(path);
      if (!match) return false;
      params = Object.fromEntries(r.pathParams.map((name, i) => [name, safeDecode(match[i + 1] ?? "")]));
      return true;
    });
    if (!route || !params) {
      await drain(req, maxBodyBytes);
      return { answer: { status: 404, body: { code: 21, msg: `Not supported: ${method} ${url.pathname}` } } };
    }

    if (route.auth && req.headers["x-auth-token"] !== apiKey) {
      await drain(req, maxBodyBytes);
      return { route, answer: { status: 401, body: { code: 14, msg: "Not authorized" } } };
    }

    let body: unknown;
    if (route.bodySchema) {
      const read = await readJson(req, maxBodyBytes);
      if ("answer" in read) return { route, answer: read.answer };
      body = read.body;
    } else {
      await drain(req, maxBodyBytes);
    }

    const issues = [...validators.path(route, params), ...(route.bodySchema ? validators.body(route, body) : [])];
    if (issues.length > 0) return { route, answer: invalid(issues) };

    const rule = rules[route.operationId];
    if (!rule) return { route, answer: { status: 501, body: { code: 21, msg: "Not supported" } } };
    return { route, answer: rule(state, { params, body }) };
  }

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req)
      .then(({ route, answer }) => send(req, res, route, answer))
      .catch((error: unknown) => {
        // A bug in the mock must still be an answer, never a hang.
        send(req, res, undefined, { status: 500, body: { code: -1, msg: `Mock server error: ${String(error)}` } });
      });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
  });

  function send(req: IncomingMessage, res: ServerResponse, route: Route | undefined, answer: Answer): void {
    const text = answer.body === undefined ? "" : JSON.stringify(answer.body);
    const headers: Record<string, string> = { "content-length": String(Buffer.byteLength(text)) };
    if (text) headers["content-type"] = "application/json";
    // A body we stopped reading cannot be drained: close the connection after answering.
    if (!req.complete) headers.connection = "close";
    res.writeHead(answer.status, headers);
    res.end(text);
    onExchange?.({
      operationId: route?.operationId,
      method: req.method ?? "",
      path: req.url ?? "",
      status: answer.status,
      body: answer.body,
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const origin = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    url: origin,
    baseUrl: origin + base,
    inspectUser: (id) => state.users.get(id),
    reset: () => state.reset(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** 400 naming each failing field: code 11 when a required field is missing, else 10. */
function invalid(issues: Issue[]): Answer {
  const missing = issues.some((i) => i.message === "is required");
  return {
    status: 400,
    body: { code: missing ? 11 : 10, msg: missing ? "Missing parameter" : "Bad parameter value", details: { issues } },
  };
}

type ReadResult = { body: unknown } | { answer: Answer };

async function readJson(req: IncomingMessage, maxBytes: number): Promise<ReadResult> {
  const type = req.headers["content-type"] ?? "";
  if (!JSON_TYPE.test(type)) {
    await drain(req, maxBytes);
    return {
      answer: badRequest(`The request body must be JSON (Content-Type: application/json), not ${JSON.stringify(type)}`),
    };
  }
  const text = await readText(req, maxBytes);
  if (text === undefined) return { answer: badRequest(`The request body is larger than ${maxBytes} bytes`) };
  try {
    return { body: JSON.parse(text) };
  } catch (error) {
    return { answer: badRequest(`The request body is not valid JSON: ${(error as Error).message}`) };
  }
}

function badRequest(msg: string): Answer {
  return { status: 400, body: { code: 10, msg } };
}

/** The body as text, or undefined as soon as it exceeds `maxBytes` (the rest is not read). */
function readText(req: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > maxBytes) {
      req.pause();
      return resolve(undefined);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.pause();
        req.removeAllListeners("data");
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

async function drain(req: IncomingMessage, maxBytes: number): Promise<void> {
  await readText(req, maxBytes);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
