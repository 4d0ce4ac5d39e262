// The built reference and its document, as the tests read them.
import { existsSync, readFileSync } from "node:fs";

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

export function operations(doc = builtDocument()): (Operation & { method: string; path: string })[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ ...op, method, path })),
  );
}

export const operationIds = operations().map((op) => op.operationId);

export const GUIDES = [
  "Getting started",
  "Authentication",
  "Errors",
  "Testing your code",
  "Migrating from quatrix_api",
  "SDK reference",
  "Changelog",
];
