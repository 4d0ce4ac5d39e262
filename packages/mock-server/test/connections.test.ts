// The HTTP door under abuse, over raw sockets: a malformed request target, a slow request, idle
// and kept-alive connections. Each gets a clear answer or is closed; none piles up or hangs.
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, SERVER_DEFAULTS, startMockServer } from "../src/index.js";
import { API_KEY } from "./support/client.js";
import { startCheckedMockServer } from "./support/contract.js";

let server: MockServer;
let port: number;
beforeAll(async () => {
  server = await startCheckedMockServer({
    apiKey: API_KEY,
    headersTimeoutMs: 400,
    requestTimeoutMs: 800,
    keepAliveTimeoutMs: 300,
    idleTimeoutMs: 2_000,
  });
  port = Number(new URL(server.url).port);
});
afterAll(() => server.close());

/** Opens a socket, writes `text`, and resolves with everything read until the server closes it. */
function exchange(text: string, limitMs = 15_000): Promise<{ received: string; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, "127.0.0.1");
    let received = "";
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ received, closedByServer: false });
    }, limitMs);
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1");
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ received, closedByServer: true });
    });
    socket.on("error", reject);
    if (text) socket.write(text);
  });
}

describe("request targets", () => {
  it("a malformed request target → 400 code 10, never a 500 or the exception's text", async () => {
    const { received } = await exchange(
      `GET //[ HTTP/1.1\r\nhost: 127.0.0.1\r\nx-auth-token: ${API_KEY}\r\nconnection: close\r\n\r\n`,
    );
    expect(received).toMatch(/^HTTP\/1\.1 400 /);
    const body = JSON.parse(received.slice(received.indexOf("\r\n\r\n") + 4));
    expect(body).toMatchObject({ code: 10, msg: expect.stringContaining("not a valid URL path") });
    expect(received).not.toMatch(/TypeError|Invalid URL/);
    expect(server.requests.at(-1)).toMatchObject({ status: 400, operationId: undefined });
  });
});

describe("timeouts", () => {
  it("headers that never finish → 408, and the connection is closed", async () => {
    const { received, closedByServer } = await exchange("GET /api/1.0/user HTTP/1.1\r\nhost: 127.0.0.1\r\n");
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedByServer).toBe(true);
  });

  it("a body that never finishes → 408", async () => {
    const { received } = await exchange(
      "POST /api/1.0/user/create HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{",
    );
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("a connection that sends nothing is closed (headersTimeoutMs)", async () => {
    const { received, closedByServer } = await exchange("");
    expect(closedByServer).toBe(true);
    expect(received === "" || /^HTTP\/1\.1 408 /.test(received)).toBe(true);
  });

  it("a kept-alive connection is closed once idle (keepAliveTimeoutMs)", async () => {
    const { received, closedByServer } = await exchange(
      `GET /api/1.0/user/group HTTP/1.1\r\nhost: 127.0.0.1\r\nx-auth-token: ${API_KEY}\r\n\r\n`,
    );
    expect(received).toMatch(/^HTTP\/1\.1 200 /);
    expect(closedByServer).toBe(true);
  });

  it("many idle connections are all closed, and the server still answers", async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => exchange("")));
    expect(results.every((r) => r.closedByServer)).toBe(true);
    const response = await fetch(`${server.baseUrl}/user`, { headers: { "x-auth-token": API_KEY } });
    expect(response.status).toBe(200);
  });

  it("connections that send nothing are closed after headersTimeoutMs, well before idleTimeoutMs", async () => {
    // idleTimeoutMs far away: only headersTimeoutMs can close these.
    const mock = await startMockServer({ headersTimeoutMs: 300, idleTimeoutMs: 300_000 });
    try {
      const silentPort = Number(new URL(mock.url).port);
      const opened = performance.now();
      const closedAfter = await Promise.all(
        Array.from(
          { length: 20 },
          () =>
            new Promise<number>((resolve, reject) => {
              const socket = connect(silentPort, "127.0.0.1");
              // Far beyond the 300 ms: room for a loaded machine (15 s was hit once, with the
              // suite beside five other turbo tasks on two cores), still far below idleTimeoutMs.
              const timer = setTimeout(() => {
                socket.destroy();
                resolve(Number.POSITIVE_INFINITY);
              }, 60_000);
              socket.on("close", () => {
                clearTimeout(timer);
                resolve(performance.now() - opened);
              });
              socket.on("error", reject);
            }),
        ),
      );
      expect(closedAfter.filter((ms) => ms === Number.POSITIVE_INFINITY)).toEqual([]);
      // Still answering, and a request sent promptly on a fresh connection is not cut.
      const response = await fetch(`${mock.baseUrl}/user/group`, { headers: { "x-auth-token": "test-key" } });
      expect(response.status).toBe(200);
    } finally {
      await mock.close();
    }
  }, 90_000);

  it("a kept-alive connection between requests is not closed by the silent-connection timer", async () => {
    const mock = await startMockServer({ headersTimeoutMs: 300, keepAliveTimeoutMs: 2_000, idleTimeoutMs: 60_000 });
    try {
      const socket = connect(Number(new URL(mock.url).port), "127.0.0.1");
      let received = "";
      socket.on("data", (chunk) => {
        received += chunk.toString("latin1");
      });
      const ask = `GET /api/1.0/user/group HTTP/1.1\r\nhost: 127.0.0.1\r\nx-auth-token: test-key\r\n\r\n`;
      socket.write(ask);
      await new Promise((r) => setTimeout(r, 600));
      socket.write(ask);
      await new Promise((r) => setTimeout(r, 300));
      socket.destroy();
      expect(received.match(/HTTP\/1\.1 200 /g)).toHaveLength(2);
    } finally {
      await mock.close();
    }
  });

  it("the defaults are documented values", () => {
    expect(SERVER_DEFAULTS).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      idleTimeoutMs: 60_000,
    });
  });
});
