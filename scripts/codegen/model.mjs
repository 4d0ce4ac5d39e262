// @ts-check
// The operation model: every operation of the bundled document, built once, in document order.
// This is the only code that walks the document's `paths`; the client's operation table and
// methods, the validators, the fixtures, the mock server's routes, the docs build and the tests
// all read the model. Path-level and operation-level parameters are merged (the operation's win),
// and every $ref except those to named schemas is resolved, so consumers never follow one.

/** @typedef {import("../../packages/client/src/model.js").ApiModel} ApiModel */
/** @typedef {import("../../packages/client/src/model.js").OperationModel} OperationModel */
/** @typedef {import("../../packages/client/src/model.js").ParameterModel} ParameterModel */
/** @typedef {import("../../packages/client/src/model.js").ResponseModel} ResponseModel */
/** @typedef {import("../../packages/client/src/model.js").JsonSchema} JsonSchema */
/** @typedef {import("../../packages/client/src/operation.js").HttpMethod} HttpMethod */
/** @typedef {Record<string, any>} Node A node of the bundled document. */

import { DocumentError } from "./document-error.mjs";

export const HTTP_METHODS = /** @type {const} */ (["get", "put", "post", "delete", "patch"]);

/** What an operationId may be: also a method name, a file name and an object key everywhere. */
export const OPERATION_ID = /^[a-z][A-Za-z0-9]*$/;

/**
 * @param {Node} document the bundled document (its only $refs are internal)
 * @returns {ApiModel}
 */
export function buildModel(document) {
  const globalSecurity = securityOf(document.security);
  /** @type {OperationModel[]} */
  const operations = [];
  const seen = new Set();
  for (const [route, rawItem] of Object.entries(document.paths ?? {})) {
    const item = resolve(document, rawItem);
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      const at = ["paths", route, method];
      if (!op.operationId) throw new DocumentError(`${method.toUpperCase()} ${route}: no operationId`, at);
      if (typeof op.operationId !== "string" || !OPERATION_ID.test(op.operationId))
        throw new DocumentError(
          `${JSON.stringify(op.operationId)}: an operationId must be a camelCase identifier (a letter, then letters and digits, e.g. resendActivation): it names the client's method, the docs sample file and the mock rule (lint rule rule/operation-id-identifier)`,
          [...at, "operationId"],
        );
      if (seen.has(op.operationId))
        throw new DocumentError(`${op.operationId}: operationId used twice`, [...at, "operationId"]);
      seen.add(op.operationId);
      operations.push(operationOf(document, route, method, item, op, globalSecurity));
    }
  }
  return {
    title: document.info?.title ?? "",
    version: document.info?.version ?? "",
    defaultBaseUrl: document.servers?.[0]?.url ?? "/",
    schemas: document.components?.schemas ?? {},
    operations,
  };
}

/**
 * @param {Node} document
 * @param {string} route
 * @param {typeof HTTP_METHODS[number]} method
 * @param {Node} item
 * @param {Node} op
 * @param {string[][]} globalSecurity
 * @returns {OperationModel}
 */
function operationOf(document, route, method, item, op, globalSecurity) {
  const where = op.operationId;
  /** @type {Map<string, ParameterModel>} */
  const parameters = new Map();
  const itemParameters = (item.parameters ?? []).map((/** @type {Node} */ raw, /** @type {number} */ i) => ({
    raw,
    at: ["paths", route, "parameters", String(i)],
  }));
  const opParameters = (op.parameters ?? []).map((/** @type {Node} */ raw, /** @type {number} */ i) => ({
    raw,
    at: ["paths", route, method, "parameters", String(i)],
  }));
  for (const { raw, at } of [...itemParameters, ...opParameters]) {
    const p = resolve(document, raw);
    // An operation-level parameter replaces a path-level one of the same name and place.
    parameters.set(`${p.in}:${p.in === "header" ? String(p.name).toLowerCase() : p.name}`, parameterOf(where, p, at));
  }
  const params = [...parameters.values()];
  flatNameClash(where, params, ["paths", route, method]);
  const declared = params.filter((p) => p.in === "path").map((p) => p.name);
  // In the order of the path template: the order of the generated method's arguments.
  const templated = [...route.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "");
  if ([...declared].sort().join() !== [...templated].sort().join())
    throw new DocumentError(`${where}: path parameters (${declared.join(", ")}) do not match ${route}`, [
      "paths",
      route,
      method,
    ]);

  /** @type {ResponseModel[]} */
  const responses = Object.entries(op.responses ?? {}).map(([status, raw]) => responseOf(document, status, raw));
  const success = responses.filter((r) => /^2\d\d$/.test(r.status));
  const [first] = success;
  if (success.length !== 1 || !first)
    throw new DocumentError(
      `${where}: expected exactly one 2xx response, found ${success.map((r) => r.status).join(", ") || "none"}`,
      ["paths", route, method, "responses"],
    );

  const body = op.requestBody ? resolve(document, op.requestBody) : undefined;
  const media = body?.content?.["application/json"];
  if (body && !media)
    throw new DocumentError(`${where}: the request body must be application/json`, [
      "paths",
      route,
      method,
      "requestBody",
    ]);
  const security = op.security ? securityOf(op.security) : globalSecurity;
  return {
    operationId: op.operationId,
    method: /** @type {HttpMethod} */ (method.toUpperCase()),
    path: route,
    summary: op.summary ?? "",
    description: op.description ?? "",
    tags: op.tags ?? [],
    security,
    auth: security.some((names) => names.length > 0),
    parameters: params,
    pathParams: templated,
    ...(media
      ? {
          requestBody: {
            required: Boolean(body.required),
            ...(body.description ? { description: body.description } : {}),
            schema: media.schema ?? {},
            examples: examplesOf(document, media),
          },
        }
      : {}),
    success: { ...first, statusCode: Number(first.status) },
    errors: responses.filter((r) => r !== first),
  };
}

