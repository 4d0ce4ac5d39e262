// The bundled OpenAPI document, loaded once: the routes, the schemas and the statuses of every
// operation come from it and from nowhere else.
import { readFileSync } from "node:fs";

export interface OpenApiDocument {
  servers: { url: string }[];
  security?: Record<string, string[]>[];
  paths: Record<string, Record<string, OperationObject>>;
  components: {
    schemas: Record<string, unknown>;
    parameters?: Record<string, ParameterObject>;
    responses?: Record<string, unknown>;
  };
}

export interface ParameterObject {
  name: string;
  in: string;
  required?: boolean;
  schema: unknown;
}

export interface OperationObject {
  operationId: string;
  security?: Record<string, string[]>[];
  parameters?: ({ $ref: string } | ParameterObject)[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, unknown>;
}

/** One operation as the server routes it. */
export interface Route {
  operationId: string;
  method: string;
  path: string;
  pattern: RegExp;
  pathParams: string[];
  auth: boolean;
  bodySchema: unknown;
  pathSchemas: Record<string, unknown>;
  statuses: string[];
}

const documentUrl = new URL("../generated/user-api.json", import.meta.url);
const formatsUrl = new URL("../generated/formats.json", import.meta.url);

export function loadDocument(): OpenApiDocument {
  return JSON.parse(readFileSync(documentUrl, "utf8")) as OpenApiDocument;
}

export function loadFormats(): { formats: Record<string, string>; annotationFormats: string[] } {
  return JSON.parse(readFileSync(formatsUrl, "utf8"));
}

/** The path under which the document's server serves the API (`/api/1.0`). */
export function basePath(document: OpenApiDocument): string {
  return new URL(document.servers[0]?.url ?? "http://localhost/").pathname.replace(/\/$/, "");
}

export function routesOf(document: OpenApiDocument): Route[] {
  const globalAuth = (document.security ?? []).length > 0;
  const routes: Route[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const params = (op.parameters ?? []).map((p) =>
        "$ref" in p ? (document.components.parameters?.[p.$ref.split("/").pop() ?? ""] as ParameterObject) : p,
      );
      const pathParams = params.filter((p) => p.in === "path");
      routes.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        pattern: new RegExp(`^${path.replace(/\{\w+\}/g, "([^/]+)")}$`),
        pathParams: pathParams.map((p) => p.name),
        auth: op.security ? op.security.length > 0 : globalAuth,
        bodySchema: op.requestBody?.content["application/json"]?.schema,
        pathSchemas: Object.fromEntries(pathParams.map((p) => [p.name, p.schema])),
        statuses: Object.keys(op.responses),
      });
    }
  }
  return routes;
}
