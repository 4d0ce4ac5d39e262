// The Node transport's content-encoding chain is bounded: at most 5 codings, only known ones,
// both refused before any decoder is created, and one decoded-bytes budget for the whole chain.
// The attack's payloads (a 15 KB header listing 3 000 gzip or 5 000 br) come from a real server
// on 127.0.0.1; the decoders are counted by wrapping node:zlib's factories (the real ones run).
// Memory and time under the attack are measured by measure-attacks.mjs, not asserted here.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import * as zlib from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createUserApiClient,
  QuatrixConnectionError,
  QuatrixResponseTooLargeError,
  type UserApiClientOptions,
} from "../../src/index.js";
import { createNodeTransport } from "../../src/node/index.js";
import { API_KEY, guardSecrets, rejection } from "../support/secrets.js";

vi.mock("node:zlib", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:zlib")>();
  return {
    ...real,
    createGunzip: vi.fn(real.createGunzip),
    createInflate: vi.fn(real.createInflate),
    createInflateRaw: vi.fn(real.createInflateRaw),
    createBrotliDecompress: vi.fn(real.createBrotliDecompress),
  };
});

guardSecrets();

const USERS = [{ id: "5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c", name: "Ada", email: "ada@example.com" }];
const JSON_USERS = Buffer.from(JSON.stringify(USERS));

/** The decoders created since the last reset. */
function decodersCreated(): number {
  return [zlib.createGunzip, zlib.createInflate, zlib.createInflateRaw, zlib.createBrotliDecompress]
    .map((factory) => vi.mocked(factory).mock.calls.length)
    .reduce((a, b) => a + b, 0);
}

/** Applies `codings` in order (the first is applied first), as a server would. */
function encode(body: Buffer, codings: string[]): Buffer {
  let out = body;
  for (const coding of codings) out = coding === "br" ? zlib.brotliCompressSync(out) : zlib.gzipSync(out);
  return out;
}

let answer: { encoding: string; body: Buffer } = { encoding: "gzip", body: zlib.gzipSync(JSON_USERS) };
let requests = 0;
const server = createServer((req, res) => {
  requests++;
  req.resume();
  res.writeHead(200, { "content-type": "application/json", "content-encoding": answer.encoding });
  res.end(answer.body);
});
// Node's default (16 KiB) already admits the attack's 15 KB header; the server sends it as is.
const transport = createNodeTransport();
let baseUrl: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/1.0`;
});
afterAll(async () => {
  await transport.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  vi.clearAllMocks();
  requests = 0;
});

const client = (options: UserApiClientOptions = {}) =>
  createUserApiClient({ transport, baseUrl, apiKey: API_KEY, ...options });

describe("the attack's chains", () => {
  for (const [label, header] of [
    ["3 000 gzip", Array(3_000).fill("gzip").join(",")],
    ["5 000 br", Array(5_000).fill("br").join(",")],
  ] as const) {
    it(`${label} (a ${Math.round(header.length / 1000)} KB header): refused before any decoder is created, not retried`, async () => {
      answer = { encoding: header, body: zlib.gzipSync("[]") };
      const error = await rejection(client().listUsers());
      expect(error).toBeInstanceOf(QuatrixResponseTooLargeError);
      expect(error).toMatchObject({ status: 200, bytesRead: 0 });
      expect(decodersCreated()).toBe(0);
      expect(requests).toBe(1);
    });
  }
});

describe("the number of codings", () => {
  it("5, each applied, are all undone", async () => {
    answer = { encoding: "gzip, br, gzip, br, gzip", body: encode(JSON_USERS, ["gzip", "br", "gzip", "br", "gzip"]) };
    await expect(client().listUsers()).resolves.toEqual(USERS);
    expect(decodersCreated()).toBe(5);
  });

  it("6, each applied, are refused unread, as Node's fetch refuses them", async () => {
    const codings = ["gzip", "gzip", "gzip", "gzip", "gzip", "gzip"];
    answer = { encoding: codings.join(", "), body: encode(JSON_USERS, codings) };
    const error = await rejection(client({ maxRetries: 0 }).listUsers());
    expect(error).toBeInstanceOf(QuatrixResponseTooLargeError);
    expect(decodersCreated()).toBe(0);
  });

  it("empty list members do not count; identity counts but adds no decoder", async () => {
    answer = { encoding: " ,identity, ,GZIP,, ", body: zlib.gzipSync(JSON_USERS) };
    await expect(client().listUsers()).resolves.toEqual(USERS);
    expect(decodersCreated()).toBe(1);
    answer = { encoding: "identity,identity,identity,identity,identity,identity", body: JSON_USERS };
    expect(await rejection(client({ maxRetries: 0 }).listUsers())).toBeInstanceOf(QuatrixResponseTooLargeError);
  });
});

describe("an unknown coding", () => {
  for (const encoding of ["zstd", "gzip, compress", "x-unknown, gzip"]) {
    it(`is refused before any decoder is created: ${encoding}`, async () => {
      answer = { encoding, body: zlib.gzipSync(JSON_USERS) };
      const error = await rejection(client({ maxRetries: 0 }).listUsers());
      expect(error).toBeInstanceOf(QuatrixConnectionError);
      expect((error as QuatrixConnectionError).notSent).toBe(false);
      expect((error.cause as { code?: string }).code).toBe("ERR_QUATRIX_CONTENT_ENCODING");
      expect(decodersCreated()).toBe(0);
    });
  }
});

describe("maxResponseBytes over the whole chain", () => {
  it("counts the bytes between the layers too: an outer layer inflating into empty inner members is cut", async () => {
    // 2 MB of empty gzip members (each decodes to nothing), gzipped again into a few KB: the
    // last decoder yields 0 bytes, the first 2 MB.
    const emptyMembers = Buffer.concat(Array(100_000).fill(zlib.gzipSync(Buffer.alloc(0))));
    answer = { encoding: "gzip, gzip", body: zlib.gzipSync(emptyMembers) };
    const limit = 64 * 1024;
    expect(answer.body.length).toBeLessThan(limit);
    const error = await rejection(client({ maxResponseBytes: limit }).listUsers());
    expect(error).toBeInstanceOf(QuatrixResponseTooLargeError);
    expect((error as QuatrixResponseTooLargeError).bytesRead).toBeGreaterThan(limit);
    expect((error as QuatrixResponseTooLargeError).bytesRead).toBeLessThan(emptyMembers.length);
    expect(requests).toBe(1);
  });

  it("the budget is the bytes of every layer: exactly enough is read, one byte less is refused", async () => {
    const codings = ["br", "gzip"];
    answer = { encoding: codings.join(","), body: encode(JSON_USERS, codings) };
    // The gzip decoder yields the brotli bytes, the brotli decoder the text: both count.
    const budget = zlib.brotliCompressSync(JSON_USERS).length + JSON_USERS.length;
    await expect(client({ maxResponseBytes: budget }).listUsers()).resolves.toEqual(USERS);
    const error = await rejection(client({ maxResponseBytes: budget - 1 }).listUsers());
    expect(error).toBeInstanceOf(QuatrixResponseTooLargeError);
  });
});
