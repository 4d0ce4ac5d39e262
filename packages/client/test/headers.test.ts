// One header model on both surfaces: names compared case-insensitively, client headers then the
// key then the call's headers, a later value replacing an earlier one; every name and value
// checked at creation and per call, refused without echoing the value, and nothing sent.
import { describe, expect, it } from "vitest";
import {
  createUserApiClient,
  QuatrixValidationError,
  type UserApiClientOptions,
  type ValidationIssue,
} from "../src/index.js";
import { API_KEY, creationError, guardSecrets, rejection, renderings } from "./support/secrets.js";
import { startTestServer, useTestServer } from "./support/test-server.js";
import { clientFor, transportUnderTest } from "./support/transport.js";

guardSecrets();

const server = useTestServer();

const client = (options: UserApiClientOptions = {}) => clientFor(server, { maxRetries: 0, ...options });

/** The issues of a QuatrixValidationError, after checking it says nothing of `secret`. */
function issuesOf(error: Error, secret: string): ValidationIssue[] {
  expect(error).toBeInstanceOf(QuatrixValidationError);
  for (const text of renderings(error)) expect(text).not.toContain(secret);
  return (error as QuatrixValidationError).issues;
}

describe("merging", () => {
  it("client headers, then the key, then the call's headers: later replaces, never joins (methods)", async () => {
    server.fallback = () => ({ kind: "json", status: 200, body: [] });
    const c = client({ headers: { "X-Team": "blue", ACCEPT: "application/json" } });
    await c.listUsers({ headers: { "x-team": "red", "X-AUTH-TOKEN": "per-call-token" } });
    await c.listUsers();
    const [first, second] = server.requests;
    expect(first?.headers["x-team"]).toBe("red");
    expect(first?.headers["x-auth-token"]).toBe("per-call-token");
    expect(first?.headers.accept).toBe("application/json");
    expect(second?.headers["x-team"]).toBe("blue");
    expect(second?.headers["x-auth-token"]).toBe(API_KEY);
  });

  it("client headers, then the key, then the call's headers (openapi-fetch surface)", async () => {
    server.fallback = () => ({ kind: "json", status: 200, body: [] });
    const c = client({ headers: { "X-Team": "blue" } });
    await c.GET("/user", { headers: { "x-TEAM": "red", "X-Auth-Token": "per-call-token" } });
    await c.GET("/user");
    const [first, second] = server.requests;
    expect(first?.headers["x-team"]).toBe("red");
    expect(first?.headers["x-auth-token"]).toBe("per-call-token");
    expect(second?.headers["x-team"]).toBe("blue");
    expect(second?.headers["x-auth-token"]).toBe(API_KEY);
  });

  it("the surface sends no key to a per-call baseUrl that is not the client's", async () => {
    const other = await startTestServer({ host: "127.0.0.2" });
    try {
      await client().GET("/user", { baseUrl: `${other.url}/api/1.0` });
      expect(other.requests).toHaveLength(1);
      expect(other.requests[0]?.headers["x-auth-token"]).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it("signupUser sends no key on either surface", async () => {
    server.fallback = () => ({ kind: "empty", status: 204 });
    const body = { email: "ada@example.com", password: "correct horse battery staple", name: "Ada" };
    await client().signupUser(body as never, { validateRequests: false });
    await client().POST("/user/signup", { body: body as never });
    expect(server.requests.map((r) => r.headers["x-auth-token"])).toEqual([undefined, undefined]);
  });

  it("an X-Auth-Token in the client's headers together with apiKey is refused as ambiguous", () => {
    const error = creationError(() => client({ headers: { "X-Auth-Token": `${API_KEY}-other` } }));
    expect(issuesOf(error, API_KEY)).toEqual([
      { path: "/headers/x-auth-token", message: expect.stringMatching(/once/) },
    ]);
  });

  it("an X-Auth-Token in the client's headers is the key: QUATRIX_API_KEY yields to it", async () => {
    const before = process.env.QUATRIX_API_KEY;
    process.env.QUATRIX_API_KEY = "from-the-environment";
    try {
      server.enqueue({ kind: "json", status: 200, body: [] });
      await createUserApiClient({ baseUrl: `${server.url}/api/1.0`, headers: { "X-Auth-Token": API_KEY } }).listUsers();
      expect(server.requests[0]?.headers["x-auth-token"]).toBe(API_KEY);
    } finally {
      if (before === undefined) delete process.env.QUATRIX_API_KEY;
      else process.env.QUATRIX_API_KEY = before;
    }
  });

  it("an X-Auth-Token in the client's headers without apiKey is sent", async () => {
    server.enqueue({ kind: "json", status: 200, body: [] });
    await createUserApiClient({
      ...transportUnderTest(),
      baseUrl: `${server.url}/api/1.0`,
      headers: { "X-Auth-Token": API_KEY },
    }).listUsers();
    expect(server.requests[0]?.headers["x-auth-token"]).toBe(API_KEY);
  });
});

// Each bad header, and what the refusal must say.
const BAD_VALUES: Array<[string, string, RegExp]> = [
  ["CR LF", `${API_KEY}\r\nX-Evil: 1`, /CR or LF/],
  ["LF", `${API_KEY}\n`, /CR or LF/],
  ["NUL", `${API_KEY}\u0000`, /control/],
  ["ESC", `${API_KEY}\u001b[31m`, /control/],
  ["DEL", `${API_KEY}\u007f`, /control/],
  ["C1 control", `${API_KEY}\u0085`, /control/],
  ["Cyrillic", `${API_KEY}ключ`, /Latin-1/],
  ["emoji", `${API_KEY}🔑`, /Latin-1/],
  ["lone surrogate", `${API_KEY}\ud800`, /Latin-1/],
];
const BAD_NAMES = ["x team", "x-team:", "x\r\nteam", "", "ключ", "x(y)"];

describe("a bad header value", () => {
  for (const [label, value, problem] of BAD_VALUES) {
    it(`(${label}) in the client's headers is refused at creation, without echoing it`, () => {
      const issues = issuesOf(
        creationError(() => client({ headers: { "X-Team": value } })),
        API_KEY,
      );
      // Names are case-insensitive: the path shows the name in lower case.
      expect(issues).toEqual([{ path: "/headers/x-team", message: expect.stringMatching(problem) }]);
    });

    it(`(${label}) as apiKey is refused at creation, without echoing it`, () => {
      const issues = issuesOf(
        creationError(() => client({ apiKey: value })),
        API_KEY,
      );
      expect(issues).toEqual([{ path: "/apiKey", message: expect.stringMatching(problem) }]);
    });

    it(`(${label}) per call is refused on both surfaces and nothing is sent`, async () => {
      const c = client();
      const errors = [
        await rejection(c.listUsers({ headers: { "X-Team": value } })),
        await rejection(c.createUser({ name: "Ada", email: "ada@example.com" }, { headers: { "X-Team": value } })),
        await rejection(c.GET("/user", { headers: { "X-Team": value } })),
        await rejection(
          c.POST("/user/create", { body: { name: "Ada", email: "ada@x.com" }, headers: { "x-team": value } }),
        ),
      ];
      for (const error of errors) {
        const issues = issuesOf(error, API_KEY);
        expect(issues).toHaveLength(1);
        expect(issues[0]?.path).toMatch(/^\/headers\/x-team$/i);
        expect(issues[0]?.message).toMatch(problem);
      }
      expect(server.requests).toHaveLength(0);
    });
  }
});

describe("a bad header name", () => {
  for (const name of BAD_NAMES) {
    it(`${JSON.stringify(name)} is refused at creation and per call, on both surfaces, nothing sent`, async () => {
      const headers = { [name]: API_KEY };
      const errors = [
        creationError(() => client({ headers })),
        await rejection(client().listUsers({ headers })),
        await rejection(client().GET("/user", { headers })),
      ];
      for (const error of errors) {
        const issues = issuesOf(error, API_KEY);
        expect(issues).toHaveLength(1);
        expect(issues[0]?.path.startsWith("/headers/")).toBe(true);
        expect(issues[0]?.message).toMatch(/not a valid header name/);
        // The name is shown made printable: no raw CR or LF in the message.
        expect(error.message).not.toMatch(/[\r\n]/);
      }
      expect(server.requests).toHaveLength(0);
    });
  }
});

describe("the surface's own header forms", () => {
  it("numbers and booleans are sent as text, null removes a client header", async () => {
    server.enqueue({ kind: "json", status: 200, body: [] });
    const c = client({ headers: { "x-team": "blue", "x-drop": "me" } });
    await c.GET("/user", { headers: { "x-count": 3, "x-flag": true, "x-drop": null } as never });
    const sent = server.requests[0]?.headers;
    expect(sent?.["x-count"]).toBe("3");
    expect(sent?.["x-flag"]).toBe("true");
    expect(sent?.["x-team"]).toBe("blue");
    expect(sent?.["x-drop"]).toBeUndefined();
  });

  it("a list of values is refused: they would be joined into one", async () => {
    const error = await rejection(client().GET("/user", { headers: { "x-auth-token": [API_KEY, "b"] } as never }));
    expect(issuesOf(error, API_KEY)[0]?.message).toMatch(/not a list/);
    expect(server.requests).toHaveLength(0);
  });
});
