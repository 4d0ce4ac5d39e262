// The operation model keeps a query, header or cookie parameter with its style and explode
// (OpenAPI's defaults when the document leaves them out), and refuses, naming the parameter and
// the place in the document, one the SDK cannot carry end to end. On a parsed copy of the live
// document, the parameters added to its first GET without path parameters.
import { describe, expect, it } from "vitest";
import { DocumentError } from "../scripts/codegen/document-error.mjs";
import { renderOperations } from "../scripts/codegen/operations.mjs";
import { liveDocument, modelOf, type OpenApiDocument, operationObject } from "./support/document.js";

const live = liveDocument();
const listing = modelOf(live).operations.find((op) => op.method === "GET" && op.pathParams.length === 0);
const withPath = modelOf(live).operations.find((op) => op.pathParams.length > 0);
if (!listing || !withPath) throw new Error("the document needs a GET without path parameters and one with");

function modelWith(parameters: object[], op = listing as NonNullable<typeof listing>) {
  const document: OpenApiDocument = structuredClone(live);
  const target = operationObject(document, op);
  target.parameters = [...(target.parameters ?? []), ...parameters];
  return modelOf(document).operations.find((o) => o.operationId === op.operationId);
}

function refusal(parameters: object[], op = listing): DocumentError {
  try {
    modelWith(parameters, op);
  } catch (error) {
    if (error instanceof DocumentError) return error;
    throw error;
  }
  throw new Error("the model accepted it");
}

const string = { type: "string" };

describe("query, header and cookie parameters in the model", () => {
  it("OpenAPI's defaults: form and exploded for query and cookie, simple for a header", () => {
    const op = modelWith([
      { name: "status", in: "query", schema: string },
      { name: "ids", in: "query", style: "pipeDelimited", schema: { type: "array", items: string } },
      { name: "X-Tag", in: "header", required: true, schema: string },
      { name: "region", in: "cookie", schema: string },
    ]);
    expect(
      op?.parameters.map(({ name, in: where, required, style, explode }) => ({
        name,
        where,
        required,
        style,
        explode,
      })),
    ).toEqual([
      { name: "status", where: "query", required: false, style: "form", explode: true },
      { name: "ids", where: "query", required: false, style: "pipeDelimited", explode: false },
      { name: "X-Tag", where: "header", required: true, style: "simple", explode: false },
      { name: "region", where: "cookie", required: false, style: "form", explode: true },
    ]);
  });

  it.each<[string, object[], RegExp]>([
    [
      "a header the client sets (Authorization)",
      [{ name: "Authorization", in: "header", schema: string }],
      /header parameter "Authorization": the client sets this header itself/,
    ],
    [
      "the cookie header as a header parameter",
      [{ name: "cookie", in: "header", schema: string }],
      /the client sets this header itself/,
    ],
    [
      "a style that does not go there",
      [{ name: "q", in: "query", style: "matrix", schema: string }],
      /style "matrix" is not supported here/,
    ],
    [
      "a delimited style on a scalar",
      [{ name: "q", in: "query", style: "spaceDelimited", schema: string }],
      /style "spaceDelimited" applies to arrays only/,
    ],
    [
      "allowReserved",
      [{ name: "q", in: "query", allowReserved: true, schema: string }],
      /allowReserved is not supported/,
    ],
    [
      "a list of objects",
      [{ name: "q", in: "query", schema: { type: "array", items: { type: "object" } } }],
      /an array parameter's items must be/,
    ],
    [
      "an object in a header",
      [{ name: "X-F", in: "header", schema: { type: "object", additionalProperties: false, properties: {} } }],
      /an object parameter is supported only in the query/,
    ],
    [
      "an exploded list in a cookie",
      [{ name: "c", in: "cookie", schema: { type: "array", items: string } }],
      /an array cookie needs `explode: false`/,
    ],
    [
      "a name that is not a token",
      [{ name: "X Tag", in: "header", schema: string }],
      /a header's name must be a token/,
    ],
    [
      "two parameters of one name in different places",
      [
        { name: "status", in: "query", schema: string },
        { name: "Status", in: "header", schema: string },
      ],
      /header parameter "Status" and query parameter "status" share the name "Status"/,
    ],
    [
      "an exploded object's property named as another parameter",
      [
        {
          name: "filter",
          in: "query",
          schema: { type: "object", additionalProperties: false, properties: { status: string } },
        },
        { name: "status", in: "query", schema: string },
      ],
      /share the name "status"/,
    ],
  ])("refuses %s, at its place in the document", (_, parameters, message) => {
    const error = refusal(parameters);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${listing.operationId}: `)).toBe(true);
    expect(error.pointer?.slice(0, 3)).toEqual(["paths", listing.path, listing.method.toLowerCase()]);
  });

  it("refuses a query parameter named as a path parameter", () => {
    const [name] = withPath.pathParams;
    expect(refusal([{ name, in: "query", schema: string }], withPath).message).toMatch(
      new RegExp(`share the name "${name}"`),
    );
  });
});

describe("the operation table's parameter entries", () => {
  it("give each parameter the shape its schema says, for the encoder to insist on without validation", () => {
    const document: OpenApiDocument = structuredClone(live);
    operationObject(document, listing as NonNullable<typeof listing>).parameters = [
      { name: "q", in: "query", schema: string },
      { name: "tags", in: "query", style: "form", explode: true, schema: { type: "array", items: string } },
      {
        name: "range",
        in: "query",
        schema: { type: "object", additionalProperties: false, properties: { from: string } },
      },
      { name: "X-Tag", in: "header", schema: { type: "integer" } },
    ];
    const table = renderOperations(modelOf(document));
    const entry = table.slice(table.indexOf(`  ${listing?.operationId}: {`));
    const specs = JSON.parse(/parameters: (\[.*\]),/.exec(entry)?.[1] ?? "[]") as { name: string; shape: string }[];
    expect(specs.map(({ name, shape }) => [name, shape])).toEqual([
      ["q", "value"],
      ["tags", "list"],
      ["range", "object"],
      ["X-Tag", "value"],
    ]);
  });
});
