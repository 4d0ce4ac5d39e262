// Every rule of the mock, over HTTP through the real client.
import { operationTable, QuatrixApiError, type UserResp } from "@quatrix/user-api-client";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { MockServer } from "../src/index.js";
import { API_KEY, clientFor, OWNER_ONLY } from "./support/client.js";
import { startCheckedMockServer } from "./support/contract.js";

let server: MockServer;
let forcing: MockServer;
beforeAll(async () => {
  server = await startCheckedMockServer({ apiKey: API_KEY, users: OWNER_ONLY });
  forcing = await startCheckedMockServer({ apiKey: API_KEY, accountForcesMfa: true, users: OWNER_ONLY });
});
afterEach(() => {
  server.reset();
  forcing.reset();
});

const USERS_GROUP = "8d2e3f4a-6b7c-4d8e-9f0a-1b2c3d4e5f60";
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

async function apiError(promise: Promise<unknown>): Promise<QuatrixApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(QuatrixApiError);
  return error as QuatrixApiError;
}

const create = (name: string, email: string, extra: Record<string, unknown> = {}) =>
  clientFor(server).createUser({ name, email, ...extra });

describe("authentication", () => {
  it("every operation but signupUser needs the configured key: 401 code 14", async () => {
    const wrong = clientFor(server, { apiKey: "wrong-key" });
    const none = clientFor(server, { apiKey: undefined });
    // The client refuses to send these without a key, so the missing key is sent as raw requests.
    for (const op of Object.values(operationTable).filter((o) => o.auth)) {
      const response = await fetch(server.baseUrl + op.path.replace(/\{\w+\}/g, UNKNOWN_ID), {
        method: op.method,
        headers: op.hasBody ? { "content-type": "application/json" } : {},
        body: op.hasBody ? "{}" : null,
      });
      expect({ op: op.operationId, status: response.status, body: await response.json() }).toMatchObject({
        status: 401,
        body: { code: 14 },
      });
    }
    for (const c of [wrong]) {
      const calls = [
        c.listUsers(),
        c.listUserGroups(),
        c.getUser(UNKNOWN_ID),
        c.getUserPgpKey(UNKNOWN_ID),
        c.createUser({ name: "A", email: "a@example.com" }),
        c.editUsers({ ids: [UNKNOWN_ID], name: "B" }),
        c.deleteUsers({ ids: [UNKNOWN_ID] }),
        c.setUsersMfa({ ids: [UNKNOWN_ID], auth_type: "PIN", code: "1" }),
        c.removeUsersMfa({ ids: [UNKNOWN_ID], auth_type: "PIN" }),
        c.resetUsersMfa({ ids: [UNKNOWN_ID], auth_type: "2FA" }),
      ];
      for (const call of calls) expect(await apiError(call)).toMatchObject({ status: 401, code: 14 });
    }
    await expect(create("Ada", "ada@example.com")).resolves.toBeDefined();
    await expect(none.signupUser({ email: "ada@example.com", password: "cGFzcw==" })).resolves.toBeUndefined();
  });
});

