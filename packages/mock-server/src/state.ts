// The in-memory account: users, groups, passwords, MFA codes and PGP keys. Rules change it;
// reset() puts back the seed. Users and PGP keys are shaped by the document's schemas: every
// property the document declares is present (see schema-values.ts for the values of those the
// mock does not set itself).
// The public types of the client: the mock's own public types are the document's.
import type { Group, PgpKeyResp, ShortUserService, UserResp } from "@quatrix/user-api-client";
import { objectFor } from "./schema-values.js";

/** A user as the API shows it (`UserResp`). */
export type User = UserResp;

/** A PGP key (`PgpKeyResp`). */
export type PgpKey = PgpKeyResp;

export type { Group };

const USER_SCHEMA = { $ref: "#/components/schemas/UserResp" };
const PGP_KEY_SCHEMA = { $ref: "#/components/schemas/PgpKeyResp" };
const GROUP_SCHEMA = { $ref: "#/components/schemas/Group" };

/** A user to seed the account with: any `UserResp` fields, plus what only the server knows. */
export interface SeedUser extends NewUserFields {
  /** The user's password; a user with one has signed up. Default: none (not signed up). */
  password?: string | undefined;
  /** The user's PGP key. Default: none (`getUserPgpKey` answers 404). */
  pgpKey?: Partial<PgpKey> | undefined;
}

/** What the server keeps about a user besides what the API shows. */
export interface UserRecord {
  user: User;
  password: string | undefined;
  /** MFA codes set per kind (`2FA`, `PIN`); reset-mfa clears them. */
  mfaCodes: Map<string, string>;
  pgpKey: PgpKey | undefined;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

export class AccountState {
  readonly users = new Map<string, UserRecord>();
  groups: Group[] = [];
  /** The storage every user's files live in. */
  readonly storageId = crypto.randomUUID();

  /** The seeded account, built once, so that every reset returns exactly to it. */
  private readonly initial: { users: UserRecord[]; groups: Group[] };

  constructor(
    seedUsers: SeedUser[],
    seedGroups: Group[],
    readonly accountForcesMfa: boolean,
  ) {
    this.groups = seedGroups.map((group) => objectFor<Group>(GROUP_SCHEMA, structuredClone(group)));
    for (const seed of seedUsers) {
      const { password, pgpKey, ...fields } = structuredClone(seed);
      const user = this.newUser(fields);
      const key = pgpKey
        ? objectFor<PgpKey>(PGP_KEY_SCHEMA, {
            id: crypto.randomUUID(),
            public: "",
            ...withoutUndefined({ created: user.created, modified: user.created, email: user.email }),
            ...withoutUndefined(pgpKey),
          })
        : undefined;
      user.has_key = Boolean(key);
      this.users.set(user.id, { user, password, mfaCodes: new Map(), pgpKey: key });
    }
    this.initial = structuredClone({ users: [...this.users.values()], groups: this.groups });
  }

  reset(): void {
    const { users, groups } = structuredClone(this.initial);
    this.groups = groups;
    this.users.clear();
    for (const record of users) this.users.set(record.user.id, record);
  }

  /**
   * A complete `UserResp`: the given fields, what the server decides for a new user, and every
   * other property the document declares (schema-values.ts).
   */
  newUser(fields: NewUserFields): User {
    const now = nowSeconds();
    const { groups, services, ...rest } = fields;
    const owner = [...this.users.values()].find((r) => r.user.super_admin === "Y");
    const decided: Omit<User, "id" | "name" | "email"> = {
      ...(owner ? { parent_id: owner.user.id } : {}),
      home_id: crypto.randomUUID(),
      home_name: fields.name,
      super_admin: "N",
      status: "A",
      quota: 0,
      created: now,
      modified: now,
      user_operations: 0,
      effective_operations: 0,
      home_operations: 0,
      language: "eng",
      storage_id: this.storageId,
      has_key: false,
      unique_login: this.uniqueLogin(fields.email),
      custom_sftp_home: false,
      sftp_home: `/${fields.name}`,
      readonly: false,
      auth_methods: [],
      last_login: 0,
      storage_used: 0,
      forced_auth: [],
    };
    return objectFor<User>(USER_SCHEMA, {
      id: crypto.randomUUID(),
      ...decided,
      ...withoutUndefined(rest),
      name: fields.name,
      email: fields.email,
      groups: this.groupsById(groups ?? []),
      services: (services ?? []).map((s) => (typeof s === "string" ? { id: s } : s)),
    });
  }

  groupsById(ids: (string | Group)[]): Group[] {
    return ids.map((g) => (typeof g === "string" ? this.groups.find((x) => x.id === g) : g)).filter(Boolean) as Group[];
  }

  byEmail(email: string): UserRecord | undefined {
    const wanted = email.toLowerCase();
    return [...this.users.values()].find((r) => r.user.email.toLowerCase() === wanted);
  }

  private uniqueLogin(email: string): string {
    const base = email.split("@")[0] ?? "user";
    const taken = new Set([...this.users.values()].map((r) => r.user.unique_login));
    let login = base;
    for (let n = 2; taken.has(login); n++) login = `${base}${n}`;
    return login;
  }
}

/** The fields a new user is made from: a seed or a `createUser` body. */
export type NewUserFields = Omit<Partial<User>, "groups" | "services"> & {
  name: string;
  email: string;
  /** Group ids, or groups. */
  groups?: (string | Group)[] | undefined;
  /** Service ids, or services. */
  services?: (string | ShortUserService)[] | undefined;
};

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
