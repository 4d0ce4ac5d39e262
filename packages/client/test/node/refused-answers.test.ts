// Answers the Node transport refuses at once, from raw servers on 127.0.0.1 that write them byte
// for byte: a 101 (or another 1xx than 100 and 103, which Node reads past) to a plain request,
// and a head Node cannot parse, whose error must not carry the answer's bytes.

import type { AddressInfo } from "node:net";
import { createServer, type Server, type Socket } from "node:net";
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { createUserApiClient, QuatrixConnectionError } from "../../src/index.js";
import { createNodeTransport, type NodeTransport } from "../../src/node/index.js";
import { API_KEY, guardSecrets, rejection } from "../support/secrets.js";

guardSecrets();

const servers: Server[] = [];
const sockets = new Set<Socket>();
const transports: NodeTransport[] = [];
afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A server writing `answer` once it has a request's head, and holding the connection open. */
async function rawServer(answer: string): Promise<{ baseUrl: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    let head = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      head += chunk;
      while (head.includes("\r\n\r\n")) {
        head = head.slice(head.indexOf("\r\n\r\n") + 4);
        requests++;
        socket.write(answer);
      }
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/1.0`, requests: () => requests };
}

function clientOf(baseUrl: string) {
  const transport = createNodeTransport();
  transports.push(transport);
  // No time limit: a refusal must not wait for one.
  return createUserApiClient({ baseUrl, apiKey: API_KEY, transport, timeoutMs: 0, maxRetries: 0 });
}

const OK = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n[]";

describe("an informational answer", () => {
  for (const [label, head] of [
    [
      "101 (switching protocols, never asked)",
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
    ],
    ["102", "HTTP/1.1 102 Processing\r\n\r\n"],
    ["199", "HTTP/1.1 199 Whatever\r\n\r\n"],
  ] as const) {
    it(`${label} fails the call at once with a typed error, though no time limit is set`, async () => {
      const server = await rawServer(head);
      const error = await rejection(clientOf(server.baseUrl).listUsers());
      expect(error).toBeInstanceOf(QuatrixConnectionError);
      expect((error as QuatrixConnectionError).notSent).toBe(false);
      expect(error.cause).toMatchObject({ code: "ERR_QUATRIX_UNEXPECTED_STATUS" });
      expect(error.message).toMatch(/ERR_QUATRIX_UNEXPECTED_STATUS/);
      expect(server.requests()).toBe(1);
    });
  }

  it("101 to a POST: not sent again", async () => {
    const server = await rawServer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n");
    const error = await rejection(
      clientOf(server.baseUrl).createUser({ name: "Ada Lovelace", email: "ada@example.com" }, { maxRetries: 2 }),
    );
    expect(error).toBeInstanceOf(QuatrixConnectionError);
    expect(server.requests()).toBe(1);
  });

  for (const [label, head] of [
    ["100 Continue", "HTTP/1.1 100 Continue\r\n\r\n"],
    ["103 Early Hints", "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"],
  ] as const) {
    it(`${label} is read past, as Node does, to the answer after it`, async () => {
      const server = await rawServer(head + OK);
      await expect(clientOf(server.baseUrl).listUsers()).resolves.toEqual([]);
    });
  }
});

describe("a head Node cannot parse", () => {
  it("fails as a connection error whose cause holds none of the answer's bytes (no rawPacket)", async () => {
    // The server echoes the key in a header of an answer Node refuses to parse.
    const server = await rawServer(`HTTP/1.1 200 OK\r\nx-echo: ${API_KEY}\r\ncontent-length: nope\r\n\r\n[]`);
    const error = await rejection(clientOf(server.baseUrl).listUsers());
    expect(error).toBeInstanceOf(QuatrixConnectionError);
    expect(error.cause).toMatchObject({ code: "HPE_INVALID_CONTENT_LENGTH" });
    expect(error.cause).not.toHaveProperty("rawPacket");
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain("x-echo");
  });
});
