// A legitimate rename, with its major changeset, breaks only what is about the renamed property.
// In a scratch copy of the workspace, JobResp.job_id becomes JobResp.id (schema, required list,
// examples), recorded as a correction of the vendor's description in
// `info.x-reference-corrections` as CONTRIBUTING says: the lint, generate and the
// breaking-change guard pass; the repository tests that build broken or changed documents, the
// vendor-coverage test, and the client's tests over every operation, stay green;
// and what is about the property — the mock's typed deleteUsers rule — fails to compile, naming
// it, and nothing else of the mock does. Once the contributor's own code follows the rename (the
// rule, and the docs sample that reads the job's id), the mock type-checks and its tests pass,
// and the samples type-check: green with no test edited.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editDocument, follow, modelOf, operationObject } from "./support/document.js";
import { bin, type RunResult, run, type Scratch } from "./support/scratch.js";
import { scratchWorkspace } from "./support/workspace.js";

const SCHEMA = "JobResp";
const FROM = "job_id";
const TO = "id";

let scratch: Scratch;
const seconds: Record<string, number> = {};

async function step(name: string, command: string, args: string[], cwd = "."): Promise<RunResult> {
  const started = performance.now();
  const result = await run(command, args, path.join(scratch.dir, cwd), { CI: "true" });
  seconds[name] = Math.round((performance.now() - started) / 100) / 10;
  return result;
}

async function mustPass(name: string, command: string, args: string[], cwd = "."): Promise<void> {
  const result = await step(name, command, args, cwd);
  expect(result.code, `${name}:\n${result.stdout}\n${result.stderr}`).toBe(0);
}

beforeAll(() => {
  scratch = scratchWorkspace();
  editDocument(scratch, (d) => {
    const schema = d.components.schemas[SCHEMA];
    schema.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, value]) => [name === FROM ? TO : name, value]),
    );
    schema.required = (schema.required as string[]).map((name) => (name === FROM ? TO : name));
    // JobResp.job_id is the vendor's name: the rename is a correction of its description.
    d.info["x-reference-corrections"].push({ id: "job-resp-id", renamed: { [`${SCHEMA}.${FROM}`]: TO } });
    // Every example of an answer with this schema, wherever the document writes it.
    for (const op of modelOf(d).operations) {
      if (op.success.schema?.$ref !== `#/components/schemas/${SCHEMA}`) continue;
      const response = follow(d, operationObject(d, op).responses[op.success.status]);
      for (const example of Object.values(response.content["application/json"].examples ?? {})) {
        const value = follow(d, example).value;
        value[TO] = value[FROM];
        delete value[FROM];
      }
    }
  });
  scratch.write(
    ".changeset/job-id-renamed.md",
    `---\n"@quatrix/user-api-client": major\n---\n\n\`${SCHEMA}.${FROM}\` is now \`${SCHEMA}.${TO}\`.\n`,
  );
});

afterAll(() => {
  console.log(`scratch steps (s): ${JSON.stringify(seconds)}`);
  scratch?.remove();
});

describe(`renaming ${SCHEMA}.${FROM} in a scratch copy, with a major changeset`, () => {
  it("passes the lint, generate and the change guard", async () => {
    await mustPass("lint", bin("redocly"), ["lint", "openapi/user-api.yaml"]);
    await mustPass("generate", process.execPath, ["scripts/generate.mjs"]);
    await mustPass("change guard", process.execPath, ["scripts/check-changes.mjs"]);
    await mustPass("build client", bin("tsup"), [], "packages/client");
  }, 300_000);

  it("leaves the tests that change documents, and the client's per-operation tests, green", async () => {
    await mustPass("repository tests", bin("vitest"), [
      "run",
      "test/openapi-lint.test.ts",
      "test/model.test.ts",
      "test/reference-coverage.test.ts",
    ]);
    await mustPass(
      "client: operations test",
      bin("vitest"),
      ["run", "--typecheck.enabled=false", "test/operations.test.ts"],
      "packages/client",
    );
  }, 300_000);

  it("fails only the mock's code about the property: its typed rule", async () => {
    const result = await step("typecheck mock", bin("tsc"), ["--noEmit", "-p", "packages/mock-server"]);
    expect(result.code).not.toBe(0);
    const errors = result.stdout.split("\n").filter((line) => /error TS/.test(line));
    expect(errors.length).toBeGreaterThan(0);
    // Only code about the property: the rule that writes it (the mock's tests do not name it).
    for (const line of errors) expect(line).toContain(FROM);
    expect(errors.some((line) => line.startsWith("packages/mock-server/src/rules.ts"))).toBe(true);
  }, 300_000);

  it("is green once the code about the property follows it: the mock's rule and the docs sample", async () => {
    const samples = await step("typecheck samples (before)", bin("tsc"), ["--noEmit", "-p", "packages/docs/examples"]);
    expect(samples.code).not.toBe(0);
    for (const line of samples.stdout.split("\n").filter((l) => /error TS/.test(l))) expect(line).toContain(FROM);
    // The contributor's edits: code, not tests.
    scratch.edit("packages/mock-server/src/rules.ts", (text) => text.replaceAll(`${FROM}:`, `${TO}:`));
    for (const file of ["packages/docs/examples/deleteUsers.ts"]) {
      scratch.edit(file, (text) => text.replaceAll(`{ ${FROM} }`, `{ ${TO}: ${FROM} }`));
    }
    await mustPass("typecheck mock (after)", bin("tsc"), ["--noEmit", "-p", "packages/mock-server"]);
    await mustPass("typecheck samples (after)", bin("tsc"), ["--noEmit", "-p", "packages/docs/examples"]);
    await mustPass(
      "mock: document answers, behaviour",
      bin("vitest"),
      ["run", "test/document-answer.test.ts", "test/behaviour.test.ts"],
      "packages/mock-server",
    );
  }, 300_000);
});
