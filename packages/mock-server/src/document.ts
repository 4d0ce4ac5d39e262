// The operations the server routes, from the operation model generated from the document (the
// same model the client is generated from): routes, path parameters, API-key requirement and
// declared statuses come from it and from nowhere else.
import { apiModel, type OperationId, type OperationModel } from "@quatrix/user-api-client/internal";

/** One operation as the server routes it. */
export interface Route {
  operationId: OperationId;
  method: string;
  path: string;
  pattern: RegExp;
  pathParams: readonly string[];
  auth: boolean;
  hasBody: boolean;
  /** Every status the document declares for the operation (`200`, `404`, `5XX`). */
  statuses: string[];
  operation: OperationModel<OperationId>;
}

export const model = apiModel;

/** The path under which the document's server serves the API (`/api/1.0`). */
export function basePath(): string {
  return new URL(model.defaultBaseUrl, "http://localhost/").pathname.replace(/\/$/, "");
}

export const routes: readonly Route[] = model.operations.map((operation) => ({
  operationId: operation.operationId,
  method: operation.method,
  path: operation.path,
  pattern: new RegExp(`^${operation.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{\w+\}/g, "([^/]+)")}$`),
  pathParams: operation.pathParams,
  auth: operation.auth,
  hasBody: operation.requestBody !== undefined,
  statuses: [operation.success, ...operation.errors].map((r) => r.status),
  operation,
}));

/** The route a request matches, with its decoded path parameters. */
export function matchRoute(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (!match) continue;
    const params = Object.fromEntries(route.pathParams.map((name, i) => [name, safeDecode(match[i + 1] ?? "")]));
    return { route, params };
  }
  return undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
