// Defaults from the environment (QUATRIX_API_KEY, QUATRIX_BASE_URL, QUATRIX_LOG), and a call that
// needs a key on a client without one failing before anything is sent.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createUserApiClient, QuatrixError, QuatrixMissingApiKeyError } from "../src/index.js";
import { API_KEY, guardSecrets, rejection } from "./support/secrets.js";
import { useTestServer } from "./support/test-server.js";
import { clientFor, transportUnderTest } from "./support/transport.js";

guardSecrets();

const server = useTestServer(() => ({ kind: "json", status: 200, body: [] }));
afterEach(() => vi.unstubAllEnvs());

describe("environment defaults", () => {
  it("apiKey and baseUrl come from QUATRIX_API_KEY and QUATRIX_BASE_URL when not given", async () => {
    vi.stubEnv("QUATRIX_API_KEY", API_KEY);
    vi.stubEnv("QUATRIX_BASE_URL", `${server.url}/api/1.0`);
    await createUserApiClient({ ...transportUnderTest() }).listUsers();
    expect(server.requests[0]?.url).toBe("/api/1.0/user");
    expect(server.requests[0]?.headers["x-auth-token"]).toBe(API_KEY);
  });

  it("an option given wins over the environment", async () => {
    vi.stubEnv("QUATRIX_API_KEY", "from-env");
    vi.stubEnv("QUATRIX_BASE_URL", "http://127.0.0.1:1/api/1.0");
    await clientFor(server).listUsers();
    expect(server.requests[0]?.headers["x-auth-token"]).toBe(API_KEY);
  });

  it("an option set to undefined (an unset variable of the app's own) falls back to the environment", async () => {
    vi.stubEnv("QUATRIX_API_KEY", API_KEY);
    await createUserApiClient({
      ...transportUnderTest(),
      baseUrl: `${server.url}/api/1.0`,
      apiKey: undefined,
    }).listUsers();
    expect(server.requests[0]?.headers["x-auth-token"]).toBe(API_KEY);
  });

  it("an empty variable counts as unset", async () => {
    vi.stubEnv("QUATRIX_API_KEY", "");
    vi.stubEnv("QUATRIX_BASE_URL", "");
    const client = createUserApiClient({ ...transportUnderTest(), baseUrl: `${server.url}/api/1.0` });
    expect(await rejection(client.listUsers())).toBeInstanceOf(QuatrixMissingApiKeyError);
  });

  it("an unknown QUATRIX_LOG level refuses to create the client, naming the variable", () => {
    vi.stubEnv("QUATRIX_LOG", "verbose");
    expect(() => createUserApiClient({ baseUrl: `${server.url}/api/1.0` })).toThrow(
      /the QUATRIX_LOG environment variable must be one of off, error, warn, info, debug/,
    );
  });
});

describe("no API key", () => {
  it("an operation that needs one fails before sending, naming the option and the variable", async () => {
    vi.stubEnv("QUATRIX_API_KEY", "");
    const client = createUserApiClient({ ...transportUnderTest(), baseUrl: `${server.url}/api/1.0` });
    const error = await rejection(client.listUsers());
    expect(error).toBeInstanceOf(QuatrixMissingApiKeyError);
    expect(error).toBeInstanceOf(QuatrixError);
    expect(error.message).toBe(
      "listUsers needs an API key, and the client has none: set the apiKey option or the QUATRIX_API_KEY environment variable; nothing was sent",
    );
    const viaFetch = await rejection(client.GET("/user"));
    expect(viaFetch).toBeInstanceOf(QuatrixMissingApiKeyError);
    expect(viaFetch.message).toContain("listUsers needs an API key");
    expect(server.requests).toHaveLength(0);
  });

  it("signupUser still works without one, and sends none", async () => {
    vi.stubEnv("QUATRIX_API_KEY", "");
    server.enqueue({ kind: "empty", status: 200 });
    const client = createUserApiClient({ ...transportUnderTest(), baseUrl: `${server.url}/api/1.0` });
    await client.signupUser({ email: "ada@example.com", password: "c2VjcmV0" });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers["x-auth-token"]).toBeUndefined();
  });

  it("an X-Auth-Token header given in headers counts as a key", async () => {
    vi.stubEnv("QUATRIX_API_KEY", "");
    const client = createUserApiClient({
      ...transportUnderTest(),
      baseUrl: `${server.url}/api/1.0`,
      headers: { "X-Auth-Token": API_KEY },
    });
    await client.listUsers();
    expect(server.requests[0]?.headers["x-auth-token"]).toBe(API_KEY);
  });
});
