// Query, header and cookie parameters end to end. In one scratch copy of the workspace the
// document's listUsers (picked from the model: the first GET without path parameters) gains an
// optional string-enum query parameter, a required integer one, an array one written without
// explode (`ids=a,b`), an optional header and an optional cookie; its mock rule reads the query.
// `generate` first names the sample that does not pass the required parameter; with the sample
// fixed, lint, generate and the builds pass, a consumer type-checks (and is refused without the
// required one), the scratch copy's client calls the scratch copy's mock over HTTP with the
// parameters serialised as the document says, a missing or bad one is refused by the client
// unsent and by the mock with a 400 naming it, the docs' curl sample shows the required one,
// the MCP tool takes and passes them, and the API diff rates the optional one minor and the
// required one major.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { diffDocuments } from "../scripts/api-diff.mjs";
import {
  DOCUMENT,
  editDocument,
  liveDocument,
  modelOf,
  type OpenApiDocument,
  operationObject,
} from "./support/document.js";
import { bin, type RunResult, repoRoot, run, type Scratch } from "./support/scratch.js";
import { scratchWorkspace } from "./support/workspace.js";

const live = liveDocument();
const listing = modelOf(live).operations.find((op) => op.method === "GET" && op.pathParams.length === 0);
if (!listing) throw new Error("the document needs a GET without path parameters");
const ID = listing.operationId;
const KEY = "scratch-key";
const HEADER = "X-Request-Tag";

/** The parameters added to the operation: the optional ones first, then the required one. */
const OPTIONAL = [
  {
    name: "status",
    in: "query",
    description: "Only the users of this status.",
    schema: { type: "string", enum: ["A", "D"], description: "A user status." },
  },
  {
    name: "ids",
    in: "query",
    style: "form",
    explode: false,
    description: "Only these users.",
    schema: {
      type: "array",
      items: { type: "string", format: "uuid", description: "A user id." },
      description: "User ids.",
    },
  },
  {
    name: HEADER,
    in: "header",
    description: "A tag the server logs.",
    schema: { type: "string", description: "A tag." },
  },
  {
    name: "region",
    in: "cookie",
    description: "The caller's region.",
    schema: { type: "string", description: "A region." },
  },
];
const REQUIRED = {
  name: "limit",
  in: "query",
  required: true,
  description: "The most users to list.",
  schema: { type: "integer", minimum: 1, description: "A count." },
  example: 50,
};

function addParameters(document: OpenApiDocument, parameters: object[]): void {
  const op = operationObject(document, listing as NonNullable<typeof listing>);
  op.parameters = [...(op.parameters ?? []), ...parameters];
}

let scratch: Scratch;
let firstGenerate: RunResult;
let generate: RunResult;
const seconds: Record<string, number> = {};

