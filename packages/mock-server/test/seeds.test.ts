// Seeds are checked before the mock starts, behind either door: every issue named the way the
// seed was given, e-mails compared without regard to case; a valid seed still starts.
import { describe, expect, it } from "vitest";
import { MockSeedError, type SeedUser, startMockServer } from "../src/index.js";
import { createUserApiHandlers } from "../src/msw.js";

/** The issues a seed is refused with (it must be refused). */
async function refused(users: unknown, groups?: unknown): Promise<readonly string[]> {
  const error = await startMockServer({
    users: users as SeedUser[],
    ...(groups ? { groups: groups as never } : {}),
  }).then(
    async (server) => {
      await server.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MockSeedError);
  return (error as MockSeedError).issues;
}

describe("seeds", () => {
  it("refuses every bad user at once, each issue named", async () => {
    const issues = await refused([
      { name: "Bad e-mail", email: "bad" },
      { name: "Bad status", email: "b@example.com", status: "ZZ" },
      { name: "Bad quota", email: "c@example.com", quota: "lots" },
      { name: "Same e-mail", email: "B@Example.COM" },
      { name: "No e-mail" },
    ]);
    expect(issues).toEqual(
      expect.arrayContaining([
        "users[0].email: must be a valid email",
        expect.stringMatching(/^users\[1\]\.status: must be one of "A", "D"$/),
        expect.stringMatching(/^users\[2\]\.quota: must be an integer/),
        "users[3].email: is already the email of users[1] (e-mails are compared without regard to case)",
        "users[4].email: is required",
      ]),
    );
    expect(issues).toHaveLength(5);
  });

  it("refuses numbers JavaScript cannot hold, from a JSON seed", async () => {
    const users = JSON.parse(
      '[{"name":"Owner","email":"owner@example.com","user_operations":1e400,"quota":9007199254740993}]',
    );
    const issues = await refused(users);
    expect(issues).toEqual(
      expect.arrayContaining([
        "users[0].user_operations: must be a number JavaScript can hold exactly (a safe integer)",
        "users[0].quota: must be a number JavaScript can hold exactly (a safe integer)",
      ]),
    );
  });

  it("refuses bad groups, unknown group ids, a bad PGP key and repeated ids", async () => {
    const id = "2a3b4c5d-6e7f-4081-92a3-b4c5d6e7f809";
    const issues = await refused(
      [
        { id, name: "A", email: "a@example.com", groups: ["00000000-0000-4000-8000-000000000001"] },
        { id, name: "B", email: "b@example.com", pgpKey: { public: 42 } },
      ],
      [{ id: "not-a-uuid" }],
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        "groups[0].id: must be a valid uuid",
        "groups[0].name: is required",
        "users[0].groups[0]: must be the id of one of the account's groups",
        expect.stringMatching(/^users\[1\]\.pgpKey\.public: must be a string/),
        "users[1].id: is already the id of users[0]",
      ]),
    );
  });

  it("names the issues in the error's message too, and refuses behind the MSW door as well", () => {
    expect(() => createUserApiHandlers({ users: [{ name: "A", email: "bad" }] })).toThrow(
      /The mock's seed is invalid:\n {2}users\[0\]\.email: must be a valid email/,
    );
  });

  it("starts with a valid seed: ids, groups by id, services, a password and a PGP key", async () => {
    const server = await startMockServer({
      users: [
        {
          id: "7c0a4d3b-8f2e-4a7b-9c3d-0e1f2a3b4c5d",
          name: "Grace",
          email: "grace@example.com",
          status: "D",
          quota: 1024,
          groups: ["8d2e3f4a-6b7c-4d8e-9f0a-1b2c3d4e5f60"],
          services: ["9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"],
          password: "cGFzcw==",
          pgpKey: { public: "cHVi" },
        },
      ],
    });
    try {
      expect(server.inspectUser("7c0a4d3b-8f2e-4a7b-9c3d-0e1f2a3b4c5d")?.user).toMatchObject({
        status: "D",
        quota: 1024,
      });
    } finally {
      await server.close();
    }
  });
});
