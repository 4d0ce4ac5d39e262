// Request validation: the client's own generated validators and issue wording, so the mock and
// the client say the same words about the same bad field.
import { requestIssues, type ValidationIssue } from "@quatrix/user-api-client/internal";
import type { Route } from "./document.js";
import type { ParameterValues } from "./parameters.js";

export type Issue = ValidationIssue;

/** What breaks the document in a request's parameters and body (empty when valid). */
export function validateRequest(
  route: Route,
  params: Record<string, string>,
  body: unknown,
  parameters?: ParameterValues,
): Issue[] {
  return requestIssues(
    route.operationId,
    route.pathParams.length > 0 ? params : undefined,
    body,
    route.hasBody,
    parameters,
  );
}
