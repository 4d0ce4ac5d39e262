// @ts-check
// What a document gives the users of the client, written out as TypeScript they would read:
// each operation method with its parameters, result and the error statuses it can meet, and
// each named schema as an interface — from the operation model, without prose, so that the diff
// of two documents' surfaces (`npm run diff`, and a section of `npm run check:changes`) shows a
// reviewer what a change of the YAML does to the SDK, and nothing else.
import { parse } from "yaml";
import { buildModel, schemaName } from "./codegen/model.mjs";

/** @typedef {import("./codegen/model.mjs").ApiModel} ApiModel */
/** @typedef {Record<string, any>} Schema */

/**
 * The surface of a model, one declaration a line or block.
 * @param {ApiModel} model
 * @returns {string[]}
 */
export function sdkSurface(model) {
  const lines = ["// operation methods of the client (createUserApiClient)"];
  for (const op of model.operations) {
    const args = [
      ...op.pathParams.map((name) => {
        const param = op.parameters.find((p) => p.in === "path" && p.name === name);
        return `${name}: ${typeText(param?.schema ?? {})}`;
      }),
      ...(op.requestBody ? [`body${op.requestBody.required ? "" : "?"}: ${typeText(op.requestBody.schema)}`] : []),
      optionsText(op),
    ];
    const result = op.success.schema ? typeText(op.success.schema) : "void";
    const errors = op.errors.map((e) => e.status).join(", ");
    lines.push(
      `${op.operationId}(${args.join(", ")}): Promise<${result}>; // ${op.method} ${op.path} → ${op.success.status}` +
        (errors ? `; errors ${errors}` : "") +
        (op.auth ? "" : "; no API key"),
    );
  }
  lines.push("", "// types");
  for (const [name, schema] of Object.entries(model.schemas)) {
    lines.push(...declaration(name, /** @type {Schema} */ (schema)));
  }
  return lines;
}

/**
 * The options argument: CallOptions, with the query, header and cookie parameters by place; it
 * and a place are required when a parameter there is.
 * @param {import("./codegen/model.mjs").OperationModel} op
 */
function optionsText(op) {
  const places = ["query", "header", "cookie"]
    .map((place) => op.parameters.filter((p) => p.in === place))
    .filter((params) => params.length > 0)
    .map((params) => {
      const fields = params.map((p) => `${JSON.stringify(p.name)}${p.required ? "" : "?"}: ${typeText(p.schema)}`);
      return `${params[0]?.in}${params.some((p) => p.required) ? "" : "?"}: { ${fields.join("; ")} }`;
    });
  if (places.length === 0) return "options?: CallOptions";
  const required = op.parameters.some((p) => p.in !== "path" && p.required);
  return `options${required ? "" : "?"}: CallOptions & { ${places.join("; ")} }`;
}

/**
 * @param {string} name
 * @param {Schema} schema
 * @returns {string[]}
 */
function declaration(name, schema) {
  if (schema.type !== "object" || !schema.properties) return [`type ${name} = ${typeText(schema)};${notes(schema)}`];
  const required = new Set(schema.required ?? []);
  const closed = schema.additionalProperties === false ? " // no other properties" : "";
  return [
    `interface ${name} {${closed}`,
    ...Object.entries(/** @type {Record<string, Schema>} */ (schema.properties)).map(
      ([property, s]) => `  ${property}${required.has(property) ? "" : "?"}: ${typeText(s)};${notes(s)}`,
    ),
    "}",
  ];
}

/**
 * A schema as a TypeScript type: named schemas by name, enums as unions.
 * @param {Schema | boolean | undefined} schema
 * @returns {string}
 */
