// The transport the behaviour suite runs on: vitest.config.mts runs the suite once per
// transport and says which in QUATRIX_TEST_TRANSPORT. Test files spread `transportUnderTest()`
// into the options of the clients they create; a test that is about the `fetch` option itself
// leaves it out.
import { afterAll } from "vitest";
import { createUserApiClient, type UserApiClient, type UserApiClientOptions } from "../../src/index.js";
import { createNodeTransport } from "../../src/node/index.js";
import { API_KEY } from "./secrets.js";

export const TRANSPORT: "fetch" | "node" = process.env.QUATRIX_TEST_TRANSPORT === "node" ? "node" : "fetch";

// One Node transport per test file (each file has its own module registry), as an app
// would share one across its clients.
const nodeTransport = TRANSPORT === "node" ? createNodeTransport() : undefined;
if (nodeTransport) afterAll(() => nodeTransport.close());

/** Client options selecting the transport under test: none for fetch (the default). */
export function transportUnderTest(): { transport?: ReturnType<typeof createNodeTransport> } {
  return nodeTransport ? { transport: nodeTransport } : {};
}

/**
 * A client of the transport under test for a test server, with the suite's API key; `options`
 * are laid over those (a file's own defaults, a test's).
 */
export function clientFor(server: { url: string }, options: UserApiClientOptions = {}): UserApiClient {
  return createUserApiClient({
    ...transportUnderTest(),
    baseUrl: `${server.url}/api/1.0`,
    apiKey: API_KEY,
    ...options,
  });
}
