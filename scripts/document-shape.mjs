#!/usr/bin/env node
// The document's shape: a SHA-256 of openapi/user-api.yaml with its prose left out — every
// `description` and `summary` text — and everything else kept: paths, operations, parameters,
// schemas, examples, servers, security, tags, info.version. `npm test` (scripts/test.mjs) hands
// it to turbo in QUATRIX_DOCUMENT_SHAPE, and the tasks whose outcome the prose cannot change —
// the scratch-copy sequences (test:scratch, test:release, test:registry) — hash it instead of the
// document, so that a description-only edit replays them from the cache. The prose is checked
// where it is read: the document's lint, codegen, the builds, the docs' and the packages' tests,
// and the repository tests that read it (test:repo).
//
//   node scripts/document-shape.mjs [--root DIR]   prints the shape
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

/** The environment variable that carries the shape into turbo's hash. */
export const SHAPE_ENV = "QUATRIX_DOCUMENT_SHAPE";
const PROSE = new Set(["description", "summary"]);
// Data, not document: an example's or a default's `description` field is a value.
const DATA = new Set(["example", "examples", "default", "enum", "const", "x-codeSamples"]);

/** @param {unknown} node */
function withoutProse(node) {
  if (Array.isArray(node)) return node.map(withoutProse);
  if (node === null || typeof node !== "object") return node;
  /** @type {Record<string, unknown>} */
  const kept = {};
  for (const [key, value] of Object.entries(node)) {
    if (PROSE.has(key) && typeof value === "string") continue;
    kept[key] = DATA.has(key) ? value : withoutProse(value);
  }
  return kept;
}

/**
 * The shape of the checkout's document at `root`.
 * @param {string} root
 */
export function documentShape(root) {
  const text = readFileSync(path.join(root, "openapi", "user-api.yaml"), "utf8");
  let shape = text;
  try {
    shape = JSON.stringify(withoutProse(parse(text)));
  } catch {
    // Not YAML: the text itself, so that every edit counts until the lint says what is wrong.
  }
  return createHash("sha256").update(shape).digest("hex");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const index = process.argv.indexOf("--root");
  const root =
    index >= 0 ? path.resolve(process.argv[index + 1] ?? ".") : path.resolve(fileURLToPath(import.meta.url), "../..");
  console.log(documentShape(root));
}
