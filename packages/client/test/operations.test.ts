// Each operation of the document, called through its generated method against a real HTTP server:
// method, path, X-Auth-Token, JSON body and typed result, with bodies and answers taken from
// the document's examples.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createUserApiClient, operationTable } from "../src/index.js";
import { apiModel } from "../src/internal.js";
import { fixtures } from "./support/fixtures.js";
import { API_KEY, guardSecrets, observe } from "./support/secrets.js";
import { startTestServer, type TestServer } from "./support/test-server.js";
import { clientFor } from "./support/transport.js";

guardSecrets();

let server: TestServer;
const USER_ID = "5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c";

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

function exampleOf(operationId: string, parameter: string): unknown {
  const op = apiModel.operations.find((o) => o.operationId === operationId);
  return op?.parameters.find((p) => p.in === "path" && p.name === parameter)?.example;
}

function client() {
  return clientFor(server, { validateResponses: true });
}

describe("every operation of the document", () => {
  it("has a fixture and a method", () => {
    const c = client();
    expect(Object.keys(fixtures).sort()).toEqual(Object.keys(operationTable).sort());
    expect(Object.keys(operationTable)).toEqual(apiModel.operations.map((op) => op.operationId));
    for (const id of Object.keys(operationTable))
      expect(typeof (c as unknown as Record<string, unknown>)[id]).toBe("function");
  });

  for (const [operationId, fixture] of Object.entries(fixtures)) {
    it(`${operationId}: ${fixture.method} ${fixture.path}`, async () => {
      const success = fixture.responses[String(fixture.successStatus)];
      server.enqueue(
        success === null
          ? { kind: "empty", status: fixture.successStatus }
          : { kind: "json", status: fixture.successStatus, body: success },
      );
      const method = (client() as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[operationId];
      // A path parameter takes the document's example, else a user id.
      const pathValues = Object.fromEntries(
        fixture.pathParams.map((name) => [name, String(exampleOf(operationId, name) ?? USER_ID)]),
      );
      const args: unknown[] = fixture.pathParams.map((name) => pathValues[name]);
      if (fixture.request !== null) args.push(fixture.request);
      const result = await method?.(...args);

      expect(server.requests).toHaveLength(1);
      const [sent] = server.requests;
      expect(sent?.method).toBe(fixture.method);
      expect(sent?.url).toBe(
        `/api/1.0${fixture.path.replace(/\{(\w+)\}/g, (_, name: string) => String(pathValues[name]))}`,
      );
      if (fixture.auth) expect(sent?.headers["x-auth-token"]).toBe(API_KEY);
      else expect(sent?.headers["x-auth-token"]).toBeUndefined();
      expect(sent?.headers.accept).toBe("application/json");
      if (fixture.request !== null) {
        expect(sent?.headers["content-type"]).toBe("application/json");
        expect(JSON.parse(sent?.body ?? "")).toEqual(fixture.request);
      } else {
        expect(sent?.body).toBe("");
      }
      expect(result).toEqual(success === null ? undefined : success);
    });
  }
});

describe("the openapi-fetch surface", () => {
  it("GET sends the key and returns { data, response }", async () => {
    server.enqueue({ kind: "json", status: 200, body: fixtures.getUser?.responses["200"] });
    const { data, error, response } = await client().GET("/user/metadata/{id}", { params: { path: { id: USER_ID } } });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.email).toBe("ada@example.com");
    expect(server.requests[0]?.headers["x-auth-token"]).toBe(API_KEY);
  });

  it("returns the ErrorModel as { error } instead of throwing", async () => {
    server.enqueue({ kind: "json", status: 404, body: { code: 20, msg: "User not found" } });
    const { data, error, response } = await client().GET("/user/metadata/{id}", { params: { path: { id: USER_ID } } });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toEqual({ code: 20, msg: "User not found" });
  });

  it("POST /user/signup sends no key", async () => {
    server.enqueue({ kind: "empty", status: 200 });
    const { error, response } = await client().POST("/user/signup", {
      body: { email: "ada@example.com", password: "cGFzcw==" },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(server.requests[0]?.headers["x-auth-token"]).toBeUndefined();
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({ email: "ada@example.com", password: "cGFzcw==" });
  });

  it("POST /user/create sends the key and the body", async () => {
    server.enqueue({ kind: "json", status: 201, body: fixtures.createUser?.responses["201"] });
    const { data } = await client().POST("/user/create", { body: { name: "Ada", email: "ada@example.com" } });
    expect(data?.id).toBe((fixtures.createUser?.responses["201"] as { id: string } | undefined)?.id);
    expect(server.requests[0]?.headers["x-auth-token"]).toBe(API_KEY);
    observe(server.requests[0]?.url);
  });
});

describe("options", () => {
  it("sends extra headers on every request, per client and per call", async () => {
    server.enqueue({ kind: "json", status: 200, body: [] }, { kind: "json", status: 200, body: [] });
    const c = clientFor(server, { headers: { "x-team": "payments" } });
    await c.listUsers();
    await c.listUsers({ headers: { "x-request-id": "r-1" } });
    expect(server.requests[0]?.headers["x-team"]).toBe("payments");
    expect(server.requests[1]?.headers["x-team"]).toBe("payments");
    expect(server.requests[1]?.headers["x-request-id"]).toBe("r-1");
  });

  it("uses a custom fetch, which sees every request", async () => {
    server.enqueue({ kind: "json", status: 200, body: [] }, { kind: "json", status: 200, body: [] });
    const seen: string[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      seen.push(input instanceof Request ? `${input.method} ${input.url}` : `${init?.method} ${String(input)}`);
      return fetch(input, init);
    };
    const c = createUserApiClient({ baseUrl: `${server.url}/api/1.0`, apiKey: API_KEY, fetch: recordingFetch });
    await c.listUserGroups();
    await c.GET("/user/group");
    expect(seen).toEqual([`GET ${server.url}/api/1.0/user/group`, `GET ${server.url}/api/1.0/user/group`]);
  });

  it("defaults the base URL to the document's server", async () => {
    const { defaultBaseUrl, DEFAULTS } = await import("../src/index.js");
    expect(defaultBaseUrl).toBe("https://api.quatrix.it/api/1.0");
    expect(DEFAULTS.baseUrl).toBe(defaultBaseUrl);
    expect(DEFAULTS).toMatchObject({
      maxRetries: 2,
      timeoutMs: 60_000,
      validateRequests: true,
      validateResponses: false,
    });
  });
});

describe("middleware on the openapi-fetch surface", () => {
  it("use() before the first call and eject() both apply", async () => {
    server.enqueue({ kind: "json", status: 200, body: [] }, { kind: "json", status: 200, body: [] });
    const c = client();
    const tag = {
      onRequest({ request }: { request: Request }) {
        request.headers.set("x-tag", "on");
        return request;
      },
    };
    c.use(tag);
    await c.GET("/user");
    c.eject(tag);
    await c.GET("/user");
    expect(server.requests[0]?.headers["x-tag"]).toBe("on");
    expect(server.requests[1]?.headers["x-tag"]).toBeUndefined();
    expect(server.requests[1]?.headers["x-auth-token"]).toBe(API_KEY);
  });
});
