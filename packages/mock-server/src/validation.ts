// Request validation against the document's schemas, compiled once when the server starts.
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { loadFormats, type OpenApiDocument, type Route } from "./document.js";

export interface Issue {
  path: string;
  message: string;
}

export interface RequestValidators {
  body(route: Route, body: unknown): Issue[];
  path(route: Route, params: Record<string, string>): Issue[];
}

export function compileValidators(document: OpenApiDocument, routes: Route[]): RequestValidators {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const { formats, annotationFormats } = loadFormats();
  for (const [name, source] of Object.entries(formats)) ajv.addFormat(name, new RegExp(source));
  for (const name of annotationFormats) ajv.addFormat(name, true);
  ajv.addSchema({ $id: "urn:quatrix:user-api", $defs: rewriteRefs(document.components.schemas) });

  const bodies = new Map<string, ValidateFunction>();
  const paths = new Map<string, ValidateFunction>();
  for (const route of routes) {
    if (route.bodySchema) bodies.set(route.operationId, ajv.compile(rewriteRefs(route.bodySchema) as object));
    if (route.pathParams.length > 0) {
      paths.set(
        route.operationId,
        ajv.compile({ type: "object", required: route.pathParams, properties: rewriteRefs(route.pathSchemas) }),
      );
    }
  }
  return {
    body: (route, body) => run(bodies.get(route.operationId), body, "/body"),
    path: (route, params) => run(paths.get(route.operationId), params, "/path"),
  };
}

function run(validate: ValidateFunction | undefined, data: unknown, prefix: string): Issue[] {
  if (!validate || validate(data)) return [];
  return (validate.errors ?? []).map((e) => toIssue(e, prefix));
}

function toIssue(error: ErrorObject, prefix: string): Issue {
  const at = prefix + error.instancePath;
  const p = error.params as Record<string, unknown>;
  if (error.keyword === "required")
    return { path: `${at}/${pointer(String(p.missingProperty))}`, message: "is required" };
  if (error.keyword === "additionalProperties") {
    return { path: `${at}/${pointer(String(p.additionalProperty))}`, message: "is not a field of this request" };
  }
  return { path: at, message: error.message ?? error.keyword };
}

function pointer(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}

function rewriteRefs<T>(schema: T): T {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"urn:quatrix:user-api#/$defs/')) as T;
}
