// The key where a server can put it beyond the body and header values: in a header's name, in a
// redirect's host (which URL parsing lower-cases), and after the point where the answer stops
// parsing (undici and node keep the rest of the raw answer on the parser's error). None of it
// reaches an error, however it is printed.

import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import type { QuatrixApiError } from "../src/index.js";
import { guardSecrets, observe, renderings } from "./support/secrets.js";
import { useTestServer } from "./support/test-server.js";
import { clientFor } from "./support/transport.js";

guardSecrets();
const server = useTestServer();
/** A key with capitals: what a case-sensitive redaction misses once something lower-cases it. */
const KEY = "AbCdEf0123456789Secret";

const expectNowhere = (value: unknown, ...secrets: string[]) => {
  observe(value);
  for (const text of renderings(value)) for (const secret of secrets) expect(text).not.toContain(secret);
};

describe("the key echoed outside a body or a header's value", () => {
  it("in a header's name (lower-cased on arrival)", async () => {
    const client = clientFor(server, { apiKey: KEY, maxRetries: 0 });
    server.enqueue({ kind: "json", status: 400, body: { code: 10, msg: "no" }, headers: { [`x-echo-${KEY}`]: "1" } });
    const error = (await client.listUsers().catch((e: unknown) => e)) as QuatrixApiError;
    expect(error.status).toBe(400);
    expect(Object.keys(error.headers)).toContain("x-echo-[redacted]");
    expectNowhere(error, KEY, KEY.toLowerCase());
  });

  it("in a redirect's host, which the URL parser lower-cases", async () => {
    const client = clientFor(server, { apiKey: KEY, maxRetries: 0 });
    server.enqueue({ kind: "redirect", status: 302, location: `https://${KEY}.example.com/next` });
    const error = (await client.listUsers().catch((e: unknown) => e)) as { location?: string };
    expect(error.location).toContain("[redacted]");
    expectNowhere(error, KEY, KEY.toLowerCase());
  });
});

describe("an answer that stops parsing, with the key after the point it fails", () => {
  const servers: Server[] = [];
  afterAll(() => {
    for (const s of servers) s.close();
  });

  async function malformed(answer: string): Promise<string> {
    const raw = createServer((socket) => {
      socket.once("data", () => socket.end(answer));
      socket.on("error", () => {});
    });
    servers.push(raw);
    await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
  }

  for (const [name, answer] of [
    ["an invalid chunk size", `HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{"you sent":"${KEY}"}\r\n`],
    ["a header byte no parser accepts", `HTTP/1.1 200 OK\r\nx-bad: a\u0001b\r\nx-echo: ${KEY}\r\n\r\n{"k":"${KEY}"}`],
  ] as const) {
    it(`${name}: the error's causes keep none of the answer's bytes`, async () => {
      const url = await malformed(answer);
      const client = clientFor({ url }, { apiKey: KEY, maxRetries: 0 });
      const error = await client.listUsers().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expectNowhere(error, KEY, KEY.toLowerCase());
    });
  }
});