async function mustPass(name: string, command: string, args: string[], cwd = "."): Promise<RunResult> {
  const started = performance.now();
  const result = await run(command, args, path.join(scratch.dir, cwd), { CI: "true" });
  seconds[name] = Math.round((performance.now() - started) / 100) / 10;
  expect(result.code, `${name}:\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
}

const dist = (pkg: string) => pathToFileURL(path.join(scratch.dir, "packages", pkg, "dist", "index.mjs")).href;

beforeAll(async () => {
  scratch = scratchWorkspace();
  // The size check runs in the copy too.
  scratch.write("size-budget.json", readFileSync(path.join(repoRoot, "size-budget.json"), "utf8"));
  editDocument(scratch, (d) => addParameters(d, [...OPTIONAL, REQUIRED]));
  // The mock rule reads the query; the header and the cookie it leaves to validation.
  scratch.edit("packages/mock-server/src/rules.ts", (text) => {
    const rule = new RegExp(`^  ${ID}: .*$`, "m");
    if (!rule.test(text)) throw new Error(`no one-line ${ID} rule in rules.ts`);
    return text.replace(
      rule,
      `  ${ID}: (state, { query }) => {
    const users = [...state.users.values()]
      .map((r) => r.user)
      .filter((u) => query.status === undefined || u.status === query.status)
      .filter((u) => query.ids === undefined || query.ids.includes(u.id));
    return { status: 200, body: users.slice(0, query.limit) };
  },`,
    );
  });
  await mustPass("lint", bin("redocly"), ["lint", DOCUMENT]);
  firstGenerate = await run(process.execPath, ["scripts/generate.mjs"], scratch.dir);
  scratch.edit(`packages/docs/examples/${ID}.ts`, (text) =>
    text.replace(`client.${ID}()`, `client.${ID}({ query: { limit: 50 } })`),
  );
  generate = await mustPass("generate", process.execPath, ["scripts/generate.mjs"]);
  await mustPass("build client", bin("tsup"), [], "packages/client");
  // Each of these builds on the client's alone: side by side.
  await Promise.all([
    mustPass("build mock", bin("tsup"), [], "packages/mock-server"),
    mustPass("build docs", process.execPath, ["scripts/build.mjs"], "packages/docs"),
    mustPass("build mcp", bin("tsup"), [], "packages/mcp-server"),
  ]);
}, 600_000);

afterAll(() => {
  console.log(`scratch steps (s): ${JSON.stringify(seconds)}`);
  scratch?.remove();
});

describe("query, header and cookie parameters in a scratch copy", () => {
  it("generate names the sample that does not pass the required parameter, and the parameters no mock rule uses", () => {
    expect(firstGenerate.code).toBe(1);
    expect(firstGenerate.stderr).toContain(
      `${ID}: its docs sample, packages/docs/examples/${ID}.ts, does not pass the required query parameter "limit"`,
    );
    expect(generate.stderr).toBe("");
    expect(generate.stdout).toContain(`${ID}: no mock rule uses header parameter "${HEADER}"`);
    expect(generate.stdout).toContain(`${ID}: no mock rule uses cookie parameter "region"`);
    expect(generate.stdout).not.toContain(`no mock rule uses query parameter`);
  });

  it("the method's options take typed parameters; without the required one it does not compile", async () => {
    scratch.write(
      "packages/client/test/query-parameters.ts",
      `import { createUserApiClient } from "../src/index.js";

const client = createUserApiClient({ apiKey: "k" });
const maybeStatus: "A" | "D" | undefined = Math.random() > 0.5 ? "A" : undefined;

export async function typed(): Promise<number> {
  const all = await client.${ID}({ query: { limit: 10 } });
  const some = await client.${ID}({
    query: { limit: 10, status: maybeStatus, ids: ["5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c"] as const },
    header: { "${HEADER}": "t" },
    cookie: { region: "eu" },
    signal: AbortSignal.timeout(1000),
  });
  // @ts-expect-error the options are required now: limit is
  await client.${ID}();
  // @ts-expect-error limit is required
  await client.${ID}({ query: { status: "A" } });
  // @ts-expect-error not a status of the document
  await client.${ID}({ query: { limit: 1, status: "X" } });
  // @ts-expect-error limit is an integer, not a string
  await client.${ID}({ query: { limit: "1" } });
  const fetched = await client.GET("${listing.path}", { params: { query: { limit: 1, ids: ["a", "b"] } } });
  return all.length + some.length + (fetched.data?.length ?? 0);
}
`,
    );
    scratch.write(
      "packages/client/tsconfig.query-parameters.json",
      JSON.stringify({ extends: "./tsconfig.json", include: ["test/query-parameters.ts"] }),
    );
    await mustPass("typecheck consumer", bin("tsc"), [
      "--noEmit",
      "-p",
      "packages/client/tsconfig.query-parameters.json",
    ]);
  }, 120_000);

  it("over HTTP: the client sends them as the document says, the mock reads them, its rule uses them", async () => {
    const { startMockServer } = await import(dist("mock-server"));
    const { createUserApiClient, QuatrixValidationError } = await import(dist("client"));
    const mock = await startMockServer({ apiKey: KEY });
    try {
      const client = createUserApiClient({ baseUrl: mock.baseUrl, apiKey: KEY, maxRetries: 0 });
      const all = await client[ID]({ query: { limit: 100 } });
      expect(all.length).toBeGreaterThan(1);
      const [first, second] = all;
      mock.clearRequests();

      const listed = await client[ID]({
        query: { limit: 1, status: first.status, ids: [second.id, first.id] },
        header: { [HEADER]: "tag 1" },
        cookie: { region: "eu west" },
      });
      // The rule filtered by status and ids, then kept the first (account order) of them.
      expect(listed).toEqual([first]);
      const [sent] = mock.requests;
      // Form without explode: one `ids` with the values joined by a comma.
      expect(sent.query).toEqual({ limit: "1", status: first.status, ids: `${second.id},${first.id}` });
      expect(sent.headers[HEADER.toLowerCase()]).toBe("tag 1");
      expect(sent.headers.cookie).toBe("region=eu%20west");
      expect(sent.parameters).toEqual({
        query: { limit: 1, status: first.status, ids: [second.id, first.id] },
        header: { [HEADER]: "tag 1" },
        cookie: { region: "eu west" },
      });

      // The openapi-fetch surface writes them by the document's style too.
      mock.clearRequests();
      const { data } = await client.GET(listing.path, { params: { query: { limit: 1, ids: [first.id, second.id] } } });
      expect(data).toHaveLength(1);
      expect(mock.requests[0].query.ids).toBe(`${first.id},${second.id}`);

      // Refused by the client, naming the parameter, before anything is sent.
      mock.clearRequests();
      const missing = await client[ID]({}).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(QuatrixValidationError);
      expect(missing.issues).toEqual([{ path: "/query/limit", message: "is required" }]);
      const bad = await client[ID]({ query: { limit: 0, status: "X" } }).catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(QuatrixValidationError);
      expect(bad.message).toContain('/query/status must be one of "A", "D"');
      expect(bad.message).toContain("/query/limit must be at least 1");
      expect(mock.requests).toHaveLength(0);

      // Refused by the mock when sent raw, in the document's error shape, naming the parameter.
      const raw = async (search: string) => {
        const response = await fetch(`${mock.baseUrl}${listing.path}${search}`, { headers: { "x-auth-token": KEY } });
        return { status: response.status, body: await response.json() };
      };
      expect(await raw("")).toEqual({
        status: 400,
        body: {
          code: 11,
          msg: "Missing parameter",
          details: { issues: [{ path: "/query/limit", message: "is required" }] },
        },
      });
      const wrong = await raw("?limit=abc&status=X");
      expect(wrong.status).toBe(400);
      expect(wrong.body.details.issues).toEqual(
        expect.arrayContaining([
          { path: "/query/limit", message: "must be an integer" },
          { path: "/query/status", message: 'must be one of "A", "D"' },
        ]),
      );
      expect(mock.requests.map((r: { status: number }) => r.status)).toEqual([400, 400]);
    } finally {
      await mock.close();
    }
  }, 120_000);

  it("the docs show the required parameter: the curl sample with its example, the TypeScript sample passing it", () => {
    const built = JSON.parse(scratch.read("packages/docs/dist/openapi.json"));
    const samples: { lang: string; source: string }[] = built.paths[listing.path].get["x-codeSamples"];
    const curl = samples.find((s) => s.lang === "curl")?.source ?? "";
    expect(curl).toMatch(new RegExp(`${listing.path.replaceAll("/", "\\/")}\\?limit=50"`));
    expect(curl).not.toContain("status=");
    expect(samples.find((s) => s.lang === "TypeScript")?.source).toContain("{ query: { limit: 50 } }");
  });

  it("the MCP tool takes the parameters as arguments and passes them", async () => {
    const { createUserApiMcpServer } = await import(dist("mcp-server"));
    const { startMockServer } = await import(dist("mock-server"));
    const mock = await startMockServer({ apiKey: KEY });
    const server = createUserApiMcpServer({ clientOptions: { baseUrl: mock.baseUrl, apiKey: KEY }, tools: [ID] });
    const client = new Client({ name: "query-parameters-test", version: "1.0.0" });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    try {
      await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
      const [tool] = (await client.listTools()).tools;
      expect(Object.keys(tool?.inputSchema.properties ?? {})).toEqual(["status", "ids", HEADER, "region", "limit"]);
      expect(tool?.inputSchema.required).toEqual(["limit"]);
      const result = await client.callTool({ name: ID, arguments: { limit: 1, status: "A", [HEADER]: "mcp" } });
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      expect(mock.requests[0].parameters).toEqual({
        query: { limit: 1, status: "A" },
        header: { [HEADER]: "mcp" },
        cookie: {},
      });
      const refused = await client.callTool({ name: ID, arguments: { status: "A" } });
      expect(refused.isError).toBe(true);
      expect(JSON.stringify(refused.content)).toContain("limit: is required");
      expect(mock.requests).toHaveLength(1);
    } finally {
      await client.close();
      await mock.close();
    }
  }, 60_000);

  it("the bundles stay within the size budget with its allowance for parameters", async () => {
    const size = await mustPass("size", bin("vitest"), ["run", "test/size.test.ts", "-t", "bundle size"]);
    const operations = modelOf(live).operations.length;
    const parameters = OPTIONAL.length + 1;
    expect(size.stdout).toContain(`(${operations} operations, ${parameters} query, header or cookie parameters)`);
  }, 120_000);

  it("the API diff rates an optional parameter minor and a required one major", () => {
    const withRequired = parse(scratch.read(DOCUMENT));
    const base = liveDocument();
    const optional = structuredClone(base);
    addParameters(optional, OPTIONAL.slice(0, 1));
    const text = (d: OpenApiDocument) => JSON.stringify(d);
    const optionalDiff = diffDocuments(scratch.dir, text(base), text(optional));
    expect(optionalDiff.map((c) => c.impact)).not.toContain("major");
    expect(optionalDiff.map((c) => c.impact)).toContain("minor");
    const requiredDiff = diffDocuments(scratch.dir, text(base), text(withRequired));
    expect(requiredDiff.map((c) => c.impact)).toContain("major");
  }, 60_000);
});
