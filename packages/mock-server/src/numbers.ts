// JSON numbers JavaScript cannot hold: `1e400` parses to Infinity and 2⁵³ + 1 to 2⁵³, so a
// body holding one would be stored as something the client never sent. Both are refused.
import type { Issue } from "./validation.js";

/** An issue for every number in the body that is not finite or is an integer beyond 2⁵³ − 1. */
export function unsafeNumbers(value: unknown, at = "/body"): Issue[] {
  if (typeof value === "number") {
    return Number.isFinite(value) && (!Number.isInteger(value) || Number.isSafeInteger(value))
      ? []
      : [{ path: at, message: "must be a number JavaScript can hold exactly (a safe integer)" }];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => unsafeNumbers(item, `${at}/${i}`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) =>
      unsafeNumbers(item, `${at}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`),
    );
  }
  return [];
}
