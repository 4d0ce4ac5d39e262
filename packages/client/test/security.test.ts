// The API key stays secret; header values cannot inject headers; ids cannot change the path;
// the key never crosses the network in clear text unless the caller says so.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  createUserApiClient,
  QuatrixApiError,
  QuatrixError,
  QuatrixRedirectError,
  QuatrixValidationError,
  type RetryEvent,
} from "../src/index.js";
import { API_KEY, creationError, guardSecrets, observe, rejection, renderings } from "./support/secrets.js";
import { closedPort, useTestServer } from "./support/test-server.js";
import { clientFor } from "./support/transport.js";

guardSecrets();

const server = useTestServer();

const client = (options: Parameters<typeof createUserApiClient>[0] = {}) =>
  clientFor(server, { retryBaseDelayMs: 5, ...options });

describe("the API key", () => {
  it("appears in no rendering of any kind of error", async () => {
    const port = await closedPort();
    server.enqueue(
      { kind: "json", status: 401, body: { code: 14, msg: "Not authorized" } },
      { kind: "raw", status: 502, body: `<html>${API_KEY.slice(0, 4)}</html>` },
      { kind: "hang" },
    );
    const events: RetryEvent[] = [];
    const errors = [
      await rejection(client().listUsers()),
      await rejection(client({ maxRetries: 0 }).listUsers()),
      await rejection(client({ maxRetries: 0, timeoutMs: 100 }).listUsers()),
      await rejection(client().getUser("not-a-uuid")),
      await rejection(
        client({ baseUrl: `http://127.0.0.1:${port}/api/1.0`, onRetry: (e) => events.push(observe(e)) }).createUser({
          name: "Ada",
          email: "ada@example.com",
        }),
      ),
    ];
    expect(events.length).toBeGreaterThan(0);
    for (const error of [...errors, ...events])
      for (const text of renderings(error)) expect(text).not.toContain(API_KEY);
  });

  it("echoed back by the server (msg, details, a header, a non-JSON or 2xx body) is redacted from every error", async () => {
    const escaped = JSON.stringify(API_KEY).slice(1, -1);
    server.enqueue(
      {
        kind: "json",
        status: 401,
        body: { code: 14, msg: `Key ${API_KEY} is not valid`, details: { key: API_KEY, issues: [] } },
        headers: { "x-echo": `token=${API_KEY}` },
      },
      { kind: "raw", status: 502, body: `<html>bad key ${API_KEY}</html>`, contentType: "text/html" },
      { kind: "raw", status: 200, body: `not json: ${escaped}`, contentType: "application/json" },
    );
    const errors = [
      await rejection(client().listUsers()),
      await rejection(client({ maxRetries: 0 }).listUsers()),
      await rejection(client().listUsers()),
      // The key given per call, not the client's, is the one kept out.
    ];
    server.enqueue({ kind: "json", status: 400, body: { code: 10, msg: "per-call-key-9d8c7b is bad" } });
    const perCall = await rejection(
      client({ apiKey: undefined }).listUsers({ headers: { "X-Auth-Token": "per-call-key-9d8c7b" } }),
    );
    expect(perCall.message).not.toContain("per-call-key-9d8c7b");
    const [status401, status502, invalid] = errors as [QuatrixApiError, QuatrixApiError, Error];
    expect(status401.msg).toBe("Key [redacted] is not valid");
    expect(status401.details).toMatchObject({ key: "[redacted]" });
    expect(status401.headers["x-echo"]).toBe("token=[redacted]");
    expect(status502.bodyExcerpt).toContain("bad key [redacted]");
    expect(invalid.message).toContain("[redacted]");
    for (const error of errors) for (const text of renderings(error)) expect(text).not.toContain(API_KEY);
  });

  it("in a redirect's Location is redacted from the QuatrixRedirectError, on both surfaces", async () => {
    for (const call of [() => client().listUsers(), () => client().GET("/user")]) {
      server.enqueue({ kind: "redirect", status: 302, location: `/api/1.0/${API_KEY}/user?token=${API_KEY}` });
      const error = (await rejection(call())) as QuatrixRedirectError;
      expect(error).toBeInstanceOf(QuatrixRedirectError);
      expect(error.location).toBe(`${server.url}/api/1.0/[redacted]/user`);
      for (const text of renderings(error)) expect(text).not.toContain(API_KEY);
    }
  });

  it("is not shown by inspecting the client", () => {
    const c = client();
    expect(inspect(c, { depth: 5, showHidden: true })).not.toContain(API_KEY);
    expect(JSON.stringify(c)).not.toContain(API_KEY);
  });

  it("with CR, LF or another control character is refused without echoing it", () => {
    for (const bad of [`${API_KEY}\r\nX-Evil: 1`, `${API_KEY}\n`, `${API_KEY}\u0000`, `${API_KEY}\u007f`]) {
      const error = creationError(() => client({ apiKey: bad }));
      expect(error).toBeInstanceOf(QuatrixError);
      for (const text of renderings(error)) expect(text).not.toContain(API_KEY);
    }
  });

  it("a header value with CR or LF is refused without echoing it", () => {
    const error = creationError(() => client({ headers: { "x-team": "a\r\nx-auth-token: stolen" } }));
    expect(error).toBeInstanceOf(QuatrixError);
    expect(error.message).toContain("x-team");
    expect(error.message).not.toContain("stolen");
  });

  it("a base URL with credentials is refused without echoing them", () => {
    const error = creationError(() => client({ baseUrl: "https://admin:hunter2@api.quatrix.it/api/1.0" }));
    expect(error).toBeInstanceOf(QuatrixError);
    for (const text of renderings(error)) expect(text).not.toContain("hunter2");
  });
});

