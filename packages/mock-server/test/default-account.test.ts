// The account a mock starts with when given none is the one the document's examples show — its
// owner (who holds the key), the users of listUsers's example, getUserPgpKey's key on the user
// it names, listUserGroups's groups — behind every door, so the docs' samples (which use the
// examples' ids) run as copied. `users: []` and `groups: []` (the CLI's `--empty`) start empty.
import { createUserApiClient, QuatrixApiError } from "@quatrix/user-api-client";
import { apiModel } from "@quatrix/user-api-client/internal";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_OWNER, DEFAULT_GROUPS, DEFAULT_USERS, startMockServer } from "../src/index.js";
import { createUserApiHandlers } from "../src/msw.js";

/** The first example of an operation's success answer, read from the document's model. */
const example = (operationId: string) =>
  Object.values(apiModel.operations.find((o) => o.operationId === operationId)?.success.examples ?? {})[0];
const exampleUsers = example("listUsers") as { id: string; email: string }[];
const exampleGroups = example("listUserGroups") as { id: string; name: string }[];
const exampleKey = example("getUserPgpKey") as { email: string; public: string };

describe("the default account", () => {
  it("is built from the document's examples, the owner first", () => {
    expect(exampleUsers.length, "the document's listUsers example has users").toBeGreaterThan(0);
    expect(DEFAULT_USERS[0]).toBe(ACCOUNT_OWNER);
    expect(DEFAULT_USERS.slice(1).map((u) => u.id)).toEqual(exampleUsers.map((u) => u.id));
    expect(DEFAULT_GROUPS.map((g) => g.id)).toEqual(exampleGroups.map((g) => g.id));
  });

  it("answers startMockServer() with no options: the examples' users, groups and key; the owner holds the key", async () => {
    const server = await startMockServer();
    try {
      const client = createUserApiClient({ baseUrl: server.baseUrl, apiKey: "test-key", maxRetries: 0 });
      const users = await client.listUsers();
      expect(users.map((u) => u.id)).toEqual([ACCOUNT_OWNER.id, ...exampleUsers.map((u) => u.id)]);
      for (const seed of exampleUsers) {
        expect(await client.getUser(seed.id)).toMatchObject(
          Object.fromEntries(Object.entries(seed).filter(([k]) => ["id", "name", "email", "status"].includes(k))),
        );
      }
      expect((await client.listUserGroups()).map((g) => [g.id, g.name])).toEqual(
        exampleGroups.map((g) => [g.id, g.name]),
      );
      const keyHolder = users.find((u) => u.email === exampleKey.email);
      expect(keyHolder?.has_key).toBe(true);
      expect(await client.getUserPgpKey(keyHolder?.id ?? "")).toMatchObject({ public: exampleKey.public });
      // The first user holds the key: it cannot delete itself; the example users can go.
      const refused = await client.deleteUsers({ ids: [ACCOUNT_OWNER.id ?? ""] }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(QuatrixApiError);
      expect((refused as QuatrixApiError).code).toBe(70);
      await client.deleteUsers({ ids: exampleUsers.map((u) => u.id) });
      expect((await client.listUsers()).map((u) => u.id)).toEqual([ACCOUNT_OWNER.id]);
      // reset() returns to the default account, not to an empty one.
      server.reset();
      expect(await client.listUsers()).toHaveLength(DEFAULT_USERS.length);
    } finally {
      await server.close();
    }
  });

  it("starts empty with users: [] and groups: []", async () => {
    const server = await startMockServer({ users: [], groups: [] });
    try {
      const client = createUserApiClient({ baseUrl: server.baseUrl, apiKey: "test-key", maxRetries: 0 });
      expect(await client.listUsers()).toEqual([]);
      expect(await client.listUserGroups()).toEqual([]);
      const user = await client.createUser({ name: "Ada Lovelace", email: "ada@example.com" });
      expect(await client.listUsers()).toEqual([user]);
    } finally {
      await server.close();
    }
  });

  describe("behind the MSW door", () => {
    const byDefault = createUserApiHandlers({ baseUrl: "http://127.0.0.1:2/api/1.0" });
    const empty = createUserApiHandlers({ baseUrl: "http://127.0.0.1:3/api/1.0", users: [], groups: [] });
    const msw = setupServer(...byDefault.handlers, ...empty.handlers);
    beforeAll(() => msw.listen({ onUnhandledRequest: "error" }));
    afterAll(() => msw.close());

    it("createUserApiHandlers() holds the same default account; users: [] is empty", async () => {
      const client = (baseUrl: string) => createUserApiClient({ baseUrl, apiKey: "test-key", maxRetries: 0 });
      expect((await client(byDefault.baseUrl).listUsers()).map((u) => u.id)).toEqual(DEFAULT_USERS.map((u) => u.id));
      expect(await client(byDefault.baseUrl).listUserGroups()).toHaveLength(exampleGroups.length);
      expect(await client(empty.baseUrl).listUsers()).toEqual([]);
    });
  });
});
