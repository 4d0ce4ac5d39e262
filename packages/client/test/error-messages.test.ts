// What an API error says: the code by name, the failing fields, the request id, and a base URL
// without the API's path told apart from a missing user.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  createUserApiClient,
  type QuatrixApiError,
  QuatrixErrorCode,
  QuatrixNotFoundError,
  QuatrixTimeoutError,
  quatrixErrorCodeDescriptions,
} from "../src/index.js";
import { KEYWORD_MESSAGES } from "../src/issues.js";
import { API_KEY, guardSecrets, rejection } from "./support/secrets.js";
import { useTestServer } from "./support/test-server.js";
import { transportUnderTest } from "./support/transport.js";

guardSecrets();

const server = useTestServer();

const client = (baseUrl = `${server.url}/api/1.0`) =>
  createUserApiClient({ ...transportUnderTest(), baseUrl, apiKey: API_KEY, maxRetries: 0 });

async function apiError(promise: Promise<unknown>): Promise<QuatrixApiError> {
  return (await rejection(promise)) as QuatrixApiError;
}

describe("QuatrixErrorCode", () => {
  it("names every code of the document, and the error's code compares with it", async () => {
    expect(QuatrixErrorCode.UserExists).toBe(31);
    expect(QuatrixErrorCode.NotSupported).toBe(21);
    expect(QuatrixErrorCode.UnknownError).toBe(-1);
    expect(
      Object.keys(quatrixErrorCodeDescriptions)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual(Object.values(QuatrixErrorCode).sort((a, b) => a - b));
    server.enqueue({ kind: "json", status: 400, body: { code: 31, msg: "Email is already taken" } });
    const error = await apiError(client().createUser({ name: "Ada", email: "ada@example.com" }));
    expect(error.code === QuatrixErrorCode.UserExists).toBe(true);
  });
});

describe("the message", () => {
  it("names the fields the server's details.issues list", async () => {
    const issues = [
      { path: "/body/email", message: "must match format email" },
      { path: "/body/quota", message: "must be ≥ 0" },
    ];
    server.enqueue({ kind: "json", status: 400, body: { code: 10, msg: "Bad parameter value", details: { issues } } });
    const error = await apiError(client().createUser({ name: "Ada", email: "ada@example.com" }));
    expect(error.message).toContain(
      "answered 400: Bad parameter value (code 10): /body/email must match format email; /body/quota must be ≥ 0",
    );
    expect(error.details?.issues?.[0]?.path).toBe("/body/email");
  });

  it("never ends in an empty msg: the code's name from the document stands in", async () => {
    server.enqueue({ kind: "json", status: 401, body: { code: 14, msg: "" } });
    const error = await apiError(client().listUsers());
    expect(error.message).toMatch(/answered 401: Not authorized \(code 14\)$/);
    server.enqueue({ kind: "json", status: 400, body: { code: 99 } });
    const unknown = await apiError(client().listUsers());
    expect(unknown.message).toMatch(/answered 400: no message \(code 99\)$/);
    expect(unknown.code).toBe(99);
  });

  it("keeps well-formed issues and drops malformed ones, keeping the rest of details", async () => {
    server.enqueue({
      kind: "json",
      status: 400,
      body: { code: 10, msg: "Bad parameter value", details: { issues: "email", hint: "see docs" } },
    });
    const error = await apiError(client().listUsers());
    expect(error.details).toEqual({ hint: "see docs" });
    expect(error.message).toMatch(/Bad parameter value \(code 10\)$/);
  });
});

describe("requestId", () => {
  it("comes from x-request-id, else request-id, else is undefined", async () => {
    server.enqueue(
      { kind: "json", status: 400, body: { code: 10, msg: "x" }, headers: { "x-request-id": "req-1" } },
      { kind: "json", status: 400, body: { code: 10, msg: "x" }, headers: { "request-id": "req-2" } },
      { kind: "json", status: 400, body: { code: 10, msg: "x" } },
    );
    expect((await apiError(client().listUsers())).requestId).toBe("req-1");
    expect((await apiError(client().listUsers())).requestId).toBe("req-2");
    expect((await apiError(client().listUsers())).requestId).toBeUndefined();
  });
});

describe("404", () => {
  it("code 20 is a missing object", async () => {
    server.enqueue({ kind: "json", status: 404, body: { code: 20, msg: "User not found" } });
    const error = await apiError(client().getUser("5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c"));
    expect(error).toBeInstanceOf(QuatrixNotFoundError);
    expect(error.code).toBe(QuatrixErrorCode.NotFound);
    expect(error.message).toMatch(/answered 404: User not found \(code 20\)$/);
    expect(error.message).not.toContain("base URL");
  });

  it("code 21 on a base URL without /api/1.0 says the route does not exist and the base URL lacks it", async () => {
    // What the mock server answers for a route it does not have.
    server.enqueue({ kind: "json", status: 404, body: { code: 21, msg: "Not supported: GET /user" } });
    const error = await apiError(client(server.url).listUsers());
    expect(error).toBeInstanceOf(QuatrixNotFoundError);
    expect(error.code).toBe(QuatrixErrorCode.NotSupported);
    expect(error.message).toContain(`listUsers GET ${server.url}/user answered 404`);
    expect(error.message).toContain('the API has no such route: the base URL probably lacks "/api/1.0"');
  });

  it("code 21 on a base URL with /api/1.0 says to check the base URL", async () => {
    server.enqueue({ kind: "json", status: 404, body: { code: 21, msg: "Not supported" } });
    const error = await apiError(client().listUsers());
    expect(error.message).toContain("the API has no such route: check the base URL");
    expect(error.message).not.toContain("probably lacks");
  });
});

// Every message the client README quotes is produced here, and found in the README as produced
// (the test server's URL shown as `https://…`, a measured duration as the README's).
describe("the messages the README quotes", () => {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const asQuoted = (message: string) => message.replace(`${server.url}/api/1.0`, "https://…");

  it("an answered 400 with the server's failing fields", async () => {
    const issues = [{ path: "/body/email", message: "must be a valid email" }];
    server.enqueue({ kind: "json", status: 400, body: { code: 10, msg: "Bad parameter value", details: { issues } } });
    const error = await apiError(client().createUser({ name: "Ada", email: "ada@example.com" }));
    expect(readme).toContain(`\`${asQuoted(error.message)}\``);
  });

  it("requests refused before sending, in the client's words, each naming the field", async () => {
    const c = client();
    const refusals = [
      c.deleteUsers({ ids: [] }),
      c.createUser({ name: "", email: "ada@example.com" }),
      c.createUser({ name: "Ada", email: "ada@example.com", quota: -1 }),
      c.createUser({ name: "Ada", email: 42 as unknown as string }),
      c.createUser({ name: "Ada", email: "ada@example.com", emial: "x" } as never),
    ];
    for (const refused of refusals) {
      const error = await rejection(refused);
      expect(readme).toContain(`\n${error.message}\n`);
      expect(error.message).not.toMatch(/NOT|fewer than|>=/);
    }
    expect(server.requests).toHaveLength(0);
  });

  it("a timeout that was retried: how many attempts, and how long in all", async () => {
    server.fallback = () => ({ kind: "hang" });
    try {
      const error = await rejection(
        createUserApiClient({
          ...transportUnderTest(),
          baseUrl: `${server.url}/api/1.0`,
          apiKey: API_KEY,
          timeoutMs: 100,
          maxRetries: 2,
          retryBaseDelayMs: 10,
        }).listUsers(),
      );
      expect(error).toBeInstanceOf(QuatrixTimeoutError);
      expect((error as QuatrixTimeoutError).attempts).toBe(3);
      expect(error.message).toMatch(/: no answer within 100 ms; 3 attempts in (\d+ ms|[\d.]+ s) in all$/);
      expect(readme).toContain(`\`${asQuoted(error.message).replace(/in [\d.]+ m?s in all$/, "in 1.2 s in all")}\``);
      expect(server.requests).toHaveLength(3);
    } finally {
      server.fallback = () => ({ kind: "json", status: 200, body: {} });
    }
  });
});

describe("validation messages", () => {
  it("every JSON Schema keyword the document's validators use has the client's own words", () => {
    const generated = new URL("../src/generated/", import.meta.url);
    const used = new Set<string>();
    for (const file of ["request-validators.js", "response-validators.js"]) {
      for (const [, keyword] of readFileSync(new URL(file, generated), "utf8").matchAll(/keyword:"(\w+)"/g)) {
        used.add(keyword as string);
      }
    }
    expect(used.size).toBeGreaterThan(3);
    const ownWords = new Set([...Object.keys(KEYWORD_MESSAGES), "required", "additionalProperties"]);
    expect([...used].filter((keyword) => !ownWords.has(keyword))).toEqual([]);
  });
});
