// The built reference and its document, as the tests read them.
import { existsSync, readFileSync } from "node:fs";
import { apiModel } from "@quatrix/user-api-client/internal";

export const distDir = new URL("../../dist/", import.meta.url);

export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags?: string[];
  "x-codeSamples"?: CodeSample[];
  responses: Record<string, { content?: Record<string, MediaType> }>;
  requestBody?: { content?: Record<string, MediaType> };
}

export interface MediaType {
  schema?: unknown;
  example?: unknown;
  examples?: Record<string, { value?: unknown; $ref?: string }>;
}

export interface BuiltDocument {
  info: {
    title: string;
    version: string;
    description: string;
    "x-reference-corrections"?: (string | { id: string })[];
  };
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  tags: { name: string; description: string; "x-traitTag"?: boolean }[];
  "x-tagGroups": { name: string; tags: string[] }[];
  components: {
    schemas: Record<string, unknown>;
    examples?: Record<string, { value: unknown }>;
    responses?: Record<string, { content?: Record<string, MediaType> }>;
  };
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

/** An operation's sample in one language. */
export function sampleOf(op: Operation, lang: "curl" | "TypeScript"): string {
  const sample = op["x-codeSamples"]?.find((s) => s.lang === lang);
  if (!sample) throw new Error(`${op.operationId} has no ${lang} sample`);
  return sample.source;
}

/** The examples of a media type, `$ref`s resolved. */
export function examplesOf(media: MediaType | undefined, doc = builtDocument()): unknown[] {
  if (!media) return [];
  if (media.example !== undefined) return [media.example];
  return Object.values(media.examples ?? {}).map((e) =>
    e.$ref ? doc.components.examples?.[e.$ref.split("/").pop() ?? ""]?.value : e.value,
  );
}

export const operationIds = apiModel.operations.map((op) => op.operationId);

export { apiModel };

/** The guides of the navigation, by group, in order. */
export const GUIDES = [
  "Getting started",
  "Authentication",
  "Errors",
  "Testing your code",
  "Migrating from quatrix_api",
  "AI agents (MCP)",
  "SDK reference",
  "Changelog",
];
export const TASK_GUIDES = [
  "Provision users from a list",
  "Turn on MFA for a group",
  "Off-board a user",
  "Errors and retries in practice",
];

/** A guide's page in the reference, relative to the page's URL. */
export function guideHash(title: string): string {
  return `#/${title.toLowerCase().replace(/\s+/g, "-")}`;
}
