// The real client, pointed at a mock server.
import { createUserApiClient, type UserApiClient } from "@quatrix/user-api-client";
import { ACCOUNT_OWNER, type MockServer, type SeedUser } from "../../src/index.js";

export const API_KEY = "mock-test-key";

/**
 * An account with its owner only (who holds the key), asked for explicitly: the default account
 * also holds the document's example users, and these tests make their own.
 */
export const OWNER_ONLY: SeedUser[] = [ACCOUNT_OWNER];

export function clientFor(server: MockServer, options: Parameters<typeof createUserApiClient>[0] = {}): UserApiClient {
  return createUserApiClient({ baseUrl: server.baseUrl, apiKey: API_KEY, maxRetries: 0, ...options });
}
