// One middleware mechanism: client.use() runs for the operation methods as for client.GET/POST,
// per attempt, in openapi-fetch's order; eject() removes it from both.
import type { Middleware } from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { createUserApiClient, QuatrixError } from "../src/index.js";
import { API_KEY, guardSecrets, observe, rejection } from "./support/secrets.js";
import { useTestServer } from "./support/test-server.js";

guardSecrets();

const server = useTestServer(() => ({ kind: "json", status: 200, body: [] }));

const client = () => createUserApiClient({ baseUrl: `${server.url}/api/1.0`, apiKey: API_KEY, retryBaseDelayMs: 1 });

/** A middleware that records its calls as "name:hook". */
function recording(name: string, calls: string[]): Middleware {
  return {
    onRequest: ({ request, schemaPath }) => {
      calls.push(`${name}:request ${request.method} ${schemaPath}`);
      return undefined;
    },
    onResponse: ({ response }) => {
      calls.push(`${name}:response ${response.status}`);
      return undefined;
    },
  };
}

describe("client.use()", () => {
  it("runs for the operation methods and the openapi-fetch surface alike, in openapi-fetch's order", async () => {
    const calls: string[] = [];
    const c = client();
    c.use(recording("a", calls), recording("b", calls));
    await c.listUsers();
    const viaMethod = calls.splice(0);
    await c.GET("/user");
    expect(viaMethod).toEqual(["a:request GET /user", "b:request GET /user", "b:response 200", "a:response 200"]);
    expect(calls).toEqual(viaMethod);
  });

  it("runs per attempt: a retried call passes through it once per attempt, with one id", async () => {
    const ids: string[] = [];
    const statuses: number[] = [];
    const c = client();
    c.use({
      onRequest: ({ id }) => {
        ids.push(id);
        return undefined;
      },
      onResponse: ({ response }) => {
        statuses.push(response.status);
        return undefined;
      },
    });
    server.enqueue({ kind: "json", status: 503, body: { code: -1, msg: "busy" } });
    await c.getUser("5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c");
    expect(statuses).toEqual([503, 200]);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(1);
  });

  it("a tracing header added by onRequest is sent; the request carries the key and the path parameters", async () => {
    const c = client();
    const seen: unknown[] = [];
    c.use({
      onRequest: ({ request, params }) => {
        seen.push(params);
        request.headers.set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        return request;
      },
    });
    await c.getUser("5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c");
    expect(server.requests[0]?.headers.traceparent).toBe("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    expect(server.requests[0]?.headers["x-auth-token"]).toBe(API_KEY);
    expect(seen).toEqual([{ path: { id: "5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c" } }]);
  });

  it("a Response from onRequest answers without sending; typed errors still apply to it", async () => {
    const c = client();
    c.use({
      onRequest: () => new Response(JSON.stringify({ code: 31, msg: "User exists" }), { status: 400 }),
    });
    const error = await rejection(c.createUser({ name: "Ada", email: "ada@example.com" }));
    expect(error).toMatchObject({ status: 400, code: 31 });
    expect(server.requests).toHaveLength(0);
  });

  it("onError sees a failed send and may answer instead", async () => {
    const c = createUserApiClient({ baseUrl: "http://127.0.0.1:1/api/1.0", apiKey: API_KEY, maxRetries: 0 });
    const errors: unknown[] = [];
    c.use({
      onError: ({ error }) => {
        errors.push(observe(error));
        return new Response("[]", { status: 200, headers: { "content-type": "application/json" } });
      },
    });
    expect(await c.listUsers()).toEqual([]);
    expect(errors).toHaveLength(1);
  });

  it("a middleware that sends the request to another origin never takes the key there", async () => {
    const c = client();
    c.use({ onRequest: ({ request }) => new Request("http://localhost:1/elsewhere", request) });
    const error = await rejection(c.withOptions({ maxRetries: 0 }).listUsers());
    expect(error).toBeInstanceOf(QuatrixError);
    expect(error.message).toContain("never sent there");
  });

  it("eject() removes it from both surfaces; withOptions copies the list", async () => {
    const calls: string[] = [];
    const c = client();
    const m = recording("m", calls);
    c.use(m);
    const derived = c.withOptions({ timeoutMs: 5_000 });
    c.eject(m);
    await c.listUsers();
    await c.GET("/user");
    expect(calls).toEqual([]);
    await derived.listUsers();
    expect(calls).toEqual(["m:request GET /user", "m:response 200"]);
  });
});
