// The document passes the strict lint, and the lint is not toothless: broken copies fail it.
import { afterAll, describe, expect, it } from "vitest";
import { schemaName } from "../scripts/codegen/model.mjs";
import {
  editDocument,
  follow,
  liveDocument,
  modelOf,
  type OpenApiDocument,
  operationObject,
} from "./support/document.js";
import { bin, run, type Scratch, scratchCopy } from "./support/scratch.js";

const scratches: Scratch[] = [];
afterAll(() => {
  for (const s of scratches) s.remove();
});

function lintCopy(change: (document: OpenApiDocument) => void) {
  const scratch = scratchCopy(["openapi", "redocly.yaml"]);
  scratches.push(scratch);
  editDocument(scratch, change);
  return run(bin("redocly"), ["lint", "openapi/user-api.yaml", "--format=stylish"], scratch.dir);
}

// What each broken copy breaks, chosen from the model of the live document.
const model = modelOf(liveDocument());
const [firstOperation] = model.operations;
/** An operation whose success answer is a named schema with examples. */
const namedAnswer = model.operations.find(
  (op) => schemaName(op.success.schema) && Object.keys(op.success.examples).length > 0,
);
if (!firstOperation || !namedAnswer) throw new Error("the document needs an operation answering a named schema");
const answerSchema = schemaName(namedAnswer.success.schema) ?? "";

/** The success media type object of that operation, in the given document. */
const successMedia = (document: OpenApiDocument) =>
  follow(document, operationObject(document, namedAnswer).responses[namedAnswer.success.status]).content[
    "application/json"
  ];

describe("redocly lint", () => {
  it("passes the document with no error and no warning", async () => {
    const scratch = scratchCopy(["openapi", "redocly.yaml"]);
    scratches.push(scratch);
    const result = await run(
      bin("redocly"),
      ["lint", "openapi/user-api.yaml", "--format=stylish", "--max-problems=1000"],
      scratch.dir,
    );
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout + result.stderr).toContain("Your API description is valid");
    expect(result.stdout + result.stderr).not.toMatch(/\d+ warnings?/);
  });

  const breakages: [string, (document: OpenApiDocument) => void, RegExp][] = [
    [
      "a property without a description",
      (d) => {
        const schema = d.components.schemas[answerSchema];
        const [property] = Object.keys(schema.properties);
        delete schema.properties[property ?? ""].description;
      },
      /rule\/schema-description/,
    ],
    [
      "an example that does not match its schema",
      (d) => {
        const schema = d.components.schemas[answerSchema];
        const field = (schema.required as string[]).find((p) => schema.properties[p].type === "string");
        const [example] = Object.values(successMedia(d).examples);
        follow(d, example).value[field ?? ""] = 12;
      },
      /no-invalid-media-type-examples/,
    ],
    [
      "an operation without an operationId",
      (d) => {
        delete operationObject(d, firstOperation).operationId;
      },
      /operation-operationId/,
    ],
    [
      "a $ref to a schema that does not exist",
      (d) => {
        successMedia(d).schema.$ref = `#/components/schemas/${answerSchema}Missing`;
      },
      /no-unresolved-refs/,
    ],
    [
      "an operation without a description",
      (d) => {
        delete operationObject(d, firstOperation).description;
      },
      /operation-description/,
    ],
  ];
  for (const [what, change, rule] of breakages) {
    it(`fails a copy with ${what}`, async () => {
      const result = await lintCopy(change);
      expect(result.code).not.toBe(0);
      expect(result.stdout + result.stderr).toMatch(rule);
    });
  }
});
