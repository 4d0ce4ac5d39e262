// The mock reads query, header and cookie parameters as the document declares them: each style
// and explode, each schema type. The document has none today, so these operations are made
// here, as the model describes a parameter (test/query-parameters.test.ts adds some to a scratch
// document and calls the mock over HTTP). What the client writes, the mock reads back as it was
// given, for any value (a property test over the client's own encoder).
import {
  encodeParameters,
  type JsonSchema,
  type OperationModel,
  type OperationSpec,
  type ParameterModel,
  type ParameterStyle,
} from "@quatrix/user-api-client/internal";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readParameters } from "../src/parameters.js";

function parameter(
  name: string,
  where: ParameterModel["in"],
  schema: JsonSchema,
  style: ParameterStyle = where === "header" ? "simple" : "form",
  explode = style === "form",
): ParameterModel {
  return { name, in: where, required: false, schema, style, explode };
}

const operation = (...parameters: ParameterModel[]) => ({ parameters }) as unknown as OperationModel;

const strings = { type: "array", items: { type: "string" } };
const integers = { type: "array", items: { type: "integer" } };

describe("reading parameters", () => {
  it("form query parameters: exploded lists repeat the name, others join with commas; objects; types", () => {
    const op = operation(
      parameter("tags", "query", strings),
      parameter("ids", "query", integers, "form", false),
      parameter("filter", "query", {
        type: "object",
        additionalProperties: false,
        properties: { role: { type: "string" }, active: { type: "boolean" } },
      }),
      parameter("limit", "query", { type: "integer" }),
      parameter("q", "query", { type: "string" }),
    );
    expect(readParameters(op, "?tags=a&tags=b%2Cc&ids=1,2&role=admin&active=true&limit=5&q=a+b%20c", {})).toEqual({
      query: { tags: ["a", "b,c"], ids: [1, 2], filter: { role: "admin", active: true }, limit: 5, q: "a+b c" },
      header: {},
      cookie: {},
    });
  });

  it("spaceDelimited and pipeDelimited lists, and an object not exploded", () => {
    const op = operation(
      parameter("s", "query", strings, "spaceDelimited", false),
      parameter("p", "query", integers, "pipeDelimited", false),
      parameter(
        "f",
        "query",
        { type: "object", properties: { a: { type: "integer" }, b: { type: "string" } } },
        "form",
        false,
      ),
    );
    expect(readParameters(op, "?s=a%20b&p=1%7C2|3&f=a,1,b,x%2Cy", {}).query).toEqual({
      s: ["a", "b"],
      p: [1, 2, 3],
      f: { a: 1, b: "x,y" },
    });
  });

  it("a value that is not its type stays text, for validation to name; absent ones are left out", () => {
    const op = operation(
      parameter("limit", "query", { type: "integer" }),
      parameter("on", "query", { type: "boolean" }),
      parameter("absent", "query", { type: "string" }),
      parameter("bad", "query", { type: "string" }),
    );
    expect(readParameters(op, "?limit=abc&on=yes&bad=%E0%A4%A", {}).query).toEqual({
      limit: "abc",
      on: "yes",
      bad: "%E0%A4%A",
    });
  });

  it("headers by their lower-case names, a list split at commas; cookies from the Cookie header", () => {
    const op = operation(
      parameter("X-Tag", "header", { type: "string" }),
      parameter("X-Ids", "header", integers),
      parameter("region", "cookie", { type: "string" }),
      parameter("seen", "cookie", strings, "form", false),
    );
    expect(
      readParameters(op, "", { "x-tag": "t 1", "x-ids": "1, 2", cookie: "other=1; region=eu%20west; seen=a,b%2Cc" }),
    ).toEqual({
      query: {},
      header: { "X-Tag": "t 1", "X-Ids": [1, 2] },
      cookie: { region: "eu west", seen: ["a", "b,c"] },
    });
  });
});

