// @ts-check
// The MCP server's tool list (packages/mcp-server/generated/tools.json): one tool per operation
// of the model, so a new operation in the document becomes a new tool with no hand edit.
//
// Arguments: the path parameters, the query, header and cookie parameters (by their names; the
// model refuses two that share one) and the request body's properties, side by side at the top
// level (`{ id }`, `{ status }`, `{ ids, delete_home }`) — what an agent writes most naturally. A
// body that is not an object with properties, or one whose property names a parameter or
// `confirm`, is taken whole as a `body` argument instead. Destructive tools also take `confirm`.
// Results: the success body; an array is wrapped as `{ items: [...] }` (MCP's structured
// content is an object), which the description says.
// The list is read by a model on every turn, so it says what guides a call and no more:
// schemas are inlined (derefSchema, cycle safe) without examples, extensions, integer widths
// or the lower bounds the client checks before sending; an argument keeps the first sentence of its description, its items none; a result
// schema states what every answer is sure to have — its required fields, their types, at every
// depth — and lets the rest through; a tool's description leaves out the sentences about error
// codes (an error result names its code).

import { DocumentError } from "./document-error.mjs";
import { derefSchema } from "./model.mjs";

/** The extension that marks an operation destructive: it asks for confirmation. */
export const DESTRUCTIVE = "x-quatrix-destructive";
/** The extension that marks a non-GET operation as safe to repeat. */
export const IDEMPOTENT = "x-quatrix-idempotent";
/** The argument that confirms a destructive call when the MCP client cannot be asked. */
export const CONFIRM = "confirm";

const IDEMPOTENT_METHODS = new Set(["GET", "PUT", "DELETE"]);

/**
 * @param {import("./model.mjs").ApiModel} model
 * @param {Record<string, any>} document the bundled document: its operations' extensions
 * @returns {string}
 */
export function renderMcpTools(model, document) {
  const tools = model.operations.map((op) => toolOf(model, op, document.paths?.[op.path]?.[op.method.toLowerCase()]));
  return `${JSON.stringify({ title: model.title, version: model.version, tools }, null, 2)}\n`;
}

/**
 * @param {import("./model.mjs").ApiModel} model
 * @param {import("./model.mjs").OperationModel} op
 * @param {Record<string, any> | undefined} raw the operation object, for its extensions
 */
function toolOf(model, op, raw) {
  const readOnly = op.method === "GET";
  const destructive = !readOnly && raw?.[DESTRUCTIVE] === true;
  const idempotent = IDEMPOTENT_METHODS.has(op.method) || raw?.[IDEMPOTENT] === true;

  /** @type {Record<string, unknown>} */
  const properties = {};
  /** @type {string[]} */
  const required = [];
  for (const name of op.pathParams) {
    const param = op.parameters.find((p) => p.name === name);
    properties[name] = lean(derefSchema(model, param?.schema ?? { type: "string" }), param?.description);
    required.push(name);
  }
  const others = op.parameters.filter((p) => p.in !== "path");
  for (const p of others) {
    if (p.name === CONFIRM || p.name === "body")
      throw new DocumentError(
        `${op.operationId}: ${p.in} parameter "${p.name}": the name is taken by the MCP tool's own "${p.name}" argument`,
        ["paths", op.path, op.method.toLowerCase(), "parameters"],
      );
    properties[p.name] = lean(derefSchema(model, p.schema), p.description);
    if (p.required) required.push(p.name);
  }
  /** @type {"merged" | "body" | undefined} */
  let bodyAs;
  /** @type {string[]} */
  let bodyProperties = [];
  if (op.requestBody) {
    const body = derefSchema(model, op.requestBody.schema);
    const names = Object.keys(body?.properties ?? {});
    const mergeable =
      body?.type === "object" &&
      names.length > 0 &&
      !names.some((n) => n === CONFIRM || op.pathParams.includes(n) || others.some((p) => p.name === n)) &&
      !body.allOf &&
      !body.oneOf &&
      !body.anyOf;
    if (mergeable) {
      bodyAs = "merged";
      bodyProperties = names;
      for (const name of names) properties[name] = lean(body.properties[name]);
      if (op.requestBody.required) required.push(...(body.required ?? []));
    } else {
      bodyAs = "body";
      properties.body = lean(body, op.requestBody.description);
      if (op.requestBody.required) required.push("body");
    }
  }
  if (destructive) {
    properties[CONFIRM] = {
      type: "boolean",
      description: "true once the user agreed.",
    };
  }

  const success = op.success.schema ? derefSchema(model, op.success.schema) : undefined;
  const wrap = success?.type === "array";
  const outputSchema = success
    ? wrap
      ? { type: "object", properties: { items: guaranteed(success) }, required: ["items"] }
      : guaranteed(success)
    : undefined;

  const notes = [];
  if (wrap) notes.push("The result is `{ items: [...] }`.");
  if (!success) notes.push("The result has no data.");
  if (destructive)
    notes.push(
      `Destructive: asks the user to confirm, or, if the client cannot ask, needs \`${CONFIRM}: true\` once the user agreed.`,
    );

  return {
    name: op.operationId,
    // The summary only when there is no description: the description says the same, and more.
    description: [withoutErrorCodes(op.description) || sentence(op.summary), ...notes].filter(Boolean).join(" "),
    inputSchema: {
      type: "object",
      properties,
      ...(required.length > 0 ? { required } : {}),
      additionalProperties: false,
    },
    ...(outputSchema ? { outputSchema } : {}),
    // destructiveHint and idempotentHint mean something only for a tool that changes things.
    annotations: readOnly
      ? { readOnlyHint: true }
      : { readOnlyHint: false, destructiveHint: destructive, idempotentHint: idempotent },
    // How the server sends a call; not part of the MCP tool.
    call: {
      method: op.method,
      path: op.path,
      pathParams: op.pathParams,
      ...(others.length > 0 ? { parameters: others.map((p) => ({ name: p.name, in: p.in })) } : {}),
      ...(bodyAs ? { bodyAs, bodyProperties } : {}),
      wrap: wrap ? "items" : null,
      destructive,
    },
  };
}

