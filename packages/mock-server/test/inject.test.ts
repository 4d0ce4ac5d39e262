// inject() takes only faults the mock can send: each malformed field is refused at once with a
// TypeError naming it, instead of a fault that breaks (or silently changes) a later answer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Fault } from "../src/faults.js";
import type { MockServer } from "../src/index.js";
import { API_KEY } from "./support/client.js";
import { startCheckedMockServer } from "./support/contract.js";

let mock: MockServer;
beforeAll(async () => {
  mock = await startCheckedMockServer({ apiKey: API_KEY });
});
afterAll(() => mock.close());

function refusal(fault: unknown): string {
  try {
    mock.inject(fault as Fault);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return (error as Error).message;
  }
  throw new Error(`inject(${String(fault)}) accepted a fault it cannot send`);
}

const cycle: Record<string, unknown> = {};
cycle.self = cycle;

describe("inject() refuses a fault it cannot send, naming the field", () => {
  it.each<[string, unknown, RegExp]>([
    ["null", null, /a fault must be an object, not null/],
    ["undefined", undefined, /a fault must be an object, not undefined/],
    ["a string", "listUsers:503", /a fault must be an object, not string/],
    ["an array", [{ status: 503 }], /a fault must be an object, not an array/],
    ["CR/LF in a header value", { headers: { "x-a": "1\r\nset-cookie: x=1" } }, /headers\["x-a"\]: the value must be/],
    ["a NUL in a header value", { headers: { "x-a": "\u0000" } }, /headers\["x-a"\]: the value/],
    ["a header value beyond Latin-1", { headers: { "x-a": "✓" } }, /headers\["x-a"\]: the value/],
    ["a header name with a space", { headers: { "x a": "1" } }, /headers\["x a"\]: the name must be a token/],
    ["an empty header name", { headers: { "": "1" } }, /headers\[""\]: the name must be a token/],
    [
      "a header value that is a number",
      { headers: { "retry-after": 2 } },
      /headers\["retry-after"\]: the value must be a string/,
    ],
    ["headers as an array", { headers: [["a", "b"]] }, /headers must be an object/],
    [
      "transfer-encoding",
      { status: 503, headers: { "Transfer-Encoding": "chunked" } },
      /headers\["Transfer-Encoding"\]: the server frames/,
    ],
    [
      "content-length",
      { status: 503, headers: { "content-length": "5" } },
      /headers\["content-length"\]: the server frames/,
    ],
    ["connection", { headers: { connection: "upgrade" } }, /headers\["connection"\]/],
    ["a BigInt body", { status: 500, body: { big: 1n } }, /body must be serialisable to JSON: .*BigInt/],
    ["a circular body", { status: 500, body: cycle }, /body must be serialisable to JSON: .*circular/i],
    [
      "a function as the body",
      { status: 500, body: () => 1 },
      /body must be serialisable to JSON: function has no JSON form/,
    ],
    [
      "delayMs beyond a timer's range",
      { delayMs: 3e9 },
      /delayMs must be a number of milliseconds from 0 to 2147483647, not 3000000000/,
    ],
    ["delayMs NaN", { delayMs: Number.NaN }, /delayMs must be/],
    ["delayMs Infinity", { delayMs: Number.POSITIVE_INFINITY }, /delayMs must be/],
    ["delayMs as text", { delayMs: "100" }, /delayMs must be/],
    ["a misspelt field", { operationId: "listUsers", stauts: 503 }, /"stauts" is not a field of a fault/],
  ])("%s", (_name, fault, message) => {
    expect(refusal(fault)).toMatch(message);
  });

  it("names every problem of one fault at once", () => {
    const message = refusal({ delayMs: -1, status: 99, headers: { "x-a": "\n", "content-length": "1" } });
    for (const field of ["delayMs", "status", 'headers["x-a"]', 'headers["content-length"]'])
      expect(message).toContain(field);
  });

  it("a refused fault is not queued: the next request is answered as usual", async () => {
    refusal({ status: 503, headers: { "x-a": "1\r\n" } });
    const response = await fetch(`${mock.baseUrl}/user`, { headers: { "x-auth-token": API_KEY } });
    expect(response.status).toBe(200);
    await response.text();
  });

  it("a valid fault with the edge values is accepted and sent as given", async () => {
    mock.inject({
      operationId: "listUsers",
      status: 503,
      delayMs: 0,
      headers: { "retry-after": "1", "x-latin1": "caf\u00e9\tau lait", "X-Custom_Token.1~": "ok" },
      body: { code: -1, msg: "down", nested: [1, "two", null] },
      times: undefined,
    });
    const response = await fetch(`${mock.baseUrl}/user`, { headers: { "x-auth-token": API_KEY } });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(response.headers.get("x-custom_token.1~")).toBe("ok");
    expect(await response.json()).toEqual({ code: -1, msg: "down", nested: [1, "two", null] });
  });

  it("keeps a fault as read when checked: getters that answer differently later change nothing", async () => {
    // Each getter answers its first read one way, every later read another.
    const later = <T>(first: T, then: T) => {
      let reads = 0;
      return () => (reads++ === 0 ? first : then);
    };
    const status = later(503, 101);
    const times = later(1, Number.NaN);
    const retryAfter = later("1", "1\r\nx-smuggled: yes");
    mock.inject({
      operationId: "listUsers",
      get status() {
        return status();
      },
      get times() {
        return times();
      },
      headers: {
        get "retry-after"() {
          return retryAfter();
        },
      },
    });
    const first = await fetch(`${mock.baseUrl}/user`, { headers: { "x-auth-token": API_KEY } });
    expect(first.status).toBe(503);
    expect(first.headers.get("retry-after")).toBe("1");
    await first.text();
    // Applied once, as checked: the next request is answered as usual.
    const second = await fetch(`${mock.baseUrl}/user`, { headers: { "x-auth-token": API_KEY } });
    expect(second.status).toBe(200);
    await second.text();
  });

  it("accepts the longest delay a timer can wait (2^31 - 1)", () => {
    expect(() => mock.inject({ operationId: "getUser", delayMs: 2 ** 31 - 1 })).not.toThrow();
    mock.clearInjections();
  });
});
