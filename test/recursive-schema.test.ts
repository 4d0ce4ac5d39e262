// A recursive schema is a change like any other: in a scratch copy of the workspace, the
// document's `Group` gains `children: Group[]` (optional) and a minor changeset, as a
// contributor would write them. The loop passes — lint, generate, the change guard, the client's
// and the mock's builds — and then, over real HTTP: the mock's groups nest children to a bounded
// depth (optional properties are filled in three levels down, no further), the client, validating
// every answer against the generated validators, gets them as the mock sent them, a user created
// in a group reads back the same, and the validators find a bad grandchild by its path. The
// client's and the mock's tests over every operation stay green.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schemasOf } from "../scripts/codegen/report.mjs";
import { editDocument, liveDocument, modelOf } from "./support/document.js";
import { bin, type RunResult, run, type Scratch } from "./support/scratch.js";
import { scratchWorkspace } from "./support/workspace.js";

/** The issue's example: groups nest groups. */
const SCHEMA = "Group";
const PROPERTY = "children";
const API_KEY = "k";

let scratch: Scratch;
const seconds: Record<string, number> = {};
const model = modelOf(liveDocument());
/** The GET operations without parameters whose answers carry the schema (listUsers, …): from the model. */
const carrying = model.operations.filter(
  (op) => op.method === "GET" && op.pathParams.length === 0 && schemasOf(model, op).has(SCHEMA),
);
/** The one that lists the schema itself (listUserGroups). */
const listing = carrying.find(
  (op) =>
    (op.success.schema as { items?: { $ref?: string } } | undefined)?.items?.$ref === `#/components/schemas/${SCHEMA}`,
);
if (listing === undefined) throw new Error(`no operation lists ${SCHEMA}`);
const LISTING = listing.operationId;

async function mustPass(name: string, command: string, args: string[], cwd = "."): Promise<RunResult> {
  const started = performance.now();
  const result = await run(command, args, path.join(scratch.dir, cwd), { CI: "true" });
  seconds[name] = Math.round((performance.now() - started) / 100) / 10;
  expect(result.code, `${name}:\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
}

/** How deep `property` nests in a value: 0 for a value without it. */
function nesting(value: unknown): number {
  if (Array.isArray(value)) return Math.max(0, ...value.map(nesting));
  if (value === null || typeof value !== "object") return 0;
  const own = (value as Record<string, unknown>)[PROPERTY];
  const below = Math.max(0, ...Object.values(value).map(nesting));
  return Array.isArray(own) && own.length > 0 ? Math.max(below, 1 + Math.max(0, ...own.map(nesting))) : below;
}

beforeAll(async () => {
  scratch = scratchWorkspace();
  editDocument(scratch, (d) => {
    // minItems: 1, so the values the mock builds nest (an empty list would bound them trivially).
    d.components.schemas[SCHEMA].properties[PROPERTY] = {
      type: "array",
      minItems: 1,
      description: "The groups inside this one; absent when there are none.",
      items: { $ref: `#/components/schemas/${SCHEMA}` },
    };
  });
  scratch.write(
    ".changeset/nested-groups.md",
    `---\n"@quatrix/user-api-client": minor\n---\n\nGroups nest: \`${SCHEMA}.${PROPERTY}\`.\n`,
  );
  await mustPass("lint", bin("redocly"), ["lint", "openapi/user-api.yaml"]);
  await mustPass("generate", process.execPath, ["scripts/generate.mjs"]);
  await mustPass("change guard", process.execPath, ["scripts/check-changes.mjs"]);
  await mustPass("build client", bin("tsup"), [], "packages/client");
  await mustPass("build mock", bin("tsup"), [], "packages/mock-server");
}, 600_000);

afterAll(() => {
  console.log(`scratch steps (s): ${JSON.stringify(seconds)}`);
  scratch?.remove();
});

describe(`a recursive schema (${SCHEMA}.${PROPERTY}: ${SCHEMA}[]) in a scratch copy`, () => {
  it("generates a type that refers to itself", () => {
    expect(carrying.length).toBeGreaterThan(0);
    const types = scratch.read("packages/client/src/generated/schema.ts");
    expect(types).toMatch(new RegExp(`${PROPERTY}\\?: ${SCHEMA}\\[\\];`));
  });

  it("round-trips through the mock and the validating client, bounded in depth", async () => {
    const dist = (pkg: string, entry = "index") =>
      pathToFileURL(path.join(scratch.dir, "packages", pkg, "dist", `${entry}.mjs`)).href;
    const { startMockServer } = await import(dist("mock-server"));
    const { createUserApiClient } = await import(dist("client"));
    const mock = await startMockServer({ apiKey: API_KEY });
    try {
      const client = createUserApiClient({ baseUrl: mock.baseUrl, apiKey: API_KEY, validateResponses: true });
      for (const op of carrying) {
        const raw = await fetch(`${mock.baseUrl}${op.path}`, { headers: { "x-auth-token": API_KEY } });
        expect(raw.status, op.operationId).toBe(200);
        const sent = await raw.json();
        // The mock fills the optional property in, a bounded number of levels down (in the
        // groups it lists at least; its users may be in none).
        const depth = nesting(sent);
        if (op === listing) expect(depth, op.operationId).toBeGreaterThan(1);
        expect(depth, op.operationId).toBeLessThanOrEqual(3);
        // The client validated it (validateResponses) and gives it as sent.
        expect(await client[op.operationId](), op.operationId).toEqual(sent);
      }

      // A user created in one of the groups reads back the same, nested groups included.
      const [group] = await client[LISTING]();
      expect(nesting(group)).toBeGreaterThan(0);
      const created = await client.createUser({ name: "Alan Turing", email: "alan@example.com", groups: [group.id] });
      expect(created.groups).toEqual([group]);
      expect(await client.getUser(created.id)).toEqual(created);
    } finally {
      await mock.close();
    }
  }, 120_000);

  it("validates every level: a bad grandchild is found by its path", async () => {
    const internal = pathToFileURL(path.join(scratch.dir, "packages/client/dist/internal.mjs")).href;
    const { responseIssues } = await import(internal);
    const good = { id: "5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c", name: "Outer" };
    expect(responseIssues(LISTING, [{ ...good, [PROPERTY]: [{ ...good, [PROPERTY]: [good] }] }])).toEqual([]);
    // The grandchild lacks its required name.
    const bad = [{ ...good, [PROPERTY]: [{ ...good, [PROPERTY]: [{ id: good.id }] }] }];
    const issues = responseIssues(LISTING, bad) as { path: string; message: string }[];
    expect(issues.map((i) => i.path).join("\n")).toContain(`/0/${PROPERTY}/0/${PROPERTY}/0`);
  });

  it("keeps the packages' tests over every operation green", async () => {
    await mustPass(
      "client: operations test",
      bin("vitest"),
      ["run", "--typecheck.enabled=false", "test/operations.test.ts"],
      "packages/client",
    );
    await mustPass(
      "mock: document answers",
      bin("vitest"),
      ["run", "test/document-answer.test.ts"],
      "packages/mock-server",
    );
  }, 600_000);
});
