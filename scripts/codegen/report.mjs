// @ts-check
// What the document's operations still lack outside the generated code, found in one pass so
// a contributor sees the whole list at once: a docs sample (required: the docs build fails
// without one) that passes every required query, header and cookie parameter (required too: the
// sample would not type-check), a mock rule (and, a notice, one that reads each parameter) (a notice: the mock answers from the document without one), a test
// of the mock naming an operation that has a rule (a notice) and,
// for an operation new or changed since the last release, a pending changeset that names it
// (a notice: the breaking-change guard decides the bump).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { buildModel, derefSchema } from "./model.mjs";

/** @typedef {import("./model.mjs").ApiModel} ApiModel */
/** @typedef {import("./model.mjs").OperationModel} OperationModel */

export const SAMPLES_DIR = "packages/docs/examples";
export const RULES_FILE = "packages/mock-server/src/rules.ts";
export const MOCK_TESTS_DIR = "packages/mock-server/test";
const RELEASED = "openapi/released/user-api.yaml";

/**
 * @param {string} root the repository's root
 * @param {ApiModel} model
 * @returns {{ errors: string[], notices: string[] }}
 */
export function missingParts(root, model) {
  const errors = [];
  const notices = [];
  const rulesPath = path.join(root, RULES_FILE);
  const rules = existsSync(rulesPath) ? readFileSync(rulesPath, "utf8") : undefined;
  const mockTests = testTexts(path.join(root, MOCK_TESTS_DIR));
  const released = releasedSignatures(root);
  const changesets = pendingChangesets(root);
  for (const op of model.operations) {
    const id = op.operationId;
    const sample = `${SAMPLES_DIR}/${id}.ts`;
    const params = op.parameters.filter((p) => p.in !== "path");
    if (!existsSync(path.join(root, sample)))
      errors.push(`${id}: its docs sample, ${sample} (the docs build fails without it)`);
    else {
      const text = readFileSync(path.join(root, sample), "utf8");
      for (const p of params.filter((p) => p.required && !passesParameter(text, p)))
        errors.push(
          `${id}: its docs sample, ${sample}, does not pass the required ${p.in} parameter "${p.name}" (\`${p.in}: { ${JSON.stringify(p.name)}: … }\` in the call's options)`,
        );
    }
    const hasRule = rules !== undefined && new RegExp(`^\\s*${id}\\s*[:(]`, "m").test(rules);
    if (rules !== undefined && !hasRule)
      notices.push(`${id}: no mock rule in ${RULES_FILE}; the mock answers it from the document's example`);
    // The mock validates every parameter; a rule that never reads one answers as if it were absent.
    if (hasRule && rules !== undefined)
      for (const p of params.filter((p) => !readsParameter(ruleText(rules, id), p)))
        notices.push(
          `${id}: no mock rule uses ${p.in} parameter "${p.name}"; the mock validates it, then answers as if it were absent`,
        );
    // A rule is behaviour of our own: some test of the mock must call it by name.
    if (hasRule && mockTests !== undefined && !mockTests.some((words) => words.has(id)))
      notices.push(`${id}: its mock rule has no test; no file of ${MOCK_TESTS_DIR}/ names it`);
    if (released) {
      const before = released.get(id);
      const change = before === undefined ? "new" : before !== signature(model, op) ? "changed" : undefined;
      // A changeset names a new operation by its operationId; a changed one by its operationId
      // or a schema it uses (`UserResp.status`). Whole names only: `createUsers` is not
      // `createUser`, and a changeset about `UserResp` does not announce a new operation.
      const names = change === "new" ? [id] : [id, ...schemasOf(model, op)];
      if (change && !changesets.some((words) => names.some((name) => words.has(name))))
        notices.push(
          `${id}: ${change} since the last release, and no pending changeset names it or its schemas (npx changeset)`,
        );
    }
  }
  return { errors, notices };
}

/**
 * Whether a text names `name` as a whole word (a property, a string): `status` is not `statuses`.
 * @param {string} text
 * @param {string} name
 */
function mentions(text, name) {
  return new RegExp(`(^|[^\\w-])${escapeRegExp(name)}($|[^\\w-])`).test(text);
}

/**
 * Whether a sample passes parameter `p`: an object literal given as its `in` (`query: { status:
 * "A" }`, or `const query = { status }` passed on) has it as a key. Not the bare word: a sample
 * that prints `user.status` does not pass a `status` query parameter.
 * @param {string} text
 * @param {{ name: string, in: string }} p
 */
