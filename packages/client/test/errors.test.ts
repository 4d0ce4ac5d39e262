// Error answers become typed errors carrying what the server said; garbage never crashes.
import { describe, expect, it } from "vitest";
import {
  QuatrixApiError,
  QuatrixAuthenticationError,
  QuatrixBadRequestError,
  QuatrixError,
  QuatrixInvalidResponseError,
  QuatrixNotFoundError,
  QuatrixPermissionDeniedError,
  QuatrixRateLimitError,
  QuatrixServerError,
} from "../src/index.js";
import { guardSecrets, rejection } from "./support/secrets.js";
import { useTestServer } from "./support/test-server.js";
import { clientFor } from "./support/transport.js";

guardSecrets();

const server = useTestServer();

const client = () => clientFor(server, { maxRetries: 0 });

describe("an ErrorModel answer", () => {
  it("becomes a QuatrixBadRequestError with status, code, msg, details and the request", async () => {
    const details = { issues: [{ path: "/body/email", message: "is taken" }] };
    server.enqueue({
      kind: "json",
      status: 400,
      body: { code: 31, msg: "Email is already taken", details },
      headers: { "x-request-id": "abc" },
    });
    const error = await rejection(client().createUser({ name: "Ada", email: "ada@example.com" }));
    expect(error).toBeInstanceOf(QuatrixBadRequestError);
    expect(error).toBeInstanceOf(QuatrixApiError);
    expect(error).toBeInstanceOf(QuatrixError);
    expect(error).toBeInstanceOf(Error);
    const e = error as QuatrixApiError;
    expect(e).toMatchObject({
      name: "QuatrixBadRequestError",
      status: 400,
      code: 31,
      msg: "Email is already taken",
      details,
      operationId: "createUser",
      method: "POST",
      url: `${server.url}/api/1.0/user/create`,
    });
    expect(e.headers["x-request-id"]).toBe("abc");
    expect(e.message).toContain("Email is already taken (code 31)");
  });

  const kinds: [number, new (...args: never[]) => QuatrixApiError][] = [
    [400, QuatrixBadRequestError],
    [401, QuatrixAuthenticationError],
    [403, QuatrixPermissionDeniedError],
    [404, QuatrixNotFoundError],
    [429, QuatrixRateLimitError],
    [500, QuatrixServerError],
    [503, QuatrixServerError],
    [409, QuatrixApiError],
  ];
  for (const [status, ErrorClass] of kinds) {
    it(`${status} → ${ErrorClass.name}`, async () => {
      server.enqueue({ kind: "json", status, body: { code: 14, msg: "Not authorized" } });
      const error = await rejection(client().listUsers());
      expect(error.constructor).toBe(ErrorClass);
      expect((error as QuatrixApiError).status).toBe(status);
    });
  }
});

describe("an error body that is not an ErrorModel", () => {
  it("an HTML 502 page keeps the status and a short excerpt", async () => {
    const html = `<html><head><title>502 Bad Gateway</title></head><body>${"x".repeat(5000)}</body></html>`;
    server.enqueue({ kind: "raw", status: 502, body: html });
    const error = (await rejection(client().listUsers())) as QuatrixServerError;
    expect(error).toBeInstanceOf(QuatrixServerError);
    expect(error.status).toBe(502);
    expect(error.code).toBeUndefined();
    expect(error.bodyExcerpt).toMatch(/^<html><head><title>502 Bad Gateway/);
    expect(error.bodyExcerpt?.length).toBeLessThanOrEqual(201);
  });

  it("an empty body", async () => {
    server.enqueue({ kind: "empty", status: 500 });
    const error = (await rejection(client().listUsers())) as QuatrixServerError;
    expect(error.status).toBe(500);
    expect(error.bodyExcerpt).toBe("");
    expect(error.message).toContain("empty body");
  });

  it("invalid JSON", async () => {
    server.enqueue({ kind: "raw", status: 400, body: '{"code": 10, "msg": ', contentType: "application/json" });
    const error = (await rejection(client().listUsers())) as QuatrixBadRequestError;
    expect(error.status).toBe(400);
    expect(error.bodyExcerpt).toBe('{"code": 10, "msg":');
  });

  it("JSON that is not an ErrorModel", async () => {
    server.enqueue({ kind: "json", status: 404, body: ["not", "an", "error"] });
    const error = (await rejection(client().listUsers())) as QuatrixNotFoundError;
    expect(error.code).toBeUndefined();
    expect(error.bodyExcerpt).toBe('["not","an","error"]');
  });
});

describe("a success answer that is garbage", () => {
  it("non-JSON 200 → QuatrixInvalidResponseError, never undefined", async () => {
    server.enqueue({ kind: "raw", status: 200, body: "<html>maintenance</html>" });
    const error = await rejection(client().listUsers());
    expect(error).toBeInstanceOf(QuatrixInvalidResponseError);
    expect((error as QuatrixInvalidResponseError).bodyExcerpt).toBe("<html>maintenance</html>");
  });

  it("empty 200 where a body is promised → QuatrixInvalidResponseError", async () => {
    server.enqueue({ kind: "empty", status: 200 });
    expect(await rejection(client().listUserGroups())).toBeInstanceOf(QuatrixInvalidResponseError);
  });

  it("an answer cut short → a typed error, not a crash", async () => {
    server.enqueue({ kind: "truncated", status: 200, body: '[{"id":"5b9f3c2a' });
    const error = await rejection(client().listUsers());
    expect(error).toBeInstanceOf(QuatrixError);
  });
});

describe("messages are safe to log", () => {
  // CR/LF would forge a log line, ESC sequences recolour or erase a terminal, U+202E reverses text.
  const hostile =
    "Email taken\r\n2026-01-01 INFO login ok user=admin\u001b[2K\u001b[31mred\u001b[0m\u202etxt.exe\u0007";

  it("a server's msg is kept as sent in error.msg and escaped in error.message", async () => {
    server.enqueue({ kind: "json", status: 400, body: { code: 31, msg: hostile } });
    const error = (await rejection(client().createUser({ name: "Ada", email: "ada@example.com" }))) as QuatrixApiError;
    expect(error.msg).toBe(hostile);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point.
    expect(error.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(error.message).toContain("Email taken\\r\\n2026-01-01 INFO login ok user=admin\\u001b[2K\\u001b[31mred");
    expect(error.message).toContain("\\u202etxt.exe\\u0007");
  });

  it("an error body that is not an ErrorModel is escaped too, and so is a garbage success body", async () => {
    server.enqueue(
      { kind: "raw", status: 502, body: `<p>${hostile}</p>` },
      { kind: "raw", status: 200, body: `\u001b]0;owned\u0007${hostile}` },
    );
    const errors = [await rejection(client().listUsers()), await rejection(client().listUsers())];
    expect(errors[0]).toBeInstanceOf(QuatrixServerError);
    expect(errors[1]).toBeInstanceOf(QuatrixInvalidResponseError);
    for (const error of errors) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point.
      expect(error.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
      expect(error.message).toContain("\\u001b[31mred");
    }
  });
});