function typeText(schema) {
  if (typeof schema !== "object" || schema === null || Object.keys(schema).length === 0) return "unknown";
  const name = schemaName(schema);
  if (name) return name;
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if ("const" in schema) return JSON.stringify(schema.const);
  for (const keyword of ["oneOf", "anyOf"]) {
    if (Array.isArray(schema[keyword])) return schema[keyword].map(typeText).join(" | ");
  }
  if (Array.isArray(schema.allOf)) return schema.allOf.map(typeText).join(" & ");
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types
    .map((type) => {
      switch (type) {
        case "integer":
        case "number":
          return "number";
        case "array": {
          const item = typeText(schema.items ?? {});
          return /[ |&]/.test(item) ? `(${item})[]` : `${item}[]`;
        }
        case "object":
          if (!schema.properties) return "Record<string, unknown>";
          return `{ ${Object.entries(/** @type {Record<string, Schema>} */ (schema.properties))
            .map(([p, s]) => `${p}${(schema.required ?? []).includes(p) ? "" : "?"}: ${typeText(s)}`)
            .join("; ")} }`;
        case undefined:
          return "unknown";
        default:
          return type;
      }
    })
    .join(" | ");
}

/** What the type does not say but a user meets: formats and bounds, as a comment. */
const NOTED = [
  "format",
  "contentEncoding",
  "minimum",
  "maximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "pattern",
];

/**
 * @param {Schema} schema
 * @returns {string}
 */
function notes(schema) {
  const item = schema.type === "array" && schema.items && !schemaName(schema.items) ? schema.items : undefined;
  const parts = [
    ...NOTED.filter((k) => schema[k] !== undefined).map((k) => `${k} ${schema[k]}`),
    ...(item ? NOTED.filter((k) => item[k] !== undefined).map((k) => `items ${k} ${item[k]}`) : []),
  ];
  return parts.length > 0 ? ` // ${parts.join(", ")}` : "";
}

/**
 * The SDK surfaces of two documents (YAML texts) as a unified diff: "" when they are the same.
 * @param {string} baseText
 * @param {string} headText
 * @param {{ base?: string, head?: string, context?: number }} [labels]
 */
export function sdkSurfaceDiff(baseText, headText, { base = "base", head = "head", context = 2 } = {}) {
  const before = sdkSurface(buildModel(parse(baseText)));
  const after = sdkSurface(buildModel(parse(headText)));
  const ops = lineDiff(before, after);
  if (ops.every((o) => o.kind === " ")) return "";
  // Hunks: changed lines with `context` unchanged lines around them.
  const keep = ops.map(() => false);
  ops.forEach((o, i) => {
    if (o.kind === " ") return;
    for (let j = Math.max(0, i - context); j <= Math.min(ops.length - 1, i + context); j++) keep[j] = true;
  });
  const out = [`--- ${base}`, `+++ ${head}`];
  let gap = true;
  // Like git's function context: each hunk is headed by the declaration it is in.
  let enclosing = "";
  ops.forEach((o, i) => {
    if (!keep[i]) {
      if (/^\S/.test(o.line)) enclosing = o.line;
      gap = true;
      return;
    }
    if (gap) out.push(`@@ ${/^\s/.test(o.line) ? enclosing : ""}`.trimEnd());
    gap = false;
    out.push(`${o.kind}${o.line}`);
    if (/^\S/.test(o.line)) enclosing = o.line;
  });
  return `${out.join("\n")}\n`;
}

/**
 * A line diff by longest common subsequence (the surfaces are a few hundred lines).
 * @param {string[]} a
 * @param {string[]} b
 * @returns {{ kind: " " | "-" | "+", line: string }[]}
 */
function lineDiff(a, b) {
  // lcs(i, j): the longest common subsequence of a[i..] and b[j..], in one flat array.
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  const lcs = (/** @type {number} */ i, /** @type {number} */ j) => table[i * width + j] ?? 0;
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      table[i * width + j] = a[i] === b[j] ? lcs(i + 1, j + 1) + 1 : Math.max(lcs(i + 1, j), lcs(i, j + 1));
  /** @type {{ kind: " " | "-" | "+", line: string }[]} */
  const ops = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: " ", line: a[i] ?? "" });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs(i + 1, j) >= lcs(i, j + 1))) {
      ops.push({ kind: "-", line: a[i] ?? "" });
      i++;
    } else {
      ops.push({ kind: "+", line: b[j] ?? "" });
      j++;
    }
  }
  return ops;
}