describe("hostile parameters", () => {
  it("a comma inside one header or cookie value is part of it; only a list is split", () => {
    const op = operation(
      parameter("X-Tag", "header", { type: "string" }),
      parameter("region", "cookie", { type: "string" }),
      parameter("seen", "cookie", strings, "form", false),
    );
    // A repeated header reaches the server joined by ", ": one value of a string parameter.
    expect(readParameters(op, "", { "x-tag": "a, b", cookie: "region=a,b; seen=x,y" })).toEqual({
      query: {},
      header: { "X-Tag": "a, b" },
      cookie: { region: "a,b", seen: ["x", "y"] },
    });
  });

  it("a one-value parameter given twice is both values, for validation to refuse as not one; a list given twice is all its values", () => {
    const op = operation(
      parameter("status", "query", { type: "string" }),
      parameter("limit", "query", { type: "integer" }),
      parameter("ids", "query", strings, "form", false),
      parameter("region", "cookie", { type: "string" }),
    );
    // Before, the query kept the last and the cookie the first, and no one could tell.
    expect(
      readParameters(op, "?status=A&status=D&limit=1&limit=2&ids=a,b&ids=c", { cookie: "region=eu; region=us" }),
    ).toEqual({
      query: { status: ["A", "D"], limit: [1, 2], ids: ["a", "b", "c"] },
      header: {},
      cookie: { region: ["eu", "us"] },
    });
  });

  it("a parameter that is not valid percent-encoding is named as such, its text kept; a header is no URL text", () => {
    const op = operation(
      parameter("q", "query", { type: "string" }),
      parameter("ok", "query", { type: "string" }),
      parameter("filter", "query", {
        type: "object",
        additionalProperties: false,
        properties: { role: { type: "string" } },
      }),
      parameter("region", "cookie", { type: "string" }),
      parameter("X-Tag", "header", { type: "string" }),
    );
    const problems: { path: string; message: string }[] = [];
    const read = readParameters(
      op,
      "?q=%zz&ok=%41&role=%ED%A0%80&other=%",
      { cookie: "region=%", "x-tag": "%zz" },
      problems,
    );
    expect(read.query).toEqual({ q: "%zz", ok: "A", filter: { role: "%ED%A0%80" } });
    expect(problems).toEqual([
      { path: "/query/q", message: "is not valid percent-encoding (RFC 3986)" },
      { path: "/query/filter", message: "is not valid percent-encoding (RFC 3986)" },
      { path: "/cookie/region", message: "is not valid percent-encoding (RFC 3986)" },
    ]);
  });

  it("a number JavaScript cannot hold exactly is named, not rounded into another", () => {
    const op = operation(
      parameter("limit", "query", { type: "integer" }),
      parameter("ids", "query", integers, "form", false),
      parameter("ok", "query", { type: "integer" }),
    );
    const problems: { path: string; message: string }[] = [];
    readParameters(op, "?limit=99999999999999999999&ids=1,9007199254740993&ok=9007199254740991", {}, problems);
    expect(problems).toEqual([
      { path: "/query/limit", message: "must be a number JavaScript can hold exactly (a safe integer)" },
      { path: "/query/ids/1", message: "must be a number JavaScript can hold exactly (a safe integer)" },
    ]);
  });

  it("an exploded object takes its own properties only: constructor, toString and __proto__ are none", () => {
    const filter = parameter("filter", "query", {
      type: "object",
      additionalProperties: false,
      properties: { role: { type: "string" } },
    });
    const read = readParameters(operation(filter), "?constructor=x&toString=y&__proto__=z&role=admin", {});
    expect(read.query).toEqual({ filter: { role: "admin" } });
    expect(Object.keys(read.query?.filter as object)).toEqual(["role"]);
  });

  it("a __proto__ name in an object not exploded is an own property, for validation to name, not a prototype", () => {
    const f = parameter("f", "query", { type: "object", properties: { a: { type: "string" } } }, "form", false);
    const read = readParameters(operation(f), "?f=__proto__,x,a,1", {}).query?.f as Record<string, unknown>;
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(Object.keys(read)).toEqual(["__proto__", "a"]);
    expect(Object.getOwnPropertyDescriptor(read, "__proto__")?.value).toBe("x");
    expect(({} as Record<string, unknown>).a).toBeUndefined();
  });
});

describe("the mock reads back what the client writes", () => {
  // Any text but a lone surrogate (the client refuses those); a delimiter inside a
  // spaceDelimited or pipeDelimited item cannot be told apart from one between items (OpenAPI
  // has no escape for it), nor can a comma or edge space inside a header list item.
  const text = fc.string({ unit: "grapheme", maxLength: 12 });
  const word = fc.stringMatching(/^[A-Za-z0-9_.~-]{1,8}$/);
  const cases: [ParameterModel, fc.Arbitrary<unknown>][] = [
    [parameter("q", "query", { type: "string" }), text],
    [parameter("n", "query", { type: "integer" }), fc.integer()],
    [parameter("b", "query", { type: "boolean" }), fc.boolean()],
    [parameter("tags", "query", strings), fc.array(text, { minLength: 1, maxLength: 4 })],
    [parameter("ids", "query", strings, "form", false), fc.array(text, { minLength: 1, maxLength: 4 })],
    [parameter("s", "query", strings, "spaceDelimited", false), fc.array(word, { minLength: 1, maxLength: 4 })],
    [parameter("p", "query", integers, "pipeDelimited", false), fc.array(fc.integer(), { minLength: 1, maxLength: 4 })],
    [
      parameter("f", "query", { type: "object", properties: { a: { type: "string" }, n: { type: "integer" } } }),
      fc.record({ a: text, n: fc.integer() }),
    ],
    [
      parameter("g", "query", { type: "object", properties: { a: { type: "string" } } }, "form", false),
      fc.record({ a: text }),
    ],
    [parameter("X-Word", "header", { type: "string" }), word],
    // Any printable ASCII, commas too, without edge spaces (a header value's edges are trimmed).
    [parameter("X-Text", "header", { type: "string" }), fc.stringMatching(/^[!-~]([ -~]{0,10}[!-~])?$/)],
    [parameter("X-Ids", "header", integers), fc.array(fc.integer(), { minLength: 1, maxLength: 4 })],
    [parameter("c", "cookie", { type: "string" }), text],
    [parameter("cs", "cookie", strings, "form", false), fc.array(text, { minLength: 1, maxLength: 4 })],
  ];

  it.each(cases)("$in parameter $name ($style, explode $explode)", (p, values) => {
    const spec = {
      operationId: "listUsers",
      parameters: [{ name: p.name, in: p.in, style: p.style, explode: p.explode }],
    } as unknown as OperationSpec;
    fc.assert(
      fc.property(values, (value) => {
        const place = p.in as "query" | "header" | "cookie";
        const written = encodeParameters(spec, { [place]: { [p.name]: value } }, {}, "http://x/api/1.0/user");
        const search = new URL(written.url).search;
        expect(readParameters(operation(p), search, written.headers)[place]).toEqual({ [p.name]: value });
      }),
      { numRuns: 200 },
    );
  });
});
