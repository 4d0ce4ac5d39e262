// What each operation does to the account, as small functions over the state. They receive a
// request already authenticated and valid against the document. The map is typed by the
// document: a rule's body, path parameters and answers are those the document declares for its
// operation, and a rule for an operation the document no longer has fails to compile. An
// operation without a rule answers from the document (document-answer.ts).
import type { components, OperationId, operations } from "@quatrix/user-api-client/internal";
import { type AccountState, nowSeconds, type User, type UserRecord } from "./state.js";

type ErrorModel = components["schemas"]["ErrorModel"];
type Operation<K extends OperationId> = operations[K];

/** The request body of an operation, as the document types it (undefined when it takes none). */
export type RequestBody<K extends OperationId> =
  Operation<K> extends {
    requestBody: { content: { "application/json": infer Body } };
  }
    ? Body
    : undefined;

/** The path parameters of an operation, by name. */
export type PathParams<K extends OperationId> = Operation<K>["parameters"] extends { path: infer P }
  ? { [Name in keyof P]: string }
  : Record<string, never>;

type Responses<K extends OperationId> = Operation<K>["responses"];
type BodyOf<R> = R extends { content: { "application/json": infer Body } } ? { body: Body } : { body?: undefined };
type StatusOf<S> = S extends number ? S : S extends "5XX" ? 500 | 502 | 503 | 504 : S extends "4XX" ? 400 : never;

/** The answers the document declares for an operation: each status with its body. */
export type RuleAnswer<K extends OperationId> = {
  [S in keyof Responses<K>]: { status: StatusOf<S>; headers?: Record<string, string> } & BodyOf<Responses<K>[S]>;
}[keyof Responses<K>];

/** Any answer the server sends. */
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The query, header or cookie parameters of an operation, by name, as the document types them. */
export type ParametersIn<K extends OperationId, P extends "query" | "header" | "cookie"> = [
  NonNullable<Operation<K>["parameters"][P]>,
] extends [never]
  ? Record<string, never>
  : NonNullable<Operation<K>["parameters"][P]>;

export interface RuleInput<K extends OperationId> {
  params: PathParams<K>;
  body: RequestBody<K>;
  /** The query parameters, read by the document's style and typed by its schemas; absent ones left out. */
  query: ParametersIn<K, "query">;
  header: ParametersIn<K, "header">;
  cookie: ParametersIn<K, "cookie">;
}

export type Rule<K extends OperationId> = (state: AccountState, input: RuleInput<K>) => RuleAnswer<K>;

/** The rules, by operationId. */
export type Rules = { [K in OperationId]?: Rule<K> };

/** The ErrorModel answers, by Quatrix error code. */
export const fail = {
  badValue: (msg: string, field?: string) => {
    // `details` is open in the document; a refusal by a rule (not by validation) names its field.
    const body: ErrorModel & { details?: { field?: string } } = { code: 10, msg };
    if (field) body.details = { field };
    return { status: 400 as const, body };
  },
  userExists: () => ({ status: 400 as const, body: { code: 31, msg: "Email is already taken" } }),
  notFound: (msg = "User not found") => ({ status: 404 as const, body: { code: 20, msg } }),
  notAllowed: (msg: string) => ({ status: 400 as const, body: { code: 70, msg } }),
};

const SUCCESS = { status: 200 as const, body: { status: "success" as const } };

type NotFound = ReturnType<typeof fail.notFound>;
type BadValue = ReturnType<typeof fail.badValue>;

/** Every id must be a user of the account; otherwise the answer is 404 and nothing changes. */
function usersOrFail(state: AccountState, ids: string[]): UserRecord[] | NotFound {
  const records: UserRecord[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const record = state.users.get(id);
    if (record) records.push(record);
    else missing.push(id);
  }
  return missing.length > 0 ? fail.notFound(`User not found: ${missing.join(", ")}`) : records;
}

function unknownGroup(state: AccountState, groups: string[] | undefined): BadValue | undefined {
  const known = new Set(state.groups.map((g) => g.id));
  const index = (groups ?? []).findIndex((id) => !known.has(id));
  return index >= 0 ? fail.badValue(`Unknown group: ${groups?.[index]}`, `/body/groups/${index}`) : undefined;
}

function unknownParent(state: AccountState, parentId: string | undefined): BadValue | undefined {
  return parentId !== undefined && !state.users.has(parentId)
    ? fail.badValue(`Unknown parent user: ${parentId}`, "/body/parent_id")
    : undefined;
}

const isAnswer = (value: UserRecord[] | NotFound): value is NotFound => !Array.isArray(value);

export const rules: Rules = {
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
    const { ids: _ids, groups, services, ...fields } = body;
    const edits: Partial<User> = withoutUndefined(fields);
    for (const record of records) {
      record.user = Object.assign(record.user, edits);
      const { user } = record;
      if (groups !== undefined) user.groups = state.groupsById(groups);
      if (services !== undefined) user.services = services.map((id) => ({ id }));
      if (body.name !== undefined) user.home_name = body.name;
      // Edits within one second still move `modified` forward.
      user.modified = Math.max(now, (user.modified ?? 0) + 1);
    }
    return { status: 200, body: records.map((r) => r.user) };
  },

  deleteUsers: (state, { body }) => {
    const records = usersOrFail(state, body.ids);
    if (isAnswer(records)) return records;
    for (const { user } of records) state.users.delete(user.id);
    return { status: 202, body: { job_id: crypto.randomUUID() } };
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
      record.user.auth_methods = (record.user.auth_methods ?? []).filter((m) => m !== body.auth_type);
      record.user.forced_auth = (record.user.forced_auth ?? []).filter((m) => m !== body.auth_type);
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
  const list = user[field] ?? [];
  if (!list.includes(value)) list.push(value);
  user[field] = list;
}

function touch(user: User): void {
  user.modified = Math.max(nowSeconds(), (user.modified ?? 0) + 1);
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The rule of an operation applied to a validated request; undefined when it has none. */
export function applyRule<K extends OperationId>(
  operationId: K,
  state: AccountState,
  params: Record<string, string>,
  body: unknown,
  parameters: { query?: object; header?: object; cookie?: object } = {},
): Answer | undefined {
  const rule: Rule<K> | undefined = rules[operationId];
  // The request was validated against the operation's schemas, so it has the document's types.
  const { query = {}, header = {}, cookie = {} } = parameters;
  return rule?.(state, { params, body, query, header, cookie } as RuleInput<K>);
}
