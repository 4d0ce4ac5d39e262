// The live document, parsed, with the operation model built from it; and targeted edits of a
// parsed copy, for tests that need a broken or changed document. Tests pick what to edit from
// the model (an operation, a schema, a property), never by searching the document's text, so a
// legitimate rename elsewhere in the document leaves them working.
import { readFileSync } from "node:fs";
import { parse, stringify } from "yaml";
import type { ApiModel, OperationModel } from "../../packages/client/src/model.js";
import { buildModel, resolve } from "../../scripts/codegen/model.mjs";
import { repoRoot, type Scratch } from "./scratch.js";

// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is edited as plain data.
export type OpenApiDocument = Record<string, any>;

export const DOCUMENT = "openapi/user-api.yaml";

/** The repository's document, parsed (a fresh copy each call). */
export function liveDocument(): OpenApiDocument {
  return parse(readFileSync(`${repoRoot}${DOCUMENT}`, "utf8"));
}

export function modelOf(document: OpenApiDocument): ApiModel {
  return buildModel(document);
}

/** Parses the scratch copy's document, applies the change, and writes it back. */
export function editDocument(scratch: Scratch, change: (document: OpenApiDocument) => void): void {
  const before = parse(scratch.read(DOCUMENT));
  const text = JSON.stringify(before);
  change(before);
  if (JSON.stringify(before) === text) throw new Error("the test's edit must change the document");
  scratch.write(DOCUMENT, stringify(before, { lineWidth: 0 }));
}

/** The operation object of the document that a model entry came from. */
export function operationObject(document: OpenApiDocument, op: OperationModel): OpenApiDocument {
  return document.paths[op.path][op.method.toLowerCase()];
}

/** Follows a $ref inside the document. */
export function follow(document: OpenApiDocument, node: unknown): OpenApiDocument {
  return resolve(document, node);
}