describe("path parameters", () => {
  for (const [id, expected] of [
    ["../delete", "/api/1.0/user/metadata/..%2Fdelete"],
    ["a/b?x=1", "/api/1.0/user/metadata/a%2Fb%3Fx%3D1"],
    ["...", "/api/1.0/user/metadata/..."],
    ["x#frag", "/api/1.0/user/metadata/x%23frag"],
  ] as const) {
    it(`${JSON.stringify(id)} stays one path segment`, async () => {
      server.enqueue({ kind: "json", status: 404, body: { code: 20, msg: "User not found" } });
      await rejection(client({ maxRetries: 0 }).getUser(id, { validateRequests: false }));
      expect(server.requests.map((r) => r.url)).toEqual([expected]);
    });
  }

  for (const id of ["", ".", ".."]) {
    it(`${JSON.stringify(id)} is refused even without validation: it would navigate the path`, async () => {
      const error = await rejection(client().getUser(id, { validateRequests: false }));
      expect(error).toBeInstanceOf(QuatrixValidationError);
      expect(server.requests).toHaveLength(0);
    });
  }
});

describe("the openapi-fetch surface", () => {
  it("turns a status no Response can hold (600, 999) into a typed error, the echoed key redacted", async () => {
    for (const status of [600, 999]) {
      server.enqueue({ kind: "json", status, body: { code: -1, msg: `odd ${API_KEY}` } });
      const error = await rejection(client().GET("/user"));
      expect(error, String(status)).toBeInstanceOf(QuatrixApiError);
      expect((error as QuatrixApiError).status).toBe(status);
      expect((error as QuatrixApiError).msg).toBe("odd [redacted]");
    }
  });
});

describe("any input ends in a QuatrixError", () => {
  for (const [label, call] of [
    [
      "an id with a lone surrogate",
      (c: ReturnType<typeof client>) => c.getUser("abc\ud800", { validateRequests: false }),
    ],
    ["an id that is an object", (c: ReturnType<typeof client>) => c.getUser({} as never, { validateRequests: false })],
    [
      "a body with a BigInt",
      (c: ReturnType<typeof client>) => c.createUser({ name: 1n } as never, { validateRequests: false }),
    ],
    ["call options that are not an object", (c: ReturnType<typeof client>) => c.listUsers(5 as never)],
  ] as const) {
    it(`${label}: a QuatrixValidationError, nothing sent, even without validation`, async () => {
      const error = await rejection(call(client()));
      expect(error).toBeInstanceOf(QuatrixValidationError);
      expect(server.requests).toHaveLength(0);
    });
  }
});

describe("the base URL", () => {
  it("http:// to a host that is not loopback is refused", () => {
    const error = creationError(() =>
      createUserApiClient({ baseUrl: "http://api.quatrix.it/api/1.0", apiKey: API_KEY }),
    );
    expect(error).toBeInstanceOf(QuatrixError);
    expect(error.message).toContain("allowInsecureHttp");
  });

  it("http:// is allowed for loopback hosts, and elsewhere with allowInsecureHttp", () => {
    for (const baseUrl of [
      "http://127.0.0.1:4010/api/1.0",
      "http://localhost:4010/api/1.0",
      "http://[::1]:4010/api/1.0",
    ]) {
      expect(() => createUserApiClient({ baseUrl })).not.toThrow();
    }
    expect(() =>
      createUserApiClient({ baseUrl: "http://intranet.example/api/1.0", allowInsecureHttp: true }),
    ).not.toThrow();
  });

  it("a base URL that is not a URL, or not http(s), is refused", () => {
    expect(creationError(() => createUserApiClient({ baseUrl: "api.quatrix.it" }))).toBeInstanceOf(QuatrixError);
    expect(creationError(() => createUserApiClient({ baseUrl: "ftp://api.quatrix.it" }))).toBeInstanceOf(QuatrixError);
  });

  it("a trailing slash is tolerated", async () => {
    server.enqueue({ kind: "json", status: 200, body: [] });
    await client({ baseUrl: `${server.url}/api/1.0/` }).listUsers();
    expect(server.requests[0]?.url).toBe("/api/1.0/user");
  });
});
