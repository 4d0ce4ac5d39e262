// Requests built to break the mock: a body nested deep enough to exhaust the stack of a
// recursive validator, and an internal failure (a fault whose body cannot be serialised). Each
// must end its exchange with an answer, never leave the client waiting.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "../src/index.js";
import { API_KEY } from "./support/client.js";

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ apiKey: API_KEY });
});
afterAll(() => server.close());

/** One request over a fresh connection; rejects when no answer comes within `limitMs`. */
function send(method: string, path: string, body?: string, limitMs = 5_000): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(server.baseUrl + path);
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method,
        agent: false,
        headers: { "x-auth-token": API_KEY, "content-type": "application/json" },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          text += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    outgoing.setTimeout(limitMs, () => outgoing.destroy(new Error(`no answer within ${limitMs} ms`)));
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

describe("a body nested too deep", () => {
  it.each([5_000, 100_000])("%i nested arrays → 400 code 10, and the mock goes on answering", async (depth) => {
    const { status, text } = await send("POST", "/user/create", "[".repeat(depth) + "]".repeat(depth));
    expect(status).toBe(400);
    expect(JSON.parse(text)).toMatchObject({ code: 10, msg: expect.stringContaining("nested more than 64") });
    expect((await send("GET", "/user/group")).status).toBe(200);
  });

  it("deep nesting inside a field of a valid body is refused the same way", async () => {
    const deep = `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`;
    const { status, text } = await send("POST", "/user/create", `{"name":"a","email":"deep@example.com","x":${deep}}`);
    expect(status).toBe(400);
    expect(JSON.parse(text)).toMatchObject({ code: 10 });
  });

  it("a body of ordinary depth is still validated as before", async () => {
    const { status, text } = await send("POST", "/user/create", '{"name":"a","email":"x","groups":[[[]]]}');
    expect(status).toBe(400);
    expect(JSON.parse(text).details.issues.length).toBeGreaterThan(0);
  });
});

describe("an internal failure", () => {
  it("is answered 500 code -1 instead of leaving the request unanswered", async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(" "));
    try {
      // inject() refuses a body it cannot send, but a body changed after injecting is the
      // caller's: a BigInt added later cannot be serialised, so building the answer throws.
      const body: Record<string, unknown> = { msg: "fine when injected" };
      server.inject({ operationId: "listUsers", status: 500, body });
      body.big = 1n;
      const { status, text } = await send("GET", "/user");
      expect(status).toBe(500);
      expect(JSON.parse(text)).toEqual({ code: -1, msg: "Mock server error" });
      expect(errors.join("\n")).toContain("BigInt");
    } finally {
      console.error = original;
    }
    expect((await send("GET", "/user")).status).toBe(200);
  });
});

describe("a journal under load", () => {
  it("keeps the last maxJournalEntries records, dropping the oldest", async () => {
    const small = await startMockServer({ apiKey: API_KEY, maxJournalEntries: 3 });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const response = await fetch(`${small.baseUrl}/user/group`, { headers: { "x-auth-token": API_KEY } });
        ids.push(response.headers.get("x-request-id") ?? "");
        await response.text();
      }
      expect(small.requests.map((r) => r.requestId)).toEqual(ids.slice(2));
    } finally {
      await small.close();
    }
  });

  it("refuses a limit that is not a positive integer or Infinity", async () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      await expect(startMockServer({ maxJournalEntries: bad })).rejects.toThrow(/maxJournalEntries must be/);
    }
    const all = await startMockServer({ maxJournalEntries: Number.POSITIVE_INFINITY });
    await all.close();
  });
});