// The styles the client serialises and the mock parses, by where the parameter goes; the first
// is the document's default (OpenAPI 3.1, "Style Values").
const STYLES = {
  path: ["simple"],
  query: ["form", "spaceDelimited", "pipeDelimited"],
  header: ["simple"],
  cookie: ["form"],
};

// Headers a parameter may not be: the API key's, the ones the client sets for the body and
// the answer, those the transport owns, and the cookie header (cookie parameters build it).
// The transport's own are the client's TRANSPORT_HEADERS (packages/client/src/headers.ts),
// written again here because the generator runs before the client is built: keep them in step.
const RESERVED_HEADERS = new Set([
  "x-auth-token",
  "authorization",
  "proxy-authorization",
  "accept",
  "content-type",
  "cookie",
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "upgrade",
  "expect",
  "te",
  "trailer",
  "proxy-connection",
]);

// What a parameter's name may be: a header's must be a token (RFC 9110); the others end up as
// property names of the call's options and as the mock's and the MCP tool's argument names.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const PARAMETER_NAME = /^[A-Za-z_][\w.-]*$/;

/**
 * One parameter as the model keeps it, or a DocumentError for one the generator cannot carry
 * end to end (the client's serialisation, its validators, the mock's parsing, the samples).
 * @param {string} where the operationId
 * @param {Node} p the resolved parameter object
 * @param {string[]} at where it is in the document
 * @returns {ParameterModel}
 */
function parameterOf(where, p, at) {
  const refuse = (/** @type {string} */ why, /** @type {string[]} */ deeper = []) =>
    new DocumentError(`${where}: ${p.in} parameter "${p.name}": ${why}`, [...at, ...deeper]);
  const place = /** @type {keyof typeof STYLES} */ (p.in);
  const styles = STYLES[place];
  if (!styles) throw refuse(`"in" must be path, query, header or cookie`, ["in"]);
  if (typeof p.name !== "string" || !(place === "header" ? HEADER_NAME : PARAMETER_NAME).test(p.name))
    throw refuse(
      place === "header"
        ? "a header's name must be a token (letters, digits and !#$%&'*+-.^_`|~)"
        : "the name must start with a letter or _ and hold only letters, digits, _, . and -",
      ["name"],
    );
  if (place === "header" && RESERVED_HEADERS.has(p.name.toLowerCase()))
    throw refuse(
      "the client sets this header itself (the API key, the body's type, the cookies, the connection); a parameter may not set it",
      ["name"],
    );
  if (p.content !== undefined || p.schema === undefined)
    throw refuse("only parameters with a `schema` are supported, not `content`", [p.content ? "content" : "name"]);
  const style = p.style ?? styles[0];
  if (!styles.includes(style))
    throw refuse(`style "${style}" is not supported here (supported: ${styles.join(", ")})`, ["style"]);
  if (p.allowReserved === true)
    throw refuse("allowReserved is not supported: every reserved character is percent-encoded", ["allowReserved"]);
  const explode = typeof p.explode === "boolean" ? p.explode : style === "form";
  const type = p.schema.type;
  const primitive = (/** @type {Node | undefined} */ s) =>
    !!s && typeof s === "object" && !s.$ref && ["string", "integer", "number", "boolean"].includes(s.type);
  if (type === "array" && !primitive(p.schema.items))
    throw refuse("an array parameter's items must be strings, numbers, integers or booleans, written inline", [
      "schema",
    ]);
  if (type === "object") {
    if (place === "cookie" || style !== "form")
      throw refuse("an object parameter is supported only in the query, with style form", ["schema"]);
    if (!Object.values(p.schema.properties ?? {}).every(primitive) || p.schema.additionalProperties !== false)
      throw refuse(
        "an object parameter needs `additionalProperties: false` and properties that are strings, numbers, integers or booleans, written inline",
        ["schema"],
      );
  } else if (type !== "array" && !primitive(p.schema))
    throw refuse(
      "the schema must be a string, number, integer, boolean, an array of these or (query only) an object of these, with its type written inline",
      ["schema"],
    );
  if (type === "array" && place === "cookie" && explode)
    throw refuse("an array cookie needs `explode: false` (a cookie cannot repeat)", ["explode"]);
  if (style.endsWith("Delimited") && type !== "array")
    throw refuse(`style "${style}" applies to arrays only`, ["style"]);
  return {
    name: p.name,
    in: place,
    required: place === "path" ? true : Boolean(p.required),
    ...(p.description ? { description: p.description } : {}),
    schema: p.schema,
    style,
    explode,
    ...(p.example !== undefined ? { example: p.example } : {}),
  };
}

