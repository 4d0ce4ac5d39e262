// The answer of an operation that has no rule in rules.ts: what the document says it answers —
// its success example, or a value built from its success schema — marked by a header, so a test
// can tell it from an answer the mock computed.
import type { Route } from "./document.js";
import type { Answer } from "./rules.js";
import { valueFor } from "./schema-values.js";

/** Set on every answer taken from the document rather than computed by a rule. */
export const DOCUMENT_ANSWER_HEADER = "x-quatrix-mock-source";

export function documentAnswer(route: Route): Answer {
  const { success } = route.operation;
  const headers = { [DOCUMENT_ANSWER_HEADER]: "document" };
  if (!success.schema) return { status: success.statusCode, headers };
  const [example] = Object.values(success.examples);
  return {
    status: success.statusCode,
    headers,
    body: example !== undefined ? structuredClone(example) : valueFor(success.schema),
  };
}

/** What the server logs, once per operation, the first time it answers one from the document. */
export function noRuleNotice(route: Route): string {
  return (
    `quatrix-user-api-mock: ${route.operationId} (${route.method} ${route.path}) has no rule in ` +
    "packages/mock-server/src/rules.ts; it answers with the document's success example."
  );
}
