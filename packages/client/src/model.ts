// The shape of the operation model that codegen builds from the document (scripts/codegen/model.mjs)
// and emits as src/generated/model.ts: every operation with its parameters, request body,
// responses, schemas and examples. The mock server and the tests read it; the client's own
// runtime reads only the smaller operation table.

import type { HttpMethod } from "./operation.js";

/** A JSON Schema (2020-12) as the document writes it; `$ref`s to named schemas are kept. */
export type JsonSchema = { readonly [keyword: string]: unknown };

export interface ParameterModel {
  readonly name: string;
  readonly in: "path" | "query" | "header" | "cookie";
  readonly required: boolean;
  readonly description?: string;
  readonly schema: JsonSchema;
  /** How the value is written (OpenAPI `style`): the document's, else the default of its `in`. */
  readonly style: ParameterStyle;
  /** OpenAPI `explode`: the document's, else true for style form and false for the others. */
  readonly explode: boolean;
  readonly example?: unknown;
}

/** The styles the generator supports: simple (path, header), form (query, cookie), and the delimited query arrays. */
export type ParameterStyle = "simple" | "form" | "spaceDelimited" | "pipeDelimited";

export interface RequestBodyModel {
  readonly required: boolean;
  readonly description?: string;
  readonly schema: JsonSchema;
  /** The document's examples of the body, by name. */
  readonly examples: Readonly<Record<string, unknown>>;
}

export interface ResponseModel {
  /** As the document writes it: `200`, `404`, `5XX`. */
  readonly status: string;
  readonly description: string;
  /** Absent when the answer has no body. */
  readonly schema?: JsonSchema;
  /** The document's examples of the body, by name. */
  readonly examples: Readonly<Record<string, unknown>>;
  /** The schemas of the declared response headers, by name. */
  readonly headers: Readonly<Record<string, JsonSchema>>;
}

export interface OperationModel<Id extends string = string> {
  readonly operationId: Id;
  readonly method: HttpMethod;
  /** The path template, e.g. `/user/metadata/{id}`. */
  readonly path: string;
  readonly summary: string;
  readonly description: string;
  readonly tags: readonly string[];
  /** The security requirements, as lists of scheme names; none, or only empty ones, means no credentials. */
  readonly security: readonly (readonly string[])[];
  /** Whether the operation sends the API key. */
  readonly auth: boolean;
  /** Path-level and operation-level parameters, merged. */
  readonly parameters: readonly ParameterModel[];
  /** The names of the path parameters, in the order of the path template. */
  readonly pathParams: readonly string[];
  readonly requestBody?: RequestBodyModel;
  /** The one 2xx answer. */
  readonly success: ResponseModel & { readonly statusCode: number };
  /** Every other declared answer. */
  readonly errors: readonly ResponseModel[];
}

export interface ApiModel<Id extends string = string> {
  readonly title: string;
  readonly version: string;
  /** The document's first server: the client's default base URL. */
  readonly defaultBaseUrl: string;
  /** The document's named schemas (`components.schemas`). */
  readonly schemas: Readonly<Record<string, JsonSchema>>;
  /** Every operation, in document order. */
  readonly operations: readonly OperationModel<Id>[];
}
