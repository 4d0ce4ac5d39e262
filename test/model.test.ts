// The operation model: built once from the document, it carries path-level and operation-level
// parameters merged, $refs resolved (parameters, responses, examples), success and error
// answers. A copy of the document with its path parameters moved to the path level generates
// exactly the same code, so nothing downstream depends on where a parameter is written.
import { describe, expect, it } from "vitest";
import { renderFixtures } from "../scripts/codegen/fixtures.mjs";
import { renderOperations } from "../scripts/codegen/operations.mjs";
import { renderValidators } from "../scripts/codegen/validators.mjs";
import { liveDocument, modelOf, type OpenApiDocument, operationObject } from "./support/document.js";

/** The document with every operation's parameters moved up to its path item. */
function withPathLevelParameters(document: OpenApiDocument): OpenApiDocument {
  const copy = structuredClone(document);
  for (const op of modelOf(document).operations) {
    const operation = operationObject(copy, op);
    if (!operation.parameters) continue;
    const item = copy.paths[op.path];
    item.parameters = [...(item.parameters ?? []), ...operation.parameters];
    delete operation.parameters;
  }
  return copy;
}

const live = liveDocument();
const model = modelOf(live);
const withPathParameters = model.operations.filter((op) => op.pathParams.length > 0);

describe("the operation model", () => {
  it("has every operation once, with one success answer and its errors", () => {
    const ids = model.operations.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const op of model.operations) {
      expect(op.success.status, op.operationId).toMatch(/^2\d\d$/);
      expect(op.errors.map((e) => e.status)).not.toContain(op.success.status);
    }
  });

  it("resolves $ref'd parameters, shared responses and examples", () => {
    expect(withPathParameters.length).toBeGreaterThan(0);
    for (const op of withPathParameters) {
      for (const name of op.pathParams) {
        const parameter = op.parameters.find((p) => p.name === name && p.in === "path");
        expect(parameter, `${op.operationId} ${name}`).toMatchObject({ required: true, schema: expect.any(Object) });
      }
    }
    const text = JSON.stringify(model.operations);
    expect(text).not.toContain("#/components/parameters/");
    expect(text).not.toContain("#/components/responses/");
    expect(text).not.toContain("#/components/examples/");
    const shared = model.operations.flatMap((op) => op.errors).filter((e) => e.schema);
    expect(shared.length).toBeGreaterThan(0);
  });

  it("merges path-level parameters, and generates the same code from them", () => {
    const moved = withPathLevelParameters(live);
    expect(JSON.stringify(moved.paths)).not.toBe(JSON.stringify(live.paths));
    const movedModel = modelOf(moved);
    expect(movedModel.operations.map((op) => [op.operationId, op.pathParams, op.parameters])).toEqual(
      model.operations.map((op) => [op.operationId, op.pathParams, op.parameters]),
    );
    expect(renderOperations(movedModel)).toBe(renderOperations(model));
    expect(renderValidators(movedModel)).toEqual(renderValidators(model));
    expect(renderFixtures(movedModel)).toBe(renderFixtures(model));
  });

  it("lets an operation-level parameter override a path-level one of the same name", () => {
    const [op] = withPathParameters;
    if (!op) throw new Error("the document needs an operation with a path parameter");
    const copy = structuredClone(live);
    const item = copy.paths[op.path];
    const name = op.pathParams[0];
    item.parameters = [{ name, in: "path", required: true, description: "Path level.", schema: { type: "integer" } }];
    const overridden = modelOf(copy).operations.find((o) => o.operationId === op.operationId);
    expect(overridden?.parameters.filter((p) => p.name === name)).toEqual(op.parameters.filter((p) => p.name === name));
  });

  it("refuses a path template whose parameters are not declared", () => {
    const [op] = withPathParameters;
    if (!op) throw new Error("the document needs an operation with a path parameter");
    const copy = structuredClone(live);
    copy.paths[`${op.path}/{other}`] = copy.paths[op.path];
    delete copy.paths[op.path];
    expect(() => modelOf(copy)).toThrow(/do not match/);
  });
});
