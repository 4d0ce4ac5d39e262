// A new mock rule is a change like any other. In a scratch copy of the workspace, a new operation
// (a second listing of the schema an existing GET lists, under a new path) gets its sample and
// its changeset; `generate` says the mock answers it from the document's example. Then the
// contributor writes a rule for it in packages/mock-server/src/rules.ts: `generate` asks for a
// test of the rule, and once a test of the mock names the operation it asks no more. The mock
// type-checks with the rule (typed by the document), the new test and the mock's tests over
// every operation pass, and the change guard is satisfied — no existing test edited.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editDocument, liveDocument, modelOf, operationObject } from "./support/document.js";
import { bin, type RunResult, run, type Scratch } from "./support/scratch.js";
import { scratchWorkspace } from "./support/workspace.js";

const RULES = "packages/mock-server/src/rules.ts";
const model = modelOf(liveDocument());
/** A GET without parameters whose answer is a list (listUserGroups): the template of the new one. */
const template = model.operations.find(
  (op) => op.method === "GET" && op.parameters.length === 0 && op.success.schema?.type === "array",
);
if (template === undefined) throw new Error("the document needs a GET without parameters answering a list");
const NEW_ID = `${template.operationId}Again`;
const NEW_PATH = `${template.path}/again`;
const TEST_FILE = `packages/mock-server/test/${NEW_ID}.test.ts`;
const noRule = `${NEW_ID}: no mock rule in ${RULES}`;
const noTest = `${NEW_ID}: its mock rule has no test`;

let scratch: Scratch;
const seconds: Record<string, number> = {};
const reports: Record<"before the rule" | "rule, no test" | "rule and test", RunResult> = {} as never;

async function step(name: string, command: string, args: string[], cwd = "."): Promise<RunResult> {
  const started = performance.now();
  const result = await run(command, args, path.join(scratch.dir, cwd), { CI: "true" });
  seconds[name] = Math.round((performance.now() - started) / 100) / 10;
  return result;
}

async function mustPass(name: string, command: string, args: string[], cwd = "."): Promise<RunResult> {
  const result = await step(name, command, args, cwd);
  expect(result.code, `${name}:\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
}

beforeAll(async () => {
  scratch = scratchWorkspace();
  editDocument(scratch, (d) => {
    const copy = structuredClone(operationObject(d, template));
    copy.operationId = NEW_ID;
    copy.summary = `${copy.summary} (again)`;
    d.paths[NEW_PATH] = { get: copy };
  });
  const sample = scratch.read(`packages/docs/examples/${template.operationId}.ts`);
  expect(sample).toContain(`client.${template.operationId}(`);
  scratch.write(
    `packages/docs/examples/${NEW_ID}.ts`,
    sample.replaceAll(`client.${template.operationId}(`, `client.${NEW_ID}(`),
  );
  scratch.write(
    ".changeset/listing-again.md",
    `---\n"@quatrix/user-api-client": minor\n"@quatrix/user-api-docs": minor\n"@quatrix/user-api-mock": minor\n---\n\nNew: \`${NEW_ID}\`, with a mock rule.\n`,
  );
  reports["before the rule"] = await mustPass("generate", process.execPath, ["scripts/generate.mjs"]);

  // The rule: the first entry only, so that its answer is not the document's example.
  scratch.edit(RULES, (text) => {
    const rule = `  ${NEW_ID}: (state) => ({ status: 200, body: ${template.operationId}Body(state).slice(0, 1) }),\n\n`;
    return text.replace(/^export const rules: Rules = \{\n/m, (start) => `${start}${rule}`);
  });
  // What the existing rule answers, as a function the new one reuses (the rule's own words).
  scratch.edit(RULES, (text) => {
    const existing = text.match(
      new RegExp(`^ {2}${template.operationId}: \\(state\\) => \\(\\{ status: 200, body: (.+) \\}\\),$`, "m"),
    );
    expect(existing, `the rule of ${template.operationId} is one line`).not.toBeNull();
    return `${text}\nconst ${template.operationId}Body = (state: AccountState) => ${existing?.[1]};\n`;
  });
  reports["rule, no test"] = await mustPass("generate (rule, no test)", process.execPath, ["scripts/generate.mjs"]);

  scratch.write(
    TEST_FILE,
    `// ${NEW_ID}: the rule answers the first entry only.
import { expect, it } from "vitest";
import { startMockServer } from "../src/index.js";

it("${NEW_ID} answers the first entry of ${template.operationId}", async () => {
  const mock = await startMockServer({ apiKey: "k" });
  try {
    const get = (route: string) => fetch(\`\${mock.baseUrl}\${route}\`, { headers: { "x-auth-token": "k" } });
    const all = (await (await get("${template.path}")).json()) as unknown[];
    const answer = await get("${NEW_PATH}");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("x-quatrix-mock-source")).toBeNull();
    expect(await answer.json()).toEqual(all.slice(0, 1));
  } finally {
    await mock.close();
  }
});
`,
  );
  reports["rule and test"] = await mustPass("generate (rule and test)", process.execPath, ["scripts/generate.mjs"]);
  await mustPass("change guard", process.execPath, ["scripts/check-changes.mjs"]);
  await mustPass("build client", bin("tsup"), [], "packages/client");
}, 600_000);

afterAll(() => {
  console.log(`scratch steps (s): ${JSON.stringify(seconds)}`);
  scratch?.remove();
});

describe("a new mock rule in a scratch copy", () => {
  it("generate names the missing rule, then the rule's missing test, then neither", () => {
    expect(reports["before the rule"].stdout).toContain(noRule);
    expect(reports["rule, no test"].stdout).not.toContain(noRule);
    expect(reports["rule, no test"].stdout).toContain(noTest);
    expect(reports["rule and test"].stdout).not.toContain(noRule);
    expect(reports["rule and test"].stdout).not.toContain(noTest);
  });

  it("the mock type-checks with the rule, and its tests pass, the new one included", async () => {
    await mustPass("typecheck mock", bin("tsc"), ["--noEmit", "-p", "packages/mock-server"]);
    await mustPass(
      "mock: the new test, document answers, behaviour",
      bin("vitest"),
      ["run", `test/${NEW_ID}.test.ts`, "test/document-answer.test.ts", "test/behaviour.test.ts"],
      "packages/mock-server",
    );
  }, 300_000);
});