export function passesParameter(text, p) {
  const key = new RegExp(`(^|[{,\\s])(["'\`]?)${escapeRegExp(p.name)}\\2\\s*[:,}]`);
  for (const m of text.matchAll(new RegExp(`(^|[^\\w$.])${p.in}\\s*[:=]\\s*\\{`, "g"))) {
    const open = m.index + m[0].length - 1;
    if (key.test(text.slice(open, closingBrace(text, open) + 1))) return true;
  }
  return false;
}

/**
 * Whether a mock rule reads parameter `p`: it names both where the parameter is (`query`,
 * `header`, `cookie`) and its name. Not the name alone: `{ status: 200 }` does not read a
 * `status` query parameter.
 * @param {string} rule
 * @param {{ name: string, in: string }} p
 */
export function readsParameter(rule, p) {
  return mentions(rule, p.in) && mentions(rule, p.name);
}

/**
 * The index of the `}` that closes the `{` at `open` (the text's end when none does).
 * @param {string} text
 * @param {number} open
 */
function closingBrace(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return i;
  }
  return text.length;
}

/** @param {string} text */
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The text of one operation's rule in the rules file: from its key to the next rule's key.
 * @param {string} rules
 * @param {string} id
 */
function ruleText(rules, id) {
  const start = rules.search(new RegExp(`^[ \\t]*${id}\\s*[:(]`, "m"));
  if (start < 0) return "";
  const rest = rules.slice(start);
  const next = rest.slice(1).search(/^ {2}[A-Za-z_$][\w$]*\s*[:(]/m);
  return next < 0 ? rest : rest.slice(0, next + 1);
}

/**
 * The named schemas an operation takes or answers with, directly or through other schemas.
 * @param {ApiModel} model
 * @param {OperationModel} op
 * @returns {Set<string>}
 */
export function schemasOf(model, op) {
  /** @type {Set<string>} */
  const found = new Set();
  /** @param {unknown} node */
  const visit = (node) => {
    const text = JSON.stringify(node) ?? "";
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
      if (!name || found.has(name)) continue;
      found.add(name);
      visit(model.schemas[name]);
    }
  };
  // Not the error answers: their schema (ErrorModel) is shared by every operation.
  visit([op.parameters, op.requestBody, op.success]);
  return found;
}

/**
 * What an operation accepts and answers, without prose: its signature for "has it changed".
 * @param {ApiModel} model
 * @param {OperationModel} op
 */
function signature(model, op) {
  const shape = {
    method: op.method,
    path: op.path,
    auth: op.auth,
    parameters: op.parameters.map((p) => ({ name: p.name, in: p.in, required: p.required, schema: p.schema })),
    body: op.requestBody && { required: op.requestBody.required, schema: op.requestBody.schema },
    answers: [op.success, ...op.errors].map((r) => ({ status: r.status, schema: r.schema })),
  };
  return JSON.stringify(withoutProse(derefSchema(model, shape, (name) => ({ $recursive: name }))));
}

const PROSE = new Set(["description", "summary", "title", "example", "examples"]);

/**
 * @param {unknown} node
 * @returns {unknown}
 */
export function withoutProse(node) {
  if (Array.isArray(node)) return node.map(withoutProse);
  if (node === null || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => !PROSE.has(key))
      .map(([key, value]) => [key, key === "properties" ? mapValues(value, withoutProse) : withoutProse(value)]),
  );
}

/**
 * @param {any} object
 * @param {(value: unknown) => unknown} f
 */
function mapValues(object, f) {
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, f(v)]));
}

/**
 * The signatures of the operations of the last released document, when there is one.
 * @param {string} root
 * @returns {Map<string, string> | undefined}
 */
function releasedSignatures(root) {
  const file = path.join(root, RELEASED);
  if (!existsSync(file)) return undefined;
  const model = buildModel(parse(readFileSync(file, "utf8")));
  return new Map(model.operations.map((op) => [op.operationId, signature(model, op)]));
}

/**
 * The names (identifiers) each test file under `dir` mentions, or undefined without the folder.
 * @param {string} dir
 * @returns {Set<string>[] | undefined}
 */
function testTexts(dir) {
  if (!existsSync(dir)) return undefined;
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.test\.[cm]?tsx?$/.test(f))
    .map((f) => new Set(readFileSync(path.join(dir, f), "utf8").match(/[A-Za-z_$][\w$]*/g)));
}

/**
 * The names (identifiers) each pending changeset mentions.
 * @param {string} root
 * @returns {Set<string>[]}
 */
function pendingChangesets(root) {
  const dir = path.join(root, ".changeset");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md") && f !== "README.md")
    .map((f) => new Set(readFileSync(path.join(dir, f), "utf8").match(/[A-Za-z_$][\w$]*/g)));
}
