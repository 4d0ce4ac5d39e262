// Seeds are checked before the mock starts, so that a bad one is refused at once rather than
// served: each user and group against the document's schemas (with the client's generated
// validators: the fields createUser takes as createUser takes them, the rest as the API shows a
// user), numbers JavaScript cannot hold, and e-mails (without regard to case) and ids that
// repeat. Every issue is named the way the seed was given: `users[2].email: must be a valid email`.
import { apiModel, requestIssues, responseIssues, type ValidationIssue } from "@quatrix/user-api-client/internal";
import { unsafeNumbers } from "./numbers.js";
import { resolveSchema } from "./schema-values.js";

/** A seed the mock refuses; `issues` lists every problem, one line each. */
export class MockSeedError extends Error {
  override readonly name = "MockSeedError";
  readonly issues: readonly string[];
  constructor(issues: string[]) {
    super(`The mock's seed is invalid:\n${issues.map((i) => `  ${i}`).join("\n")}`);
    this.issues = issues;
  }
}

/** Stands in for what the mock makes up itself (an id, a key's fields) while a seed is checked. */
const PLACEHOLDER_ID = "00000000-0000-4000-8000-000000000000";

/** The fields createUser takes, but groups and services, which a seed may also give as objects. */
const CREATE_FIELDS = (() => {
  const body = apiModel.operations.find((o) => o.operationId === "createUser")?.requestBody;
  const properties = body ? (resolveSchema(body.schema).properties as Record<string, unknown> | undefined) : undefined;
  return Object.keys(properties ?? {}).filter((f) => f !== "groups" && f !== "services");
})();

/** Throws MockSeedError naming every issue of the seed; returns when it is valid. */
export function checkSeed(users: unknown, groups: unknown): void {
  const issues = [...new Set([...groupIssues(groups), ...userIssues(users, groups)])];
  if (issues.length > 0) throw new MockSeedError(issues);
}

function groupIssues(groups: unknown): string[] {
  if (!Array.isArray(groups)) return ["groups: must be an array of groups"];
  return [
    ...named("groups", [...responseIssues("listUserGroups", groups), ...unsafeNumbers(groups, "/response")]),
    ...repeated("groups", groups, "id", (v) => v),
  ];
}

function userIssues(users: unknown, groups: unknown): string[] {
  if (!Array.isArray(users)) return ["users: must be an array of users"];
  const groupIds = new Set(Array.isArray(groups) ? groups.map((g) => (g as { id?: unknown } | null)?.id) : []);
  const issues: string[] = [];
  users.forEach((seed: unknown, i) => {
    const at = `users[${i}]`;
    if (seed === null || typeof seed !== "object" || Array.isArray(seed)) {
      issues.push(`${at}: must be an object`);
      return;
    }
    const { password, pgpKey, groups: memberOf, services, ...fields } = seed as Record<string, unknown>;
    const created = Object.fromEntries(Object.entries(fields).filter(([f]) => CREATE_FIELDS.includes(f)));
    const shown = {
      id: PLACEHOLDER_ID,
      ...fields,
      ...(Array.isArray(services) ? { services: services.map((s) => (typeof s === "string" ? { id: s } : s)) } : {}),
    };
    issues.push(
      ...named(at, requestIssues("createUser", undefined, created, true)),
      ...named(at, responseIssues("getUser", shown)),
      ...named(at, unsafeNumbers(seed, "")),
    );
    if (services !== undefined && !Array.isArray(services)) issues.push(`${at}.services: must be an array`);
    if (password !== undefined && typeof password !== "string") issues.push(`${at}.password: must be a string`);
    if (memberOf !== undefined && !Array.isArray(memberOf)) issues.push(`${at}.groups: must be an array of group ids`);
    if (Array.isArray(memberOf)) {
      memberOf.forEach((g: unknown, j) => {
        const id = typeof g === "string" ? g : (g as { id?: unknown } | null)?.id;
        if (!groupIds.has(id)) issues.push(`${at}.groups[${j}]: must be the id of one of the account's groups`);
      });
    }
    if (pgpKey !== undefined) {
      if (pgpKey === null || typeof pgpKey !== "object") issues.push(`${at}.pgpKey: must be an object`);
      else
        issues.push(
          ...named(`${at}.pgpKey`, responseIssues("getUserPgpKey", { id: PLACEHOLDER_ID, public: "", ...pgpKey })),
        );
    }
  });
  issues.push(...repeated("users", users, "email", (v) => (typeof v === "string" ? v.toLowerCase() : v)));
  issues.push(...repeated("users", users, "id", (v) => v));
  return issues;
}

/** `users[3].email: is already the email of users[1]`, for each value given before. */
function repeated(list: string, items: unknown[], field: string, key: (value: unknown) => unknown): string[] {
  const seen = new Map<unknown, number>();
  const issues: string[] = [];
  items.forEach((item, i) => {
    const value = (item as Record<string, unknown> | null)?.[field];
    if (value === undefined) return;
    const first = seen.get(key(value));
    if (first === undefined) seen.set(key(value), i);
    else {
      const without = field === "email" ? " (e-mails are compared without regard to case)" : "";
      issues.push(`${list}[${i}].${field}: is already the ${field} of ${list}[${first}]${without}`);
    }
  });
  return issues;
}

/** Issues as `prefix.field[0].name: message`, from JSON pointers (under `/body` or `/response`). */
function named(prefix: string, issues: ValidationIssue[]): string[] {
  return issues.map(({ path, message }) => {
    const segments = path
      .replace(/^\/(body|response)/, "")
      .split("/")
      .slice(1)
      .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
    const where = segments.map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`)).join("");
    return `${prefix}${where}: ${message}`;
  });
}
