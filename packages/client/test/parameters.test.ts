// Query, header and cookie parameters as the operation methods send them, seen as raw bytes by a
// loopback server: each style and explode of the document written as OpenAPI says, every
// reserved character percent-encoded (RFC 3986: a space is %20, a plus %2B), undefined values
// left out, and a value that cannot be written refused before anything is sent. The document
// has no such parameter today, so the call goes through the client's core with the listUsers
// entry of the operation table given parameters and their encoder — the entry codegen writes
// for an operation that has them (test/query-parameters.test.ts adds them to a scratch document end to end).
import { describe, expect, it } from "vitest";
import { createOperationCall } from "../src/core.js";
import { QuatrixValidationError } from "../src/errors.js";
import { operationTable } from "../src/generated/operations.js";
import type { OperationSpec, ParameterSpec, ParameterValues } from "../src/operation.js";
import { resolveOptions } from "../src/options.js";
import { encodeParameters } from "../src/parameters.js";
import { API_KEY, guardSecrets, rejection } from "./support/secrets.js";
import { useTestServer } from "./support/test-server.js";
import { transportUnderTest } from "./support/transport.js";

guardSecrets();

const server = useTestServer(() => ({ kind: "json", status: 200, body: [] }));

const base = operationTable.listUsers;
const param = (name: string, where: ParameterSpec["in"], style: ParameterSpec["style"], explode: boolean) => ({
  name,
  in: where,
  style,
  explode,
});

/** Sends listUsers with these parameters declared; resolves to the raw request the server saw. */
async function send(parameters: ParameterSpec[], values: ParameterValues, clientHeaders?: Record<string, string>) {
  const spec: OperationSpec = { ...base, parameters, encode: encodeParameters };
  const call = createOperationCall(
    resolveOptions({
      ...transportUnderTest(),
      baseUrl: `${server.url}/api/1.0`,
      apiKey: API_KEY,
      maxRetries: 0,
      ...(clientHeaders ? { headers: clientHeaders } : {}),
    }),
  );
  await call({ spec, options: values });
  const [sent] = server.requests;
  if (!sent) throw new Error("nothing was sent");
  return sent;
}

const query = (url: string) => url.slice(url.indexOf("?") + 1);

describe("query parameters, by style and explode", () => {
  it("form, exploded (the default): a list repeats the name; an object is its properties", async () => {
    const sent = await send([param("tags", "query", "form", true), param("filter", "query", "form", true)], {
      query: { tags: ["a", "b"], filter: { role: "admin", active: true } },
    });
    expect(query(sent.url)).toBe("tags=a&tags=b&role=admin&active=true");
  });

  it("form, not exploded: the values joined by commas, a comma inside a value encoded", async () => {
    const sent = await send([param("ids", "query", "form", false), param("filter", "query", "form", false)], {
      query: { ids: ["a,b", "c"], filter: { role: "admin", n: 2 } },
    });
    expect(query(sent.url)).toBe("ids=a%2Cb,c&filter=role,admin,n,2");
  });

  it("spaceDelimited and pipeDelimited: %20 and %7C between the values", async () => {
    const sent = await send(
      [param("s", "query", "spaceDelimited", false), param("p", "query", "pipeDelimited", false)],
      { query: { s: ["a", "b"], p: [1, 2, 3] } },
    );
    expect(query(sent.url)).toBe("s=a%20b&p=1%7C2%7C3");
  });

  it("RFC 3986 encoding: space as %20, + & = # / ? and non-ASCII percent-encoded, in names too", async () => {
    const sent = await send([param("q", "query", "form", true), param("a b", "query", "form", true)], {
      query: { q: "x y+z&w=v#f/g?h é", "a b": "1" },
    });
    expect(query(sent.url)).toBe("q=x%20y%2Bz%26w%3Dv%23f%2Fg%3Fh%20%C3%A9&a%20b=1");
    expect(new URL(sent.url, "http://x").searchParams.get("q")).toBe("x y+z&w=v#f/g?h é");
  });

  it("undefined values and absent places are left out; numbers and booleans are written as text", async () => {
    const sent = await send(
      [param("a", "query", "form", true), param("b", "query", "form", true), param("c", "query", "form", true)],
      { query: { a: undefined, b: 0, c: false } },
    );
    expect(query(sent.url)).toBe("b=0&c=false");
    server.reset();
    const none = await send([param("a", "query", "form", true)], {});
    expect(none.url).toBe("/api/1.0/user");
  });
});

describe("header and cookie parameters", () => {
  it("a header parameter is sent by its lower-case name, a list joined by commas; the key is still sent", async () => {
    const sent = await send([param("X-Trace", "header", "simple", false), param("X-Tags", "header", "simple", false)], {
      header: { "X-Trace": "t-1", "X-Tags": ["a", "b"] },
    });
    expect(sent.headers["x-trace"]).toBe("t-1");
    expect(sent.headers["x-tags"]).toBe("a,b");
    expect(sent.headers["x-auth-token"]).toBe(API_KEY);
  });

  it("cookie parameters make one Cookie header, values percent-encoded, after the client's own cookie", async () => {
    const sent = await send(
      [param("region", "cookie", "form", true), param("ids", "cookie", "form", false)],
      { cookie: { region: "eu west;x", ids: [1, 2] } },
      { cookie: "a=1" },
    );
    expect(sent.headers.cookie).toBe("a=1; region=eu%20west%3Bx; ids=1,2");
  });

  it("a cookie parameter replaces a cookie of its name in the client's Cookie header, never sent beside it", async () => {
    const sent = await send(
      [param("region", "cookie", "form", true)],
      { cookie: { region: "eu" } },
      { cookie: "region=us; sid=1; regional=x" },
    );
    expect(sent.headers.cookie).toBe("sid=1; regional=x; region=eu");
  });
});

