// The document covers the vendor's description of the User API (test/fixtures, Swagger 2.0):
// every path and method, status, schema, property, enum, format and required field carries
// over — with the corrections the document lists in `info.x-reference-corrections`, read from
// there: a format rewrite applies only while its id is listed, and a property the document
// renames (an entry `{ id, renamed: { "Schema.vendor_name": newName } }`) is looked for under
// its new name. A contributor records a correction there, never in this test.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "./support/scratch.js";

type Schema = Record<string, unknown> & {
  type?: string;
  format?: string;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  $ref?: string;
  contentEncoding?: string;
  description?: string;
};

const vendor = parse(readFileSync(`${repoRoot}test/fixtures/vendor-user-api.swagger2.yaml`, "utf8"));
const ours = JSON.parse(readFileSync(`${repoRoot}packages/mock-server/generated/user-api.json`, "utf8"));
const schemas: Record<string, Schema> = ours.components.schemas;

type Correction = string | { id: string; renamed?: Record<string, string> };
const corrections: Correction[] = ours.info["x-reference-corrections"] ?? [];
const corrected = new Set(corrections.map((c) => (typeof c === "string" ? c : c.id)));
/** "Schema.vendor_name" → the name the document gives that property. */
const renamed = new Map(corrections.flatMap((c) => (typeof c === "string" ? [] : Object.entries(c.renamed ?? {}))));

/** What a vendor property becomes in the document, by the corrections listed there. */
function expectCorrected(theirs: Schema, mine: Schema, where: string): void {
  expect(mine, where).toBeDefined();
  if (theirs.$ref) {
    expect(mine.$ref, where).toBe(theirs.$ref.replace("#/definitions/", "#/components/schemas/"));
    return; // the schema it names is checked, description included, on its own
  }
  expect(mine.description, `${where} has a description`).toBeTruthy();
  if (theirs.format === "integer" && corrected.has("number-format-integer-to-integer")) {
    expect(mine.type, `${where}: number/integer → integer`).toBe("integer");
  } else if (theirs.format === "timestamp" && corrected.has("timestamps-integer-unix-seconds")) {
    expect(mine.type, `${where}: number/${theirs.format} → integer`).toBe("integer");
  } else if (theirs.format === "base64" && corrected.has("base64-format-to-contentEncoding")) {
    expect(mine.type, where).toBe("string");
    expect(mine.contentEncoding, `${where}: format base64 → contentEncoding`).toBe("base64");
  } else {
    expect(mine.type, where).toBe(theirs.type);
    if (theirs.format) expect(mine.format, where).toBe(theirs.format);
  }
  if (theirs.enum) expect(mine.enum, where).toEqual(theirs.enum);
  if (theirs.items) expectCorrected(theirs.items, { description: "(items)", ...(mine.items as Schema) }, `${where}[]`);
}

describe("the document covers the vendor's description", () => {
  it("serves the same host and base path, with the same security scheme", () => {
    expect(ours.servers[0].url).toBe(`https://${vendor.host}${vendor.basePath}`);
    expect(ours.components.securitySchemes.api_key).toMatchObject(vendor.securityDefinitions.api_key);
    expect(ours.security).toEqual(vendor.security);
  });

  for (const [path, item] of Object.entries(vendor.paths as Record<string, Record<string, Schema>>)) {
    for (const [method, op] of Object.entries(item)) {
      it(`${method.toUpperCase()} ${path}`, () => {
        const mine = ours.paths[path]?.[method];
        expect(mine, "the operation exists").toBeDefined();
        expect(mine.description).toBeTruthy();
        for (const status of Object.keys(op.responses as object)) expect(Object.keys(mine.responses)).toContain(status);
        if (op.security) expect(mine.security).toEqual(op.security);
        const body = (op.parameters as Schema[] | undefined)?.find((p) => p.in === "body");
        if (body) {
          expect(mine.requestBody.content["application/json"].schema.$ref).toBe(
            (body.schema as Schema).$ref?.replace("#/definitions/", "#/components/schemas/"),
          );
        }
        for (const param of ((op.parameters as Schema[] | undefined) ?? []).filter((p) => p.in === "path")) {
          const declared = mine.parameters.map((p: Schema) =>
            p.$ref ? ours.components.parameters[String(p.$ref).split("/").pop() ?? ""] : p,
          );
          const match = declared.find((p: Schema) => p.name === param.name);
          expect(match, `path parameter ${param.name}`).toMatchObject({ in: "path", required: true });
          expect(match.schema).toMatchObject({ type: param.type, format: param.format });
        }
      });
    }
  }

  for (const [name, definition] of Object.entries(vendor.definitions as Record<string, Schema>)) {
    it(`schema ${name}`, () => {
      const mine = schemas[name];
      expect(mine, `${name} exists`).toBeDefined();
      expect(mine?.description).toBeTruthy();
      const nameOf = (property: string) => renamed.get(`${name}.${property}`) ?? property;
      for (const field of definition.required ?? [])
        expect(mine?.required, `${name}.required`).toContain(nameOf(field));
      for (const [property, theirs] of Object.entries(definition.properties ?? {})) {
        expectCorrected(theirs, mine?.properties?.[nameOf(property)] as Schema, `${name}.${property}`);
      }
    });
  }
});
