// The API changes between two versions of the document, as `redocly diff` rates them (the
// `diff-recommended` rules of redocly.yaml: breaking → major, additive → minor, descriptions
// and examples → patch), each described for a reader: where it is and what changed.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { BUMPS } from "./changesets.mjs";
import { buildModel, resolve } from "./codegen/model.mjs";
import { schemasOf } from "./codegen/report.mjs";
import { redoclySync } from "./redocly.mjs";

const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/**
 * Every change from `baseText` to `headText` (both the document's YAML), most severe first.
 * A change inside a named schema also names it (`schema`) and the operations using it (`usedBy`).
 * @returns {{ impact: "major" | "minor" | "patch", kind: "added" | "removed" | "modified", where: string, what: string, schema?: string, usedBy?: string[] }[]}
 */
export function diffDocuments(root, baseText, headText) {
  if (baseText === headText) return [];
  const dir = mkdtempSync(path.join(tmpdir(), "quatrix-api-diff-"));
  try {
    const base = path.join(dir, "base.yaml");
    const head = path.join(dir, "head.yaml");
    writeFileSync(base, baseText);
    writeFileSync(head, headText);
    const config = path.join(root, "redocly.yaml");
    const result = redoclySync(["diff", base, head, "--format", "json", "--fail-on", "none", "--config", config], {
      cwd: root,
    });
    if (result.status !== 0) throw new Error(`redocly diff failed:\n${result.output}`);
    const report = JSON.parse(result.stdout);
    const documents = { base: parse(baseText), head: parse(headText) };
    const models = { base: safeModel(documents.base), head: safeModel(documents.head) };
    return (report.changes ?? [])
      .map((change) => ({ ...describe(change, documents), ...schemaUse(change, documents, models) }))
      .sort((a, b) => BUMPS.indexOf(b.impact) - BUMPS.indexOf(a.impact) || a.where.localeCompare(b.where));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The operation model of a document, or undefined for one the model refuses (the guard still rates it). */
function safeModel(document) {
  try {
    return buildModel(document);
  } catch {
    return undefined;
  }
}

/**
 * Where a change is inside a named schema, that schema and every operation using it, directly or
 * through other schemas: redocly reports a schema's change once, under the first operation it
 * meets, though every operation that takes or answers the schema changes with it.
 * @returns {{ schema?: string, usedBy?: string[] }}
 */
function schemaUse(change, documents, models) {
  const side = change.kind === "removed" ? "base" : "head";
  const schema = innermostSchema(documents[side], segments(change.path));
  const model = models[side];
  if (schema === undefined || model === undefined) return {};
  const usedBy = model.operations.filter((op) => schemasOf(model, op).has(schema)).map((op) => op.operationId);
  return { schema, usedBy };
}

/** The last named schema a pointer passes through, following $refs as it walks. */
function innermostSchema(document, parts) {
  let node = document;
  let schema;
  if (parts[0] === "components" && parts[1] === "schemas") schema = parts[2];
  for (const part of parts) {
    node = node?.[part];
    for (let hops = 0; typeof node?.$ref === "string" && hops < 32; hops++) {
      const named = node.$ref.match(/^#\/components\/schemas\/([^/]+)$/);
      if (named) schema = named[1];
      try {
        node = resolve(document, node);
      } catch {
        return schema;
      }
    }
    if (node === undefined) break;
  }
  return schema;
}

/** The bump the changes need: the largest impact among them ("none" without changes). */
export function bumpNeeded(changes) {
  return BUMPS[changes.reduce((max, c) => Math.max(max, BUMPS.indexOf(c.impact)), 0)];
}

/** One line per change: `major  POST /user/create › request body › reason: …`. */
export function formatChange(change) {
  return `${change.impact.padEnd(5)}  ${change.where}: ${change.what}`;
}

function segments(pointer) {
  return pointer
    .replace(/^#\/?/, "")
    .split("/")
    .filter((s) => s !== "")
    .map((s) => decodeURIComponent(s.replaceAll("~1", "/").replaceAll("~0", "~")));
}

/**
 * A JSON pointer into the document, as a reader would name the place; with the document, a
 * parameter by its place and name (`query parameter \`status\``) rather than its index.
 */
export function placeOf(pointer, document) {
  const parts = segments(pointer);
  const named = [];
  let rest = parts;
  if (parts[0] === "paths" && parts[1] !== undefined) {
    const method = parts[2];
    if (method !== undefined && METHODS.has(method)) {
      named.push(`${method.toUpperCase()} ${parts[1]}`);
      rest = parts.slice(3);
    } else {
      named.push(parts[1]);
      rest = parts.slice(2);
    }
  } else if (parts[0] === "components" && parts[2] !== undefined) {
    named.push(parts[2]);
    rest = parts.slice(3);
  }
  for (let i = 0; i < rest.length; i++) {
    const part = rest[i];
    const next = rest[i + 1];
    if (part === "responses" && next !== undefined) {
      named.push(`response ${next}`);
      i++;
    } else if (part === "requestBody") named.push("request body");
    else if (part === "parameters" && next !== undefined) {
      const parameter = nodeAt(document, parts.slice(0, parts.length - rest.length + i + 2));
      named.push(parameterWords(parameter) ?? `parameter ${next}`);
      i++;
    } else if (part === "properties" && next !== undefined) {
      named.push(next);
      i++;
    } else if (part === "content" || part === "schema" || part === "value") {
      if (part === "content") i++; // the media type
    } else if (part === "items") named.push("[]");
    else named.push(part);
  }
  return named.join(" › ") || "the document";
}

/** The node a pointer's segments reach, following $refs; undefined off the document. */
function nodeAt(document, parts) {
  let node = document;
  for (const part of parts) {
    node = node?.[part];
    for (let hops = 0; typeof node?.$ref === "string" && hops < 32; hops++) {
      try {
        node = resolve(document, node);
      } catch {
        return undefined;
      }
    }
  }
  return node;
}

/** `query parameter \`status\``, or undefined for what is not a parameter with a name. */
function parameterWords(parameter) {
  return typeof parameter?.name === "string" && typeof parameter.in === "string"
    ? `${parameter.in} parameter \`${parameter.name}\``
    : undefined;
}

function describe(change, documents) {
  const document = change.kind === "removed" ? documents.base : documents.head;
  const where = placeOf(change.path, document);
  const verdicts = (change.verdicts ?? []).map((v) => v.message).filter(Boolean);
  let what;
  if (verdicts.length > 0) what = verdicts.join("; ");
  else if ((change.kind === "added" || change.kind === "removed") && /^Parameter(List)?$/.test(change.typeName)) {
    // A parameter, or an operation's first parameters (the whole list): each by its place and name.
    const node = nodeAt(document, segments(change.path));
    const words = (Array.isArray(node) ? node : [node]).map((p) =>
      parameterWords(typeof p?.$ref === "string" ? nodeAt(document, segments(p.$ref)) : p),
    );
    what = words.every((w) => w !== undefined)
      ? `${change.kind} ${words.join(", ")}`
      : `${change.kind} ${change.typeName === "Parameter" ? "parameter" : "parameters"}`;
  } else if (change.kind === "added" && change.typeName === "PathItem") {
    const operations = Object.entries(change.revision?.value ?? {})
      .filter(([method]) => METHODS.has(method))
      .map(([method, op]) => `${method.toUpperCase()}${op?.operationId ? ` (${op.operationId})` : ""}`);
    what = `added path${operations.length > 0 ? ` with ${operations.join(", ")}` : ""}`;
  } else if (change.kind === "removed" && change.typeName === "PathItem") what = "removed path";
  else if (change.kind === "added" || change.kind === "removed") {
    const parts = segments(change.path);
    const name = parts.at(-1);
    const noun =
      parts.at(-2) === "properties"
        ? "property"
        : METHODS.has(name ?? "")
          ? "operation"
          : (change.typeName ?? "node").replace(/^[A-Z]/, (c) => c.toLowerCase());
    const operationId = (change.kind === "added" ? change.revision : change.base)?.value?.operationId;
    const named = noun === "operation" ? (operationId ? ` (${operationId})` : "") : name ? ` \`${name}\`` : "";
    what = `${change.kind} ${noun}${named}`;
  } else what = `${change.property ?? change.typeName ?? "value"} changed`;
  return { impact: change.impact, kind: change.kind, where, what };
}