describe("createUser", () => {
  it("answers 201 with a complete user: server-made id, timestamps and documented defaults", async () => {
    const before = Math.floor(Date.now() / 1000);
    const user = await create("Ada Lovelace", "ada@example.com");
    expect(user.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(user.created).toBeGreaterThanOrEqual(before);
    expect(user.modified).toBe(user.created);
    expect(user).toMatchObject({
      name: "Ada Lovelace",
      email: "ada@example.com",
      status: "A",
      super_admin: "N",
      quota: 0,
      language: "eng",
      custom_sftp_home: false,
      user_operations: 0,
      home_operations: 0,
      groups: [],
      services: [],
      auth_methods: [],
      forced_auth: [],
      has_key: false,
    });
    await expect(clientFor(server).getUser(user.id)).resolves.toEqual(user);
  });

  it("keeps the given optional fields and resolves group ids to groups", async () => {
    const user = await create("Grace", "grace@example.com", { status: "D", quota: 1024, groups: [USERS_GROUP] });
    expect(user.status).toBe("D");
    expect(user.quota).toBe(1024);
    expect(user.groups?.map((g) => g.name)).toEqual(["Users"]);
  });

  it("an e-mail already taken, in any case → 400 code 31", async () => {
    await create("Ada", "ada@example.com");
    expect(await apiError(create("Other Ada", "ADA@Example.COM"))).toMatchObject({ status: 400, code: 31 });
  });

  it("an unknown group id → 400 code 10", async () => {
    expect(await apiError(create("Ada", "ada@example.com", { groups: [UNKNOWN_ID] }))).toMatchObject({
      status: 400,
      code: 10,
    });
  });

  it("the new user cannot sign in until signupUser sets the password", async () => {
    const user = await create("Ada", "ada@example.com");
    expect(server.inspectUser(user.id)?.password).toBeUndefined();
    await clientFor(server).signupUser({ email: "ada@example.com", password: "cGFzcw==" });
    expect(server.inspectUser(user.id)?.password).toBe("cGFzcw==");
  });

  it("a missing required field → 400 code 11 naming it (client validation off)", async () => {
    const c = clientFor(server, { validateRequests: false });
    const error = await apiError(c.createUser({ name: "Ada" } as never));
    expect(error).toMatchObject({ status: 400, code: 11 });
    expect(error.details).toEqual({ issues: [{ path: "/body/email", message: "is required" }] });
  });

  it("a bad value → 400 code 10 naming it", async () => {
    const c = clientFor(server, { validateRequests: false });
    const error = await apiError(c.createUser({ name: "Ada", email: "ada@example.com", status: "Z" } as never));
    expect(error).toMatchObject({ status: 400, code: 10 });
    expect((error.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(["/body/status"]);
  });
});

describe("listUsers and getUser", () => {
  it("listUsers returns the account's users", async () => {
    const before = await clientFor(server).listUsers();
    const ada = await create("Ada", "ada@example.com");
    const after = await clientFor(server).listUsers();
    expect(after).toHaveLength(before.length + 1);
    expect(after).toContainEqual(ada);
  });

  it("getUser of an unknown id → 404 code 20", async () => {
    expect(await apiError(clientFor(server).getUser(UNKNOWN_ID))).toMatchObject({ status: 404, code: 20 });
  });

  it("getUser of an id that is not a uuid → 400 code 10", async () => {
    const c = clientFor(server, { validateRequests: false });
    const error = await apiError(c.getUser("not-a-uuid"));
    expect(error).toMatchObject({ status: 400, code: 10 });
    expect((error.details as { issues: { path: string }[] }).issues[0]?.path).toBe("/path/id");
  });
});

describe("editUsers", () => {
  it("changes only the given fields of the given users, moves modified, returns them", async () => {
    const ada = await create("Ada", "ada@example.com", { language: "ita" });
    const grace = await create("Grace", "grace@example.com");
    const other = await create("Linus", "linus@example.com");
    const edited = await clientFor(server).editUsers({ ids: [ada.id, grace.id], status: "D" });
    expect(edited.map((u) => u.id)).toEqual([ada.id, grace.id]);
    for (const u of edited) {
      expect(u.status).toBe("D");
      expect(u.modified).toBeGreaterThan(ada.modified ?? 0);
    }
    expect(edited[0]).toEqual({ ...ada, status: "D", modified: edited[0]?.modified });
    await expect(clientFor(server).getUser(other.id)).resolves.toEqual(other);
  });

  it("an e-mail with more than one id → 400 code 10", async () => {
    const ada = await create("Ada", "ada@example.com");
    const grace = await create("Grace", "grace@example.com");
    const error = await apiError(clientFor(server).editUsers({ ids: [ada.id, grace.id], email: "x@example.com" }));
    expect(error).toMatchObject({ status: 400, code: 10, msg: "An email can be edited only for one user in one call" });
  });

  it("an e-mail taken by another user → 400 code 31; one's own is fine", async () => {
    const ada = await create("Ada", "ada@example.com");
    await create("Grace", "grace@example.com");
    expect(await apiError(clientFor(server).editUsers({ ids: [ada.id], email: "Grace@example.com" }))).toMatchObject({
      status: 400,
      code: 31,
    });
    const [same] = await clientFor(server).editUsers({ ids: [ada.id], email: "ADA@example.com" });
    expect(same?.email).toBe("ADA@example.com");
  });

  it("an unknown id → 404 code 20, and nothing changes", async () => {
    const ada = await create("Ada", "ada@example.com");
    expect(await apiError(clientFor(server).editUsers({ ids: [ada.id, UNKNOWN_ID], name: "X" }))).toMatchObject({
      status: 404,
      code: 20,
    });
    expect((await clientFor(server).getUser(ada.id)).name).toBe("Ada");
  });
});

describe("deleteUsers", () => {
  it("answers 202 with the job's uuid, and the users are gone", async () => {
    const ada = await create("Ada", "ada@example.com");
    const job = await clientFor(server).deleteUsers({ ids: [ada.id] });
    // The answer's one field, whatever the document names it (a rename changes no test).
    expect(Object.values(job)).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
    expect(await apiError(clientFor(server).getUser(ada.id))).toMatchObject({ status: 404, code: 20 });
  });

  it("an unknown id among them → 404 code 20, and nothing is removed (as documented)", async () => {
    const ada = await create("Ada", "ada@example.com");
    expect(await apiError(clientFor(server).deleteUsers({ ids: [ada.id, UNKNOWN_ID] }))).toMatchObject({
      status: 404,
      code: 20,
    });
    await expect(clientFor(server).getUser(ada.id)).resolves.toMatchObject({ id: ada.id });
  });
});

describe("groups and PGP keys", () => {
  it("listUserGroups returns the seeded groups", async () => {
    const groups = await clientFor(server).listUserGroups();
    expect(groups.map((g) => g.name)).toEqual(["Administrators", "Users"]);
  });

  it("getUserPgpKey returns the user's key, and 404 code 20 when there is none", async () => {
    const [owner] = await clientFor(server).listUsers();
    const key = await clientFor(server).getUserPgpKey(owner?.id ?? "");
    expect(key).toMatchObject({ email: "owner@example.com" });
    expect(owner?.has_key).toBe(true);
    const ada = await create("Ada", "ada@example.com");
    expect(await apiError(clientFor(server).getUserPgpKey(ada.id))).toMatchObject({ status: 404, code: 20 });
    expect(await apiError(clientFor(server).getUserPgpKey(UNKNOWN_ID))).toMatchObject({ status: 404, code: 20 });
  });

  it("seeds users and groups given at start", async () => {
    const seeded = await startCheckedMockServer({
      apiKey: API_KEY,
      users: [{ name: "Seed", email: "seed@example.com", pgpKey: { public: "cHVi" } }],
      groups: [{ id: UNKNOWN_ID, name: "Only" }],
    });
    const [user] = await clientFor(seeded).listUsers();
    expect(user).toMatchObject({ name: "Seed", has_key: true });
    await expect(clientFor(seeded).getUserPgpKey(user?.id ?? "")).resolves.toMatchObject({ public: "cHVi" });
    // Shaped by the schema: the seed's fields, and every other declared property.
    const groups = await clientFor(seeded).listUserGroups();
    expect(groups).toEqual([{ id: UNKNOWN_ID, name: "Only", metadata: expect.any(Object) }]);
  });
});

describe("MFA", () => {
  it("setUsersMfa adds the kind to auth_methods, and 2FA to forced_auth", async () => {
    const ada = await create("Ada", "ada@example.com");
    const c = clientFor(server);
    await expect(c.setUsersMfa({ ids: [ada.id], auth_type: "PIN", code: "1234" })).resolves.toEqual({
      status: "success",
    });
    let user: UserResp = await c.getUser(ada.id);
    expect(user.auth_methods).toEqual(["PIN"]);
    expect(user.forced_auth).toEqual([]);
    await c.setUsersMfa({ ids: [ada.id], auth_type: "2FA", code: "492051" });
    user = await c.getUser(ada.id);
    expect(user.auth_methods).toEqual(["PIN", "2FA"]);
    expect(user.forced_auth).toEqual(["2FA"]);
    expect(server.inspectUser(ada.id)?.mfaCodes.get("2FA")).toBe("492051");
  });

  it("removeUsersMfa takes it away again", async () => {
    const ada = await create("Ada", "ada@example.com");
    const c = clientFor(server);
    await c.setUsersMfa({ ids: [ada.id], auth_type: "2FA", code: "492051" });
    await expect(c.removeUsersMfa({ ids: [ada.id], auth_type: "2FA" })).resolves.toEqual({ status: "success" });
    const user = await c.getUser(ada.id);
    expect(user.auth_methods).toEqual([]);
    expect(user.forced_auth).toEqual([]);
  });

  it("removing 2FA while the account forces MFA → 400 code 70; PIN may still go", async () => {
    const c = clientFor(forcing);
    const ada = await c.createUser({ name: "Ada", email: "ada@example.com" });
    await c.setUsersMfa({ ids: [ada.id], auth_type: "2FA", code: "492051" });
    await c.setUsersMfa({ ids: [ada.id], auth_type: "PIN", code: "1234" });
    expect(await apiError(c.removeUsersMfa({ ids: [ada.id], auth_type: "2FA" }))).toMatchObject({
      status: 400,
      code: 70,
    });
    await c.removeUsersMfa({ ids: [ada.id], auth_type: "PIN" });
    expect((await c.getUser(ada.id)).auth_methods).toEqual(["2FA"]);
  });

  it("resetUsersMfa clears the stored code and leaves MFA on", async () => {
    const ada = await create("Ada", "ada@example.com");
    const c = clientFor(server);
    await c.setUsersMfa({ ids: [ada.id], auth_type: "2FA", code: "492051" });
    await expect(c.resetUsersMfa({ ids: [ada.id], auth_type: "2FA" })).resolves.toEqual({ status: "success" });
    expect(server.inspectUser(ada.id)?.mfaCodes.has("2FA")).toBe(false);
    expect((await c.getUser(ada.id)).auth_methods).toEqual(["2FA"]);
  });

  it("all three → 404 code 20 when an id is unknown", async () => {
    const c = clientFor(server);
    for (const call of [
      c.setUsersMfa({ ids: [UNKNOWN_ID], auth_type: "PIN", code: "1" }),
      c.removeUsersMfa({ ids: [UNKNOWN_ID], auth_type: "PIN" }),
      c.resetUsersMfa({ ids: [UNKNOWN_ID], auth_type: "2FA" }),
    ]) {
      expect(await apiError(call)).toMatchObject({ status: 404, code: 20 });
    }
  });
});

describe("signupUser", () => {
  it("an unknown e-mail → 400 code 20", async () => {
    expect(
      await apiError(clientFor(server).signupUser({ email: "nobody@example.com", password: "cGFzcw==" })),
    ).toMatchObject({ status: 400, code: 20 });
  });

  it("a user who has already signed up → 400 code 30", async () => {
    await create("Ada", "ada@example.com");
    await clientFor(server).signupUser({ email: "ada@example.com", password: "cGFzcw==" });
    expect(
      await apiError(clientFor(server).signupUser({ email: "ada@example.com", password: "b3RoZXI=" })),
    ).toMatchObject({ status: 400, code: 30 });
  });
});

describe("the whole flow", () => {
  it("create → list → edit → signup → set MFA → delete → get (404)", async () => {
    const c = clientFor(server);
    const ada = await c.createUser({ name: "Ada", email: "ada@example.com", groups: [USERS_GROUP] });
    expect((await c.listUsers()).map((u) => u.email)).toContain("ada@example.com");
    const [edited] = await c.editUsers({ ids: [ada.id], name: "Ada Lovelace" });
    expect(edited?.name).toBe("Ada Lovelace");
    await c.signupUser({ email: "ada@example.com", password: "cGFzcw==" });
    await c.setUsersMfa({ ids: [ada.id], auth_type: "2FA", code: "492051" });
    expect((await c.getUser(ada.id)).auth_methods).toEqual(["2FA"]);
    await c.deleteUsers({ ids: [ada.id] });
    expect(await apiError(c.getUser(ada.id))).toMatchObject({ status: 404, code: 20 });
  });

  it("reset() puts the account back as it started", async () => {
    const before = await clientFor(server).listUsers();
    await create("Ada", "ada@example.com");
    server.reset();
    expect(await clientFor(server).listUsers()).toEqual(before);
  });
});
