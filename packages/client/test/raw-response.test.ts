// QuatrixPromise: awaiting gives the data; withResponse() adds the HTTP answer and its request id;
// asResponse() gives the answer unparsed. Retries, validation and typed errors apply to all three.
import { describe, expect, it } from "vitest";
import {
  QuatrixBadRequestError,
  QuatrixInvalidResponseError,
  QuatrixPromise,
  QuatrixValidationError,
} from "../src/index.js";
import { fixtures } from "./support/fixtures.js";
import { guardSecrets, rejection } from "./support/secrets.js";
import { useTestServer } from "./support/test-server.js";
import { clientFor } from "./support/transport.js";

guardSecrets();

// The document's example of listUsers' success answer.
const listUsers = fixtures.listUsers;
const users = listUsers?.responses[String(listUsers.successStatus)];

const server = useTestServer();

const client = (options: { validateResponses?: boolean } = {}) =>
  clientFor(server, { retryBaseDelayMs: 1, ...options });

describe("QuatrixPromise", () => {
  it("is a real Promise that awaits to the data and sends one request", async () => {
    server.enqueue({ kind: "json", status: 200, body: users });
    const call = client().listUsers();
    expect(call).toBeInstanceOf(QuatrixPromise);
    expect(call).toBeInstanceOf(Promise);
    const [data] = await Promise.all([call]);
    expect(data).toEqual(users);
    expect(await call).toEqual(users);
    expect(server.requests).toHaveLength(1);
    expect(call.then(() => 1)).not.toBeInstanceOf(QuatrixPromise);
  });

  it("withResponse(): data, status, headers and the request id, after a retry", async () => {
    server.enqueue(
      { kind: "json", status: 503, body: { code: -1, msg: "busy" } },
      { kind: "json", status: 200, body: users, headers: { "x-request-id": "req-42", "x-extra": "1" } },
    );
    const { data, response, requestId } = await client().listUsers().withResponse();
    expect(server.requests).toHaveLength(2);
    expect(data).toEqual(users);
    expect(requestId).toBe("req-42");
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.headers.get("x-extra")).toBe("1");
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual(users);
  });

  it("withResponse() and awaiting the same call share one request and one parse", async () => {
    server.enqueue({ kind: "json", status: 200, body: users, headers: { "request-id": "r-1" } });
    const call = client().listUsers();
    const [data, withResponse] = await Promise.all([call, call.withResponse()]);
    expect(withResponse.data).toBe(data);
    expect(withResponse.requestId).toBe("r-1");
    expect(server.requests).toHaveLength(1);
  });

  it("asResponse(): the answer with its body unread and unparsed, even when it is not JSON", async () => {
    server.enqueue({ kind: "raw", status: 200, body: "<html>not json</html>", headers: { "x-request-id": "r-2" } });
    const response = await client().listUsers().asResponse();
    expect(response.status).toBe(200);
    expect(response.bodyUsed).toBe(false);
    expect(await response.text()).toBe("<html>not json</html>");
    server.enqueue({ kind: "raw", status: 200, body: "<html>not json</html>" });
    expect(await rejection(client().listUsers())).toBeInstanceOf(QuatrixInvalidResponseError);
  });

  it("an error status rejects withResponse() and asResponse() with the typed error", async () => {
    const error = { kind: "json", status: 400, body: { code: 31, msg: "User exists" } } as const;
    server.enqueue(error, error);
    const body = { name: "Ada", email: "ada@example.com" };
    expect(await rejection(client().createUser(body).withResponse())).toBeInstanceOf(QuatrixBadRequestError);
    expect(await rejection(client().createUser(body).asResponse())).toBeInstanceOf(QuatrixBadRequestError);
    expect(server.requests).toHaveLength(2);
  });

  it("validation applies: a request refused unsent, a response checked when validateResponses is on", async () => {
    const refused = await rejection(client().createUser({ name: "Ada", email: "nope" }).withResponse());
    expect(refused).toBeInstanceOf(QuatrixValidationError);
    expect(server.requests).toHaveLength(0);
    server.enqueue({ kind: "json", status: 200, body: [{ id: 1 }] });
    const invalid = await rejection(client({ validateResponses: true }).listUsers().withResponse());
    expect(invalid).toBeInstanceOf(QuatrixValidationError);
  });

  it("an empty success answer: data undefined, a Response with no body", async () => {
    server.enqueue({ kind: "empty", status: 200, headers: { "x-request-id": "r-3" } });
    const { data, response, requestId } = await client()
      .signupUser({ email: "ada@example.com", password: "cGFzcw==" })
      .withResponse();
    expect(data).toBeUndefined();
    expect(response.status).toBe(200);
    expect(requestId).toBe("r-3");
  });
});
