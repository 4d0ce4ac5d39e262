// The account a mock starts with when it is given none: the one the document's examples show,
// so that every sample of the docs — which use the examples' ids — answers as it is copied.
// Its owner first (the mock's own user, who holds the API key: the samples may delete or
// deactivate the example users, never the key's user), then the users of listUsers's example,
// the user whose e-mail getUserPgpKey's example names holding that key, and the groups of
// listUserGroups's example. Read from the operation model, so a new example user appears with
// no change here; an operation without an example contributes nothing.
import type { Group } from "@quatrix/user-api-client";
import { model } from "./document.js";
import type { PgpKey, SeedUser } from "./state.js";

/** The account owner: a signed-up super admin with a PGP key, who holds the API key. */
export const ACCOUNT_OWNER: SeedUser = {
  id: "2a3b4c5d-6e7f-4081-92a3-b4c5d6e7f809",
  name: "Account Owner",
  email: "owner@example.com",
  super_admin: "Y",
  password: "b3duZXItcGFzc3dvcmQ=",
  pgpKey: {
    id: "0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5",
    name: "Account Owner <owner@example.com>",
    public: "LS0tLS1CRUdJTiBQR1AgUFVCTElDIEtFWSBCTE9DSy0tLS0t",
    private: "LS0tLS1CRUdJTiBQR1AgUFJJVkFURSBLRVkgQkxPQ0stLS0tLQ==",
  },
};

/** The first example of an operation's success answer, or undefined when it has none. */
function successExample(operationId: string): unknown {
  const operation = model.operations.find((o) => o.operationId === operationId);
  return Object.values(operation?.success.examples ?? {})[0];
}

const asList = <T>(value: unknown): T[] => (Array.isArray(value) ? (structuredClone(value) as T[]) : []);

/** The users of the document's examples, the owner first; a user the owner already is is left out. */
function exampleUsers(): SeedUser[] {
  const key = successExample("getUserPgpKey") as Partial<PgpKey> | undefined;
  const users = asList<SeedUser>(successExample("listUsers")).filter(
    (u) => u.id !== ACCOUNT_OWNER.id && u.email?.toLowerCase() !== ACCOUNT_OWNER.email.toLowerCase(),
  );
  return users.map((user) =>
    key?.email && key.email === user.email ? { ...user, pgpKey: structuredClone(key) } : user,
  );
}

/** The users a mock starts with by default: the owner, then the document's example users. */
export const DEFAULT_USERS: SeedUser[] = [ACCOUNT_OWNER, ...exampleUsers()];

/** The groups a mock starts with by default: those of the document's listUserGroups example. */
export const DEFAULT_GROUPS: Group[] = asList<Group>(successExample("listUserGroups"));