/**
 * Refuses two parameters that would share a name where the SDK puts them side by side: the
 * MCP tool's arguments and the mock's rule input hold every parameter by its name alone (and
 * an exploded form object's properties are query names of their own).
 * @param {string} where
 * @param {ParameterModel[]} params
 * @param {string[]} at
 */
function flatNameClash(where, params, at) {
  /** @type {Map<string, ParameterModel>} */
  const seen = new Map();
  for (const p of params) {
    const names = [p.name];
    if (p.in === "query" && p.schema.type === "object" && p.explode)
      names.push(...Object.keys(/** @type {Record<string, unknown>} */ (p.schema.properties ?? {})));
    for (const name of names) {
      const key = name.toLowerCase();
      const other = seen.get(key);
      if (other && other !== p)
        throw new DocumentError(
          `${where}: ${p.in} parameter "${p.name}" and ${other.in} parameter "${other.name}" share the name "${name}" (case aside): the SDK's tool arguments and the mock's rule input name parameters alone`,
          [...at, "parameters"],
        );
      seen.set(key, p);
    }
  }
}

/**
 * @param {Node} document
 * @param {string} status
 * @param {Node} raw
 * @returns {ResponseModel}
 */
function responseOf(document, status, raw) {
  const response = resolve(document, raw);
  const media = response.content?.["application/json"];
  /** @type {Record<string, JsonSchema>} */
  const headers = {};
  for (const [name, header] of Object.entries(response.headers ?? {}))
    headers[name] = resolve(document, header).schema ?? {};
  return {
    status,
    description: response.description ?? "",
    ...(media?.schema ? { schema: media.schema } : {}),
    examples: media ? examplesOf(document, media) : {},
    headers,
  };
}

/**
 * Named examples with their values; a lone `example` is named "example".
 * @param {Node} document
 * @param {Node} media
 * @returns {Record<string, unknown>}
 */
function examplesOf(document, media) {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [name, example] of Object.entries(media.examples ?? {})) out[name] = resolve(document, example).value;
  if (media.example !== undefined && Object.keys(out).length === 0) out.example = media.example;
  return out;
}

/**
 * Security requirements as lists of scheme names; `[[]]` or `[]` means no credentials.
 * @param {Node[] | undefined} requirements
 * @returns {string[][]}
 */
function securityOf(requirements) {
  return (requirements ?? []).map((r) => Object.keys(r));
}

/**
 * Follows internal $refs until a node that is not one.
 * @param {Node} document
 * @param {any} node
 * @returns {any}
 */
export function resolve(document, node) {
  let current = node;
  for (let hops = 0; current && typeof current.$ref === "string"; hops++) {
    if (hops > 32) throw new Error(`$ref cycle at ${current.$ref}`);
    if (!current.$ref.startsWith("#/")) throw new Error(`only internal $refs are supported: ${current.$ref}`);
    const parts = current.$ref.slice(2).split("/");
    current = parts.reduce(
      (/** @type {any} */ at, /** @type {string} */ key) => at?.[key.replaceAll("~1", "/").replaceAll("~0", "~")],
      document,
    );
    if (current === undefined) throw new Error(`unresolved $ref ${node.$ref}`);
  }
  return current;
}

/**
 * The name of the component schema a schema refers to, if it is a plain $ref to one.
 * @param {JsonSchema | undefined} schema
 * @returns {string | undefined}
 */
export function schemaName(schema) {
  const ref = schema?.$ref;
  return typeof ref === "string" && ref.startsWith("#/components/schemas/") ? ref.split("/").pop() : undefined;
}

/**
 * A schema with every $ref to a named schema replaced by its target. A recursive schema
 * (`Group.children: Group[]`) cannot be inlined: a $ref to a schema already being inlined
 * becomes `onCycle(name)` — by default `false`, the schema no value matches, so an array of it
 * is empty and a property of it absent: the schema's values bounded to the depth written out.
 * @param {ApiModel} model
 * @param {unknown} node
 * @param {(name: string) => unknown} [onCycle]
 * @param {readonly string[]} [inlining] the named schemas being inlined, outermost first
 * @returns {any}
 */
export function derefSchema(model, node, onCycle = () => false, inlining = []) {
  if (Array.isArray(node)) return node.map((n) => derefSchema(model, n, onCycle, inlining));
  if (node === null || typeof node !== "object") return node;
  const name = schemaName(/** @type {JsonSchema} */ (node));
  if (name) {
    if (inlining.includes(name)) return onCycle(name);
    return derefSchema(model, model.schemas[name], onCycle, [...inlining, name]);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, derefSchema(model, v, onCycle, inlining)]));
}
