// `npm run generate`'s report of what the operations still lack tells the truth every time:
// it reads samples, mock rules and changesets, which turbo's cached codegen task does not hash,
// so it runs after turbo, never from the cache; and it matches changesets to operations by
// whole names.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missingParts } from "../scripts/codegen/report.mjs";
import { liveDocument, modelOf } from "./support/document.js";
import { run, scratchCopy } from "./support/scratch.js";
import { changeset, type ScratchRepo, scratchRepo } from "./support/scratch-repo.js";

const scratches: { dispose(): void }[] = [];
afterAll(() => {
  for (const s of scratches) s.dispose();
});

describe("npm run generate, run again after a change turbo does not hash", () => {
  let repo: ScratchRepo;
  const generate = () => run("npm", ["run", "--silent", "generate"], repo.dir);
  beforeAll(() => {
    repo = scratchRepo({ dependencies: true });
    scratches.push(repo);
  });

  it("fails on a deleted sample every time, and forgets it once the sample is back", { timeout: 240_000 }, async () => {
    const [op] = modelOf(liveDocument()).operations;
    if (op === undefined) throw new Error("the document has no operation");
    const sample = `packages/docs/examples/${op.operationId}.ts`;
    const text = repo.read(sample);

    expect((await generate()).code).toBe(0);
    repo.remove(sample);
    for (const attempt of [1, 2]) {
      const result = await generate();
      expect(result.code, `attempt ${attempt}`).toBe(1);
      expect(result.stderr).toContain(sample);
    }
    repo.write(sample, text);
    const back = await generate();
    expect(back.code).toBe(0);
    expect(back.stderr).not.toContain(sample);
  });

  it("sees a mock rule added after the last run", { timeout: 240_000 }, async () => {
    const rules = "packages/mock-server/src/rules.ts";
    const id = modelOf(liveDocument()).operations.find((op) =>
      new RegExp(`^\\s*${op.operationId}\\s*[:(]`, "m").test(repo.read(rules)),
    )?.operationId;
    if (id === undefined) throw new Error("no operation has a mock rule");
    const text = repo.read(rules);
    const notice = `${id}: no mock rule`;

    repo.edit(rules, (t) => t.replace(new RegExp(`^(\\s*)${id}(\\s*[:(])`, "m"), `$1${id}Renamed$2`));
    expect((await generate()).stdout).toContain(notice);
    repo.write(rules, text); // the rule is added (back)
    expect((await generate()).stdout).not.toContain(notice);
  });
});

describe("the report matches changesets to operations by whole names", () => {
  // A new operation in a parsed copy of the document: a copy of an operation under a new id.
  const document = liveDocument();
  const [template] = modelOf(document).operations;
  if (template === undefined) throw new Error("the document has no operation");
  const id = `${template.operationId}Audit`;
  const copy = structuredClone(document.paths[template.path][template.method.toLowerCase()]);
  copy.operationId = id;
  document.paths[`${template.path}/audit-copy`] = { [template.method.toLowerCase()]: copy };
  const model = modelOf(document);
  const notice = `${id}: new since the last release`;

  const noticesWith = (summary: string) => {
    const scratch = scratchCopy([
      "openapi",
      ".changeset/config.json",
      "packages/docs/examples",
      "packages/mock-server/src/rules.ts",
    ]);
    scratches.push({ dispose: scratch.remove });
    scratch.write(".changeset/only.md", changeset({ "@quatrix/user-api-client": "minor" }, summary));
    return missingParts(scratch.dir, model).notices.join("\n");
  };

  it("a changeset about a schema the new operation uses does not announce it", () => {
    const schemas = Object.keys(model.schemas);
    expect(noticesWith(`Changed ${schemas.join(", ")}.`)).toContain(notice);
  });

  it("a longer name that starts with the operation's does not announce it", () => {
    expect(noticesWith(`New: ${id}Log.`)).toContain(notice);
  });

  it("a changeset that names the operation announces it", () => {
    expect(noticesWith(`New: \`${id}\` lists the audit.`)).not.toContain(notice);
  });
});

describe("the report asks for a test of each mock rule", () => {
  it("names an operation with a rule that no test of the mock names", () => {
    const scratch = scratchCopy(["openapi", "packages/docs/examples", "packages/mock-server/src/rules.ts"]);
    scratches.push({ dispose: scratch.remove });
    const model = modelOf(liveDocument());
    const withRule = model.operations
      .map((op) => op.operationId)
      .filter((id) => new RegExp(`^\\s*${id}\\s*[:(]`, "m").test(scratch.read("packages/mock-server/src/rules.ts")));
    const [untested, ...tested] = withRule;
    if (untested === undefined) throw new Error("no operation has a mock rule");
    mkdirSync(path.join(scratch.dir, "packages/mock-server/test"), { recursive: true });
    scratch.write("packages/mock-server/test/rules.test.ts", `// ${tested.join(", ")}, and ${untested}Later\n`);
    const notices = missingParts(scratch.dir, model).notices;
    expect(notices).toContain(`${untested}: its mock rule has no test; no file of packages/mock-server/test/ names it`);
    for (const id of tested) expect(notices.join("\n")).not.toContain(`${id}: its mock rule has no test`);
  });
});
