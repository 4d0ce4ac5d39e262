// Compressed answers: every content-encoding the platform's fetch decodes is decoded alike on
// both transports, and the size limit counts the bytes after inflating, so a small compressed
// answer cannot inflate past it.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createUserApiClient,
  QuatrixConnectionError,
  QuatrixResponseTooLargeError,
  type UserApiClientOptions,
} from "../src/index.js";
import { API_KEY, guardSecrets, rejection } from "./support/secrets.js";
import { TRANSPORT, transportUnderTest } from "./support/transport.js";

guardSecrets();

const USERS = [{ id: "5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c", name: "Åda ✓", email: "ada@example.com" }];
const JSON_USERS = Buffer.from(JSON.stringify(USERS));

/** The next answer's content-encoding and bytes; the server sends it for every request. */
let answer: { encoding: string; body: Buffer } = { encoding: "identity", body: JSON_USERS };
let requests = 0;
const server = createServer((req, res) => {
  requests++;
  req.resume();
  res.writeHead(200, { "content-type": "application/json", "content-encoding": answer.encoding });
  res.end(answer.body);
});
let baseUrl: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/1.0`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = (options: UserApiClientOptions = {}) =>
  createUserApiClient({ ...transportUnderTest(), baseUrl, apiKey: API_KEY, ...options });

const ENCODED: Array<[string, string, Buffer]> = [
  ["gzip", "gzip", gzipSync(JSON_USERS)],
  ["x-gzip", "x-gzip", gzipSync(JSON_USERS)],
  ["deflate (zlib-wrapped)", "deflate", deflateSync(JSON_USERS)],
  ["deflate (raw, as some servers send it)", "deflate", deflateRawSync(JSON_USERS)],
  ["br", "br", brotliCompressSync(JSON_USERS)],
  ["gzip then br", "gzip, br", brotliCompressSync(gzipSync(JSON_USERS))],
  ["a name in upper case", "GZIP", gzipSync(JSON_USERS)],
];

describe("a compressed answer", () => {
  for (const [label, encoding, body] of ENCODED) {
    it(`is decoded: ${label}`, async () => {
      answer = { encoding, body };
      await expect(client().listUsers()).resolves.toEqual(USERS);
      const { data, response } = await client().GET("/user");
      expect(data).toEqual(USERS);
      expect(response.status).toBe(200);
    });
  }
});

describe("an unknown coding", () => {
  // fetch passes such an answer on undecoded; the Node transport refuses it unread (its own
  // tests in test/node/decoding-chain.test.ts say how).
  it(TRANSPORT === "fetch" ? "is passed on undecoded by fetch" : "is refused by the Node transport", async () => {
    answer = { encoding: "x-unknown", body: JSON_USERS };
    if (TRANSPORT === "fetch") await expect(client().listUsers()).resolves.toEqual(USERS);
    else expect(await rejection(client({ maxRetries: 0 }).listUsers())).toBeInstanceOf(QuatrixConnectionError);
  });
});

describe("maxResponseBytes", () => {
  // 1 MiB of JSON that compresses to about a kilobyte, against a 64 KiB limit.
  const big = Buffer.from(JSON.stringify(["x".repeat(1024 * 1024)]));
  const limit = 64 * 1024;
  for (const [encoding, body] of [
    ["gzip", gzipSync(big)],
    ["deflate", deflateSync(big)],
    ["br", brotliCompressSync(big)],
  ] as const) {
    it(`counts ${encoding} after inflating, and does not retry`, async () => {
      expect(body.length).toBeLessThan(limit);
      answer = { encoding, body };
      const before = requests;
      const error = await rejection(client({ maxResponseBytes: limit }).listUsers());
      expect(error).toBeInstanceOf(QuatrixResponseTooLargeError);
      expect((error as QuatrixResponseTooLargeError).limit).toBe(limit);
      expect((error as QuatrixResponseTooLargeError).bytesRead).toBeGreaterThan(limit);
      expect(requests - before).toBe(1);
    });
  }
});
