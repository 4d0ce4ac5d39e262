// The real client, pointed at a mock server.
import { createUserApiClient, type UserApiClient } from "@quatrix/user-api-client";
import type { MockServer } from "../../src/index.js";

export const API_KEY = "mock-test-key";

export function clientFor(server: MockServer, options: Parameters<typeof createUserApiClient>[0] = {}): UserApiClient {
  return createUserApiClient({ baseUrl: server.baseUrl, apiKey: API_KEY, maxRetries: 0, ...options });
}
