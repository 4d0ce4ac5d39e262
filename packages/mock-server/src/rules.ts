// What each operation does to the account, as small functions over the state. They receive a
// request already authenticated and valid against the document.
import { randomUUID } from "node:crypto";
import { type AccountState, nowSeconds, type User, type UserRecord } from "./state.js";

export interface Answer {
  status: number;
  body?: unknown;
}

export interface RuleInput {
  params: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: bodies were validated against the document's schemas.
  body: any;
}

export type Rule = (state: AccountState, input: RuleInput) => Answer;

/** The ErrorModel answers, by Quatrix error code. */
export const fail = {
  badValue: (msg: string, field?: string): Answer => ({
    status: 400,
    body: { code: 10, msg, ...(field ? { details: { field } } : {}) },
  }),
  userExists: (): Answer => ({ status: 400, body: { code: 31, msg: "Email is already taken" } }),
  notFound: (msg = "User not found"): Answer => ({ status: 404, body: { code: 20, msg } }),
  notAllowed: (msg: string): Answer => ({ status: 400, body: { code: 70, msg } }),
};

const SUCCESS: Answer = { status: 200, body: { status: "success" } };
const editable = [
  "name",
  "email",
  "parent_id",
  "quota",
  "status",
  "super_admin",
  "home_id",
  "user_operations",
  "home_operations",
  "language",
  "custom_sftp_home",
] as const;

/** Every id must be a user of the account; otherwise the answer is 404 and nothing changes. */
function usersOrFail(state: AccountState, ids: string[]): UserRecord[] | Answer {
  const records = ids.map((id) => state.users.get(id));
  const missing = ids.filter((_, i) => !records[i]);
  return missing.length > 0 ? fail.notFound(`User not found: ${missing.join(", ")}`) : (records as UserRecord[]);
}

function unknownGroup(state: AccountState, groups: string[] | undefined): Answer | undefined {
  const known = new Set(state.groups.map((g) => g.id));
  const index = (groups ?? []).findIndex((id) => !known.has(id));
  return index >= 0 ? fail.badValue(`Unknown group: ${groups?.[index]}`, `/body/groups/${index}`) : undefined;
}

function unknownParent(state: AccountState, parentId: string | undefined): Answer | undefined {
  return parentId !== undefined && !state.users.has(parentId)
    ? fail.badValue(`Unknown parent user: ${parentId}`, "/body/parent_id")
    : undefined;
}

const isAnswer = (value: unknown): value is Answer => !Array.isArray(value);

export const rules: Record<string, Rule> = {
  listUsers: (state) => ({ status: 200, body: [...state.users.values()].map((r) => r.user) }),

  listUserGroups: (state) => ({ status: 200, body: state.groups }),

  getUser: (state, { params }) => {
    const record = state.users.get(params.id ?? "");
    return record ? { status: 200, body: record.user } : fail.notFound();
  },

  getUserPgpKey: (state, { params }) => {
    const record = state.users.get(params.id ?? "");
    if (!record) return fail.notFound();
    return record.pgpKey ? { status: 200, body: record.pgpKey } : fail.notFound("The user has no PGP key");
  },

  createUser: (state, { body }) => {
    if (state.byEmail(body.email)) return fail.userExists();
    const refused = unknownGroup(state, body.groups) ?? unknownParent(state, body.parent_id);
    if (refused) return refused;
    const user = state.newUser(body);
    // Created, not signed up: no password until signupUser.
    state.users.set(user.id, { user, password: undefined, mfaCodes: new Map(), pgpKey: undefined });
    return { status: 201, body: user };
  },

  editUsers: (state, { body }) => {
    const records = usersOrFail(state, body.ids);
    if (isAnswer(records)) return records;
    if (body.email !== undefined) {
      if (body.ids.length > 1)
        return fail.badValue("An email can be edited only for one user in one call", "/body/email");
      const holder = state.byEmail(body.email);
      if (holder && holder.user.id !== body.ids[0]) return fail.userExists();
    }
    const refused = unknownGroup(state, body.groups) ?? unknownParent(state, body.parent_id);
    if (refused) return refused;
    const now = nowSeconds();
    for (const { user } of records) {
      for (const field of editable) if (body[field] !== undefined) user[field] = body[field];
      if (body.groups !== undefined) user.groups = state.groupsById(body.groups);
      if (body.services !== undefined) user.services = body.services.map((id: string) => ({ id }));
      if (body.name !== undefined) user.home_name = body.name;
      // Edits within one second still move `modified` forward.
      user.modified = Math.max(now, (user.modified as number) + 1);
    }
    return { status: 200, body: records.map((r) => r.user) };
  },

  deleteUsers: (state, { body }) => {
    const records = usersOrFail(state, body.ids);
    if (isAnswer(records)) return records;
    for (const { user } of records) state.users.delete(user.id);
    return { status: 202, body: { job_id: randomUUID() } };
  },

  setUsersMfa: (state, { body }) => {
    const records = usersOrFail(state, body.ids);
    if (isAnswer(records)) return records;
    for (const record of records) {
      addOnce(record.user, "auth_methods", body.auth_type);
      if (body.auth_type === "2FA") addOnce(record.user, "forced_auth", body.auth_type);
      record.mfaCodes.set(body.auth_type, body.code);
      touch(record.user);
    }
    return SUCCESS;
  },

  removeUsersMfa: (state, { body }) => {
    const records = usersOrFail(state, body.ids);
    if (isAnswer(records)) return records;
    if (body.auth_type === "2FA" && state.accountForcesMfa) {
      return fail.notAllowed("2FA is forced for the account and cannot be turned off");
    }
    for (const record of records) {
      record.user.auth_methods = (record.user.auth_methods as string[]).filter((m) => m !== body.auth_type);
      record.user.forced_auth = (record.user.forced_auth as string[]).filter((m) => m !== body.auth_type);
      record.mfaCodes.delete(body.auth_type);
      touch(record.user);
    }
    return SUCCESS;
  },

  resetUsersMfa: (state, { body }) => {
    const records = usersOrFail(state, body.ids);
    if (isAnswer(records)) return records;
    // The codes go; MFA stays on, to be set up again at the next sign-in.
    for (const record of records) record.mfaCodes.delete(body.auth_type);
    return SUCCESS;
  },

  signupUser: (state, { body }) => {
    const record = state.byEmail(body.email);
    if (!record) return { status: 400, body: { code: 20, msg: "User not found" } };
    if (record.password !== undefined) return { status: 400, body: { code: 30, msg: "User has already signed up" } };
    record.password = body.password;
    return { status: 200 };
  },
};

function addOnce(user: User, field: "auth_methods" | "forced_auth", value: string): void {
  const list = user[field] as string[];
  if (!list.includes(value)) list.push(value);
}

function touch(user: User): void {
  user.modified = Math.max(nowSeconds(), (user.modified as number) + 1);
}
