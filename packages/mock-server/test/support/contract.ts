// The contract check: every answer the mock sends in a test file is recorded, and after the
// file each one is validated against the document — its status must be declared for the
// operation, and its body must match that status's schema. Injected answers are the test's
// own choice and are left out.
import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { afterAll, expect } from "vitest";
import {
  type MockOptions,
  type MockServer,
  type MockServerOptions,
  type RecordedRequest,
  startMockServer,
} from "../../src/index.js";

const document = JSON.parse(readFileSync(new URL("../../generated/user-api.json", import.meta.url), "utf8"));
const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
ajv.addFormat("email", /^\S+@\S+$/);
ajv.addFormat("int64", true);
ajv.addSchema({ $id: "urn:quatrix:contract", components: document.components }, "urn:quatrix:contract");

const operations = new Map<string, { responses: Record<string, unknown> }>();
for (const item of Object.values(document.paths) as Record<
  string,
  { operationId: string; responses: Record<string, unknown> }
>[]) {
  for (const op of Object.values(item)) operations.set(op.operationId, op);
}

function resolve(node: unknown): Record<string, unknown> {
  let current = node as Record<string, unknown>;
  while (typeof current?.$ref === "string") {
    current = (current.$ref as string)
      .slice(2)
      .split("/")
      .reduce((at: Record<string, unknown>, key) => at[key] as Record<string, unknown>, document);
  }
  return current;
}

const cache = new Map<string, ValidateFunction>();
function compiled(schema: unknown): ValidateFunction {
  const text = JSON.stringify(schema).replaceAll('"#/components/', '"urn:quatrix:contract#/components/');
  let validate = cache.get(text);
  if (!validate) {
    validate = ajv.compile(JSON.parse(text));
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
    const op = operations.get(e.operationId);
    const declared = op?.responses[String(e.status)] ?? op?.responses[`${String(e.status)[0]}XX`];
    if (!declared) {
      out.push(`${where}: status not declared for ${e.operationId}`);
      continue;
    }
    const schema = (resolve(declared).content as Record<string, { schema: unknown }> | undefined)?.["application/json"]
      ?.schema;
    if (!schema) {
      if (body !== undefined) out.push(`${where}: the document declares no body`);
      continue;
    }
    const validate = compiled(schema);
    if (!validate(body))
      out.push(`${where}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(body).slice(0, 300)}`);
  }
  return out;
}

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  expect(recorded.length, "the file sent requests to a checked mock server").toBeGreaterThan(0);
  expect(violations(recorded)).toEqual([]);
});
