// The mock's choice where the document is silent: the API key belongs to the account's first
// user (the account owner by default), and that user cannot be deleted or deactivated — a
// key that deleted its own account would otherwise keep working.
import type { OperationId } from "@quatrix/user-api-client";
import { type Answer, fail } from "./rules.js";

/** 400 code 70 when the request would delete or deactivate the key's own user. */
export function protectKeyUser(
  keyUserId: string | undefined,
  operationId: OperationId,
  body: unknown,
): Answer | undefined {
  if (keyUserId === undefined) return undefined;
  const { ids, status } = (body ?? {}) as { ids?: unknown; status?: unknown };
  if (!Array.isArray(ids) || !ids.includes(keyUserId)) return undefined;
  if (operationId === "deleteUsers") return fail.notAllowed("The API key's own user cannot be deleted");
  if (operationId === "editUsers" && status !== undefined && status !== "A")
    return fail.notAllowed("The API key's own user cannot be deactivated");
  return undefined;
}
