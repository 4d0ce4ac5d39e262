// Requests no client would send: each gets a clear 4xx, never a 5xx or a hang.
import { request } from "node:http";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { MockServer } from "../src/index.js";
import { API_KEY } from "./support/client.js";
import { startCheckedMockServer } from "./support/contract.js";

let server: MockServer;
beforeAll(async () => {
  server = await startCheckedMockServer({ apiKey: API_KEY });
});
afterEach(() => server.reset());

interface Reply {
  status: number;
  body: { code?: number; msg?: string; details?: unknown };
}

async function post(path: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<Reply> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-auth-token": API_KEY, ...headers },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

describe("bodies that are not what the document says", () => {
  it("malformed JSON → 400 code 10", async () => {
    const reply = await post("/user/create", '{"name": "Ada", ');
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe(10);
    expect(reply.body.msg).toMatch(/not valid JSON/);
  });

  it("a wrong content type → 400 code 10 saying so", async () => {
    const reply = await post("/user/create", "name=Ada", { "content-type": "application/x-www-form-urlencoded" });
    expect(reply).toMatchObject({ status: 400, body: { code: 10 } });
    expect(reply.body.msg).toMatch(/must be JSON/);
  });

  it("an oversized body (over 1 MB) → 400, without reading it all or hanging", async () => {
    const big = JSON.stringify({ name: "x".repeat(2 * 1024 * 1024), email: "a@example.com" });
    const reply = await post("/user/create", big);
    expect(reply.status).toBe(400);
    expect(reply.body.msg).toMatch(/larger than 1048576 bytes/);
  });

  it("an oversized body sent in chunks, with no length announced → 400", async () => {
    const url = new URL(`${server.baseUrl}/user/create`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        url,
        { method: "POST", headers: { "content-type": "application/json", "x-auth-token": API_KEY } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      const chunk = Buffer.alloc(64 * 1024, "a");
      let sent = 0;
      const pump = () => {
        while (sent < 40 && req.write(chunk)) sent++;
        if (sent < 40) req.once("drain", pump);
        else req.end();
      };
      pump();
    }).catch(() => 400);
    expect(status).toBe(400);
  });

  it("JSON of the wrong shape → 400 code 10 naming the fields", async () => {
    const reply = await post("/user/delete", JSON.stringify({ ids: "not-a-list", purge: true }));
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe(10);
    expect(reply.body.details).toEqual({
      issues: expect.arrayContaining([
        { path: "/body/purge", message: "is not a field of this request" },
        expect.objectContaining({ path: "/body/ids" }),
      ]),
    });
  });

  it("JSON that is not an object → 400", async () => {
    for (const body of ["null", "[]", '"text"', "42"]) {
      expect((await post("/user/set-mfa", body)).status).toBe(400);
    }
  });
});

describe("requests matching no operation", () => {
  it("an unknown path or method → 404 code 21", async () => {
    for (const [method, path] of [
      ["GET", "/user/nope"],
      ["DELETE", "/user"],
      ["GET", "/user/create"],
    ] as const) {
      const response = await fetch(`${server.baseUrl}${path}`, { method, headers: { "x-auth-token": API_KEY } });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: 21 });
    }
    const outside = await fetch(`${server.url}/user`, { headers: { "x-auth-token": API_KEY } });
    expect(outside.status).toBe(404);
  });

  it("the server still answers afterwards", async () => {
    const response = await fetch(`${server.baseUrl}/user`, { headers: { "x-auth-token": API_KEY } });
    expect(response.status).toBe(200);
  });
});
