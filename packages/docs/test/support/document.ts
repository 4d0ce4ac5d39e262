// The built reference and its document, as the tests read them.
import { existsSync, readFileSync } from "node:fs";
import { apiModel } from "@quatrix/user-api-client/internal";

export const distDir = new URL("../../dist/", import.meta.url);

interface Operation {
  operationId: string;
  summary: string;
  "x-codeSamples"?: { lang: string; label: string; source: string }[];
}

export interface BuiltDocument {
  paths: Record<string, Record<string, Operation>>;
  tags: { name: string; description: string; "x-traitTag"?: boolean }[];
  components: { schemas: Record<string, unknown> };
}

export function builtDocument(): BuiltDocument {
  const file = new URL("openapi.json", distDir);
  if (!existsSync(file)) throw new Error("dist/openapi.json is missing: run `npm run build`");
  return JSON.parse(readFileSync(file, "utf8"));
}

/** The built reference's operation objects, one per operation of the document's model, in its order. */
export function operations(doc = builtDocument()): (Operation & { method: string; path: string })[] {
  return apiModel.operations.map(({ operationId, method, path }) => {
    const op = doc.paths[path]?.[method.toLowerCase()];
    if (!op) throw new Error(`the built reference lacks ${operationId} (${method} ${path})`);
    return { ...op, method, path };
  });
}

export const operationIds = apiModel.operations.map((op) => op.operationId);

export { apiModel };

export const GUIDES = [
  "Getting started",
  "Authentication",
  "Errors",
  "Testing your code",
  "Migrating from quatrix_api",
  "SDK reference",
  "Changelog",
];
