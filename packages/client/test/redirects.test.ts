// Redirects are never followed, on either surface: a 3xx from the API host must not carry the
// key, or a POST's body, to the host it points at. The other host is a second real server on
// another loopback address, which records what reaches it: nothing may.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createUserApiClient, QuatrixError, QuatrixRedirectError, type RetryEvent } from "../src/index.js";
import { API_KEY, guardSecrets, observe, rejection } from "./support/secrets.js";
import { startTestServer, type TestServer } from "./support/test-server.js";
import { transportUnderTest } from "./support/transport.js";

guardSecrets();

let api: TestServer;
let elsewhere: TestServer;
beforeAll(async () => {
  api = await startTestServer();
  elsewhere = await startTestServer({ host: "127.0.0.2" });
});
afterAll(async () => {
  await api.close();
  await elsewhere.close();
});
afterEach(() => {
  api.reset();
  elsewhere.reset();
});

const NEW_USER = { name: "Ada Lovelace", email: "ada@example.com" };
const STATUSES = [300, 301, 302, 303, 307, 308] as const;

function client(events: RetryEvent[]) {
  return createUserApiClient({
    ...transportUnderTest(),
    baseUrl: `${api.url}/api/1.0`,
    apiKey: API_KEY,
    retryBaseDelayMs: 5,
    onRetry: (event) => events.push(observe(event)),
  });
}

/** The four ways to send a GET and a POST: operation methods and openapi-fetch surface. */
const CALLS = {
  "listUsers (GET)": (c: ReturnType<typeof client>) => c.listUsers(),
  "createUser (POST)": (c: ReturnType<typeof client>) => c.createUser(NEW_USER),
  "client.GET": (c: ReturnType<typeof client>) => c.GET("/user"),
  "client.POST": (c: ReturnType<typeof client>) => c.POST("/user/create", { body: NEW_USER }),
};

describe("a redirect to another host", () => {
  for (const status of STATUSES) {
    for (const [label, call] of Object.entries(CALLS)) {
      it(`${status} on ${label} rejects with QuatrixRedirectError; the other host receives nothing`, async () => {
        const events: RetryEvent[] = [];
        api.enqueue({ kind: "redirect", status, location: `${elsewhere.url}/api/1.0/user?token=abc#top` });
        const error = await rejection(call(client(events)));
        expect(error).toBeInstanceOf(QuatrixRedirectError);
        expect(error).toBeInstanceOf(QuatrixError);
        const redirect = error as QuatrixRedirectError;
        expect(redirect.status).toBe(status);
        expect(redirect.method).toBe(label.includes("POST") ? "POST" : "GET");
        // Origin and path only: the query may hold a token.
        expect(redirect.location).toBe(`${elsewhere.url}/api/1.0/user`);
        expect(redirect.message).toContain(`${elsewhere.url}/api/1.0/user`);
        expect(redirect.message).not.toContain("token=abc");
        expect(redirect.message).toMatch(/base URL is probably wrong/);
        // Sent once, never retried, and nothing reached the other host.
        expect(api.requests).toHaveLength(1);
        expect(events).toHaveLength(0);
        expect(elsewhere.requests).toEqual([]);
      });
    }
  }

  it("a relative Location is shown resolved against the request URL", async () => {
    api.enqueue({ kind: "redirect", status: 302, location: "/login?next=/user" });
    const error = (await rejection(client([]).listUsers())) as QuatrixRedirectError;
    expect(error.location).toBe(`${api.url}/login`);
  });

  it("a redirect without a usable Location still fails, saying so", async () => {
    api.enqueue({ kind: "redirect", status: 301, location: "http://[::bad" });
    const error = (await rejection(client([]).listUsers())) as QuatrixRedirectError;
    expect(error).toBeInstanceOf(QuatrixRedirectError);
    expect(error.location).toBeUndefined();
    expect(error.message).toContain("somewhere it did not say");
  });

  it("the error holds no request header: no key, no body", async () => {
    api.enqueue({ kind: "redirect", status: 307, location: `${elsewhere.url}/` });
    const error = await rejection(client([]).createUser(NEW_USER));
    const text = JSON.stringify({ ...error, message: error.message });
    expect(text).not.toContain(NEW_USER.email);
    expect(Object.keys(error)).not.toContain("headers");
  });
});