/**
 * A schema as an argument: its description shortened to its first clause, no examples or extensions.
 * @param {any} schema
 * @param {string} [description] used instead of the schema's own
 */
function lean(schema, description) {
  const out = strip(schema, true);
  const text = description ?? out.description;
  if (text) out.description = firstSentence(text);
  else delete out.description;
  return out;
}

/**
 * A result schema reduced to what every answer has: the required properties (at every depth),
 * their types and enums; other properties pass.
 * @param {any} schema
 * @returns {any}
 */
function guaranteed(schema) {
  if (schema === null || typeof schema !== "object") return schema;
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const key of ["type", "enum", "const", "nullable"]) if (key in schema) out[key] = schema[key];
  for (const key of ["anyOf", "oneOf", "allOf"]) if (Array.isArray(schema[key])) out[key] = schema[key].map(guaranteed);
  if (schema.items) out.items = guaranteed(schema.items);
  const required = Array.isArray(schema.required) ? schema.required : [];
  if (schema.properties && required.length > 0) {
    out.required = required;
    out.properties = Object.fromEntries(
      required.map((/** @type {string} */ name) => [name, guaranteed(schema.properties[name] ?? {})]),
    );
  }
  return out;
}

/**
 * @param {any} node
 * @param {boolean} keepDescriptions (as first sentences)
 * @returns {any}
 */
function strip(node, keepDescriptions) {
  if (Array.isArray(node)) return node.map((n) => strip(n, keepDescriptions));
  if (node === null || typeof node !== "object") return node;
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "example" || key === "examples" || key === "title" || key.startsWith("x-")) continue;
    // Bounds the client checks anyway (a refusal names the field); widths a model cannot use.
    if (key === "minLength" || key === "minimum") continue;
    if (key === "format" && (value === "int32" || value === "int64")) continue;
    if (key === "items") {
      out.items = strip(value, false);
      continue;
    }
    if (key === "description") {
      if (keepDescriptions && typeof value === "string") out.description = firstSentence(value);
      continue;
    }
    // `properties` maps names to schemas: its keys are names, never keywords.
    if (key === "properties" && value && typeof value === "object") {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [name, strip(schema, keepDescriptions)]),
      );
      continue;
    }
    out[key] = strip(value, keepDescriptions);
  }
  return out;
}

/** @param {string} text */
function oneLine(text) {
  return text.replace(/\s+/g, " ").trim();
}

/** The sentences that do not tell which error code answers what. @param {string} text */
function withoutErrorCodes(text) {
  return (oneLine(text).match(/[^.]+(\.(?=\s|$)|$)/g) ?? [])
    .map((s) => s.trim())
    .filter((s) => s && !/\bcodes? \d+\b/.test(s))
    .join(" ");
}

/** @param {string} text */
function sentence(text) {
  const line = oneLine(text);
  return line && !/[.!?]$/.test(line) ? `${line}.` : line;
}

/** The first clause: enough to tell what a field is. @param {string} text */
function firstSentence(text) {
  const line = oneLine(text);
  const end = line.search(/[.;]\s/);
  return end >= 0 ? `${line.slice(0, end)}.` : line;
}