describe("values that cannot be written are refused before sending, naming them", () => {
  it.each<[string, ParameterSpec[], ParameterValues, { path: string; message: string }]>([
    [
      "a lone surrogate",
      [param("q", "query", "form", true)],
      { query: { q: "\ud800" } },
      { path: "/query/q", message: "must be well-formed Unicode (it has a lone surrogate)" },
    ],
    [
      "an object inside a list",
      [param("tags", "query", "form", true)],
      { query: { tags: ["a", { b: 1 }] } },
      { path: "/query/tags/1", message: "must be a string, a finite number or a boolean" },
    ],
    [
      "NaN",
      [param("n", "query", "form", true)],
      { query: { n: Number.NaN } },
      { path: "/query/n", message: "must be a string, a finite number or a boolean" },
    ],
    [
      "a place that is not an object",
      [param("q", "query", "form", true)],
      { query: "q=1" as never },
      { path: "/query", message: "must be an object of parameters" },
    ],
    [
      "a header value with CR LF",
      [param("X-Trace", "header", "simple", false)],
      { header: { "X-Trace": "a\r\nx-auth-token: stolen" } },
      { path: "/header/X-Trace", message: expect.stringContaining("must not contain CR or LF") },
    ],
  ])("%s", async (_, parameters, values, issue) => {
    const error = await rejection(send(parameters, values));
    expect(error).toBeInstanceOf(QuatrixValidationError);
    expect((error as QuatrixValidationError).issues).toEqual([issue]);
    expect(server.requests).toHaveLength(0);
  });

  it.each<[string, ParameterSpec[], ParameterValues, { path: string; message: string }[]]>([
    [
      "a Date (Object.entries sees nothing of it: it would be left out)",
      [param("since", "query", "form", true)],
      { query: { since: new Date(0) } },
      [{ path: "/query/since", message: "must be a string, a finite number or a boolean" }],
    ],
    [
      "a Map as a cookie",
      [param("region", "cookie", "form", true)],
      { cookie: { region: new Map([["a", "1"]]) } },
      [{ path: "/cookie/region", message: "must be a string, a finite number or a boolean" }],
    ],
    [
      "a name that is no parameter of its place, and one of a place the operation has none of",
      [param("q", "query", "form", true)],
      { query: { q: "a", qq: "b", "a/b": "c" }, cookie: { admin: "1" } },
      [
        { path: "/query/qq", message: "is not a field of this request" },
        { path: "/query/a~1b", message: "is not a field of this request" },
        { path: "/cookie/admin", message: "is not a field of this request" },
      ],
    ],
    [
      "a place that is not an object, named once however many parameters it has",
      [param("a", "query", "form", true), param("b", "query", "form", true), param("c", "query", "form", true)],
      { query: "a=1" as never },
      [{ path: "/query", message: "must be an object of parameters" }],
    ],
    [
      "an object for a list parameter (its properties would be written as query names of their own)",
      [{ ...param("tags", "query", "form", true), shape: "list" }],
      { query: { tags: { admin: "1" } } },
      [{ path: "/query/tags", message: "must be a list" }],
    ],
    [
      "a list for a one-value parameter, a text for an object parameter",
      [
        { ...param("q", "cookie", "form", true), shape: "value" },
        { ...param("range", "query", "form", true), shape: "object" },
      ],
      { cookie: { q: ["a", "b"] }, query: { range: "from=1" } },
      [
        { path: "/cookie/q", message: "must be a string, a finite number or a boolean" },
        { path: "/query/range", message: "must be an object" },
      ],
    ],
    [
      "a sparse list (its hole would make the encoder throw a TypeError, or be written as an empty item)",
      [param("tags", "query", "form", true), param("ids", "query", "form", false)],
      // biome-ignore lint/suspicious/noSparseArray: the hole is the point
      { query: { tags: [, "a"], ids: ["b", , "c"] } },
      [
        { path: "/query/tags/0", message: "must be a string, a finite number or a boolean" },
        { path: "/query/ids/1", message: "must be a string, a finite number or a boolean" },
      ],
    ],
    [
      "a place that is a list",
      [param("a", "query", "form", true)],
      { query: ["a"] as never },
      [{ path: "/query", message: "must be an object of parameters" }],
    ],
  ])("%s", async (_, parameters, values, issues) => {
    const error = await rejection(send(parameters, values));
    expect(error).toBeInstanceOf(QuatrixValidationError);
    expect((error as QuatrixValidationError).issues).toEqual(issues);
    expect(server.requests).toHaveLength(0);
  });

  it("a list of 300,000 items is written, not misreported as a lone surrogate (no argument-spread overflow)", () => {
    const spec: OperationSpec = {
      ...base,
      parameters: [param("tags", "query", "form", true)],
      encode: encodeParameters,
    };
    const tags = Array.from({ length: 300_000 }, (_, i) => `t${i}`);
    const { url } = encodeParameters(spec, { query: { tags } }, {}, "/user");
    expect(url.startsWith("/user?tags=t0&tags=t1&")).toBe(true);
    expect(url.endsWith("&tags=t299999")).toBe(true);
  });

  it("an error names the URL without its query: parameter values stay out of messages and logs", async () => {
    server.fallback = () => ({ kind: "json", status: 404, body: { code: 20, msg: "User not found" } });
    const error = await rejection(send([param("q", "query", "form", true)], { query: { q: "private-value" } }));
    expect(server.requests[0]?.url).toBe("/api/1.0/user?q=private-value");
    expect(error.message).not.toContain("private-value");
    expect(error.message).toContain("/api/1.0/user");
  });
});
