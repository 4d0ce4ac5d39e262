// The contract check: every answer the mock sends in a test file is recorded, and after the
// file each one is validated against the document — its status must be declared for the
// operation, and its body must match that status's full schema. A success body a rule made
// must also carry every property its schema declares, optional ones included (records are
// shaped by the schema). Injected answers are the test's own choice and are left out.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { afterAll, expect } from "vitest";
import { ANNOTATION_FORMATS, FORMATS } from "../../../../scripts/codegen/formats.mjs";
import { model, routes } from "../../src/document.js";
import { DOCUMENT_ANSWER_HEADER } from "../../src/document-answer.js";
import {
  type MockOptions,
  type MockServer,
  type MockServerOptions,
  type RecordedRequest,
  startMockServer,
} from "../../src/index.js";
import { resolveSchema } from "../../src/schema-values.js";

const ajv = new Ajv2020({ allErrors: true, strict: true });
for (const [name, source] of Object.entries(FORMATS)) ajv.addFormat(name, new RegExp(source));
for (const name of ANNOTATION_FORMATS) ajv.addFormat(name, true);
ajv.addVocabulary(["example", "x-quatrix-error-codes"]);
ajv.addSchema(inBundle({ $id: "urn:quatrix:contract", $defs: model.schemas }));

/** The schema with its refs to named schemas pointing into the bundle above. */
function inBundle(schema: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"urn:quatrix:contract#/$defs/'));
}

const byId = new Map(routes.map((r) => [r.operationId as string, r.operation]));

const cache = new Map<string, ValidateFunction>();
function compiled(schema: unknown): ValidateFunction {
  const text = JSON.stringify(schema);
  let validate = cache.get(text);
  if (!validate) {
    validate = ajv.compile(inBundle(schema));
    cache.set(text, validate);
  }
  return validate;
}

const recorded: RecordedRequest[] = [];
const servers: MockServer[] = [];

/** The options with every answer recorded, to be checked against the document after the file. */
export function checked<T extends MockOptions>(options: T): T {
  const given = options.onExchange;
  return {
    ...options,
    onExchange: (e: RecordedRequest) => {
      recorded.push(e);
      given?.(e);
    },
  };
}

/** Starts a mock server whose every answer is checked against the document after the file. */
export async function startCheckedMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const server = await startMockServer(checked(options));
  servers.push(server);
  return server;
}

/** The declared properties a rule's success body lacks (top-level objects, or the items of a list). */
function missingProperties(schema: Record<string, unknown>, body: unknown): string[] {
  const s = resolveSchema(schema);
  if (s.type === "array" && Array.isArray(body) && s.items)
    return body.flatMap((item, i) =>
      missingProperties(s.items as Record<string, unknown>, item).map((p) => `/${i}${p}`),
    );
  if (s.type !== "object" || body === null || typeof body !== "object") return [];
  return Object.keys(s.properties ?? {})
    .filter((name) => !(name in body))
    .map((name) => `/${name}`);
}

/** The contract violations among the given exchanges (empty when all conform). */
export function violations(exchanges: RecordedRequest[]): string[] {
  const out: string[] = [];
  for (const e of exchanges) {
    const where = `${e.method} ${e.path} → ${e.status}`;
    if (e.injected) continue;
    const body = e.response.body;
    if (!e.operationId) {
      const preflight = e.method === "OPTIONS" && e.status === 204;
      const badTarget = e.status === 400 && (body as { code?: number })?.code === 10;
      if (e.status !== 404 && !preflight && !badTarget)
        out.push(`${where}: a request matching no operation must get 404 (or 400 for a malformed target)`);
      continue;
    }
    const op = byId.get(e.operationId);
    const answers = op ? [op.success, ...op.errors] : [];
    const declared =
      answers.find((r) => r.status === String(e.status)) ??
      answers.find((r) => r.status === `${String(e.status)[0]}XX`);
    if (!declared) {
      out.push(`${where}: status not declared for ${e.operationId}`);
      continue;
    }
    if (!declared.schema) {
      if (body !== undefined) out.push(`${where}: the document declares no body`);
      continue;
    }
    const validate = compiled(declared.schema);
    if (!validate(body))
      out.push(`${where}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(body).slice(0, 300)}`);
    const fromRule = e.response.headers[DOCUMENT_ANSWER_HEADER] === undefined;
    if (declared === op?.success && fromRule) {
      const missing = missingProperties(declared.schema, body);
      if (missing.length > 0) out.push(`${where}: the answer lacks declared properties ${missing.join(", ")}`);
    }
  }
  return out;
}

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  expect(recorded.length, "the file sent requests to a checked mock server").toBeGreaterThan(0);
  expect(violations(recorded)).toEqual([]);
});
