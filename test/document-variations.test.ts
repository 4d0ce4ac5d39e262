// Every document a contributor may write either generates, or is refused at FILE:LINE:COL before
// any file is written — never a stack trace. Variations of a parsed copy of the live document
// (picked from its model, so a rename elsewhere leaves the test working) go through the lint and
// `generate`, as a contributor runs them.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import {
  DOCUMENT,
  editDocument,
  liveDocument,
  modelOf,
  type OpenApiDocument,
  operationObject,
} from "./support/document.js";
import { bin, type RunResult, repoRoot, run, type Scratch, scratchCopy } from "./support/scratch.js";

const scratches: Scratch[] = [];
afterAll(() => {
  for (const s of scratches) s.remove();
});

const GENERATED = "packages/client/src/generated/schema.ts";
const model = modelOf(liveDocument());
const [firstOperation] = model.operations;
/** A named schema that is an object with properties: the one a recursive property is added to. */
const objectSchema = Object.entries(model.schemas).find(
  ([, s]) => (s as { type?: string }).type === "object" && (s as { properties?: object }).properties,
)?.[0];
if (!firstOperation || !objectSchema) throw new Error("the document needs an operation and an object schema");

interface Outcome {
  lint: RunResult;
  generate: RunResult;
  scratch: Scratch;
}

async function tryVariation(change: (document: OpenApiDocument) => void): Promise<Outcome> {
  const scratch = scratchCopy([
    "openapi",
    "redocly.yaml",
    "packages/docs/examples",
    "packages/mock-server/src/rules.ts",
  ]);
  scratches.push(scratch);
  editDocument(scratch, change);
  const lint = await run(bin("redocly"), ["lint", "openapi/user-api.yaml", "--format=stylish"], scratch.dir);
  const generate = await run(
    process.execPath,
    [path.join(repoRoot, "scripts/generate.mjs"), "--no-report", "--root", scratch.dir],
    repoRoot,
  );
  return { lint, generate, scratch };
}

/** A refusal: a `file:line:col: message` line, no stack trace, and nothing written. */
function expectRefused({ generate, scratch }: Outcome, message: RegExp): void {
  expect(generate.code, generate.stdout).toBe(1);
  expect(generate.stderr).toMatch(/^generate: openapi\/user-api\.yaml:\d+:\d+: /m);
  expect(generate.stderr).toMatch(message);
  expect(generate.stderr).not.toMatch(/^\s+at /m);
  expect(existsSync(path.join(scratch.dir, GENERATED)), "nothing written").toBe(false);
}

describe("documents the generator refuses, at the place in the document", () => {
  it("an operationId that is not an identifier (resend-activation): the lint and generate name the rule", async () => {
    const outcome = await tryVariation((d) => {
      operationObject(d, firstOperation).operationId = "resend-activation";
    });
    expect(outcome.lint.code).not.toBe(0);
    expect(outcome.lint.stdout + outcome.lint.stderr).toContain("operation-id-identifier");
    expectRefused(outcome, /"resend-activation": an operationId must be a camelCase identifier/);
    // Both at the operationId's line, and generate names the lint rule too.
    const line =
      outcome.scratch
        .read(DOCUMENT)
        .split("\n")
        .findIndex((l) => /operationId: resend-activation$/.test(l)) + 1;
    expect(line).toBeGreaterThan(0);
    expect(outcome.generate.stderr).toMatch(
      new RegExp(`^generate: openapi/user-api\\.yaml:${line}:\\d+: .*rule/operation-id-identifier`, "m"),
    );
    expect(outcome.lint.stdout + outcome.lint.stderr).toMatch(
      new RegExp(`^\\s+${line}:\\d+\\s+error\\s+rule/operation-id-identifier\\b`, "m"),
    );
  }, 60_000);

  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      "a header parameter that would set the API key's header",
      { name: "X-Auth-Token", in: "header", schema: { type: "string" } },
      /header parameter "X-Auth-Token": the client sets this header itself/,
    ],
    [
      "a query parameter with `content` instead of `schema`",
      { name: "filter", in: "query", content: { "application/json": { schema: { type: "object" } } } },
      /query parameter "filter": only parameters with a `schema` are supported, not `content`/,
    ],
    [
      "a deepObject query parameter",
      {
        name: "filter",
        in: "query",
        style: "deepObject",
        schema: { type: "object", additionalProperties: false, properties: { a: { type: "string" } } },
      },
      /query parameter "filter": style "deepObject" is not supported here \(supported: form, spaceDelimited, pipeDelimited\)/,
    ],
  ])(
    "%s",
    async (_, parameter, refusal) => {
      const outcome = await tryVariation((d) => {
        const op = operationObject(d, firstOperation);
        op.parameters = [...(op.parameters ?? []), { description: "A parameter.", ...parameter }];
      });
      expectRefused(outcome, refusal);
    },
    60_000,
  );
});

describe("documents that generate", () => {
  it("a recursive schema: types, validators and fixtures, bounded where a value is built", async () => {
    const outcome = await tryVariation((d) => {
      d.components.schemas[objectSchema].properties.children = {
        type: "array",
        description: "Nested entries of the same kind.",
        items: { $ref: `#/components/schemas/${objectSchema}` },
      };
    });
    expect(outcome.lint.code, outcome.lint.stdout).toBe(0);
    expect(outcome.generate.code, outcome.generate.stderr).toBe(0);
    const types = readFileSync(path.join(outcome.scratch.dir, GENERATED), "utf8");
    // Named types: the property refers to its own interface by name.
    expect(types).toMatch(new RegExp(`children\\?: ${objectSchema}\\[\\];`));
    const fixtures = readFileSync(path.join(outcome.scratch.dir, "packages/client/test/generated/fixtures.json"));
    expect(() => JSON.parse(String(fixtures))).not.toThrow();
  }, 60_000);

  it("lint-clean variations of names, descriptions and optional properties (property-based)", async () => {
    const identifier = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
    await fc.assert(
      fc.asyncProperty(identifier, fc.string({ minLength: 1, maxLength: 60 }), async (property, description) => {
        const outcome = await tryVariation((d) => {
          const schema = d.components.schemas[objectSchema];
          schema.properties[`x_${property}`] = { type: "string", description: description.trim() || "Text." };
          operationObject(d, firstOperation).description = `${description.trim() || "Text"}.`;
        });
        // Whatever the lint says of the text, generate never crashes: it writes, or it refuses in a line.
        if (outcome.generate.code !== 0) expectRefused(outcome, /./);
        else expect(readFileSync(path.join(outcome.scratch.dir, GENERATED), "utf8")).toContain(`x_${property}?:`);
      }),
      { numRuns: 6 },
    );
  }, 180_000);
});
