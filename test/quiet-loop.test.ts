// The spec-editing loop tells a problem once, briefly, and where it is: `generate` names a
// broken document's file and line without a stack; Redocly's banners are gone and its advice to
// hide lint problems in an ignore file is replaced; a 2xx answer with a body needs an example;
// a hand edit of a generated file is reported before turbo could overwrite it.
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, run, type Scratch, scratchCopy } from "./support/scratch.js";

const generate = `${repoRoot}scripts/generate.mjs`;
const redocly = `${repoRoot}scripts/redocly.mjs`;
const checkGenerated = `${repoRoot}scripts/check-generated.mjs`;
const scratches: Scratch[] = [];
afterAll(() => {
  for (const s of scratches) s.remove();
});

function documentCopy(change?: (yaml: string) => string): Scratch {
  const scratch = scratchCopy(["openapi", "redocly.yaml"]);
  scratches.push(scratch);
  if (change) {
    scratch.edit("openapi/user-api.yaml", (text) => {
      const changed = change(text);
      expect(changed, "the test's edit must change the document").not.toBe(text);
      return changed;
    });
  }
  return scratch;
}

const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split("\n").length;

describe("npm run generate on a broken document", () => {
  it.concurrent("a $ref to nothing: file:line:column and the message, in two lines, no stack", async () => {
    const s = documentCopy((y) =>
      y.replace("$ref: '#/components/schemas/UserResp'", "$ref: '#/components/schemas/UserRsp'"),
    );
    const result = await run(process.execPath, [generate, "--root", s.dir], repoRoot);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines.length, result.stderr).toBeLessThanOrEqual(2);
    const line = lineOf(s.read("openapi/user-api.yaml"), "#/components/schemas/UserRsp");
    expect(lines[0]).toMatch(new RegExp(`^generate: openapi/user-api\\.yaml:${line}:\\d+: Can't resolve \\$ref`));
    expect(result.stderr).not.toMatch(/\n\s+at |Buffer|node:internal/);
  });

  it.concurrent("a YAML error: file:line:column and the parser's message, in one line", async () => {
    const s = documentCopy((y) =>
      y.replace("      operationId: listUsers\n", "      operationId: listUsers\n     bad: [\n"),
    );
    const result = await run(process.execPath, [generate, "--root", s.dir], repoRoot);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^generate: openapi\/user-api\.yaml:\d+:\d+: .+ \(YAML\)$/);
  });

  it.concurrent("a document lint passes but the model refuses (two 2xx answers): file:line:column, no stack", async () => {
    const s = documentCopy((y) =>
      y.replace(
        /(operationId: getUser\n[\s\S]*?responses:\n)/,
        "$1        '204':\n          description: Nothing to show.\n",
      ),
    );
    const lint = await run(process.execPath, [redocly, "lint", "openapi/user-api.yaml"], s.dir);
    expect(lint.code, lint.stdout).toBe(0);
    const result = await run(process.execPath, [generate, "--root", s.dir], repoRoot);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines, result.stderr).toHaveLength(1);
    const text = s.read("openapi/user-api.yaml");
    const line = text.slice(0, text.indexOf("'204':\n          description: Nothing to show.")).split("\n").length - 1;
    expect(lines[0]).toBe(
      `generate: openapi/user-api.yaml:${line}:7: getUser: expected exactly one 2xx response, found 200, 204`,
    );
  });

  it.concurrent("an operationId used twice: where the second one is", async () => {
    const s = documentCopy((y) => y.replace("operationId: listUserGroups", "operationId: listUsers"));
    const result = await run(process.execPath, [generate, "--root", s.dir], repoRoot);
    expect(result.code).toBe(1);
    const line = lineOf(s.read("openapi/user-api.yaml"), "operationId: listUsers\n      tags: [User, Group]");
    expect(result.stderr.trim()).toBe(`generate: openapi/user-api.yaml:${line}:7: listUsers: operationId used twice`);
  });
});

describe("Redocly, as the repository runs it", () => {
  it.concurrent("lint passes the document with no banner", async () => {
    const result = await run(process.execPath, [redocly, "lint", "openapi/user-api.yaml"], repoRoot);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout + result.stderr).not.toMatch(/[╔║╚]|Node\.js 20 support/);
  });

  it.concurrent("a 2xx response with content and no example fails lint, with the repository's hint", async () => {
    const s = documentCopy((y) => {
      const start = y.indexOf("              examples:\n                groups:");
      const end = y.indexOf("        '401':", start);
      return y.slice(0, start) + y.slice(end);
    });
    const result = await run(process.execPath, [redocly, "lint", "openapi/user-api.yaml"], s.dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("rule/success-response-example");
    expect(result.stdout).toContain("#/paths/~1user~1group/get/responses/200/content/application~1json");
    expect(result.stdout).toContain("keeps no ignore file");
    expect(result.stdout).not.toContain("--generate-ignore-file");
    expect(result.stdout).not.toMatch(/[╔║╚]/);
  });
});

describe("check-generated", () => {
  it.concurrent("reports a generated file edited by hand, and not one that is merely stale", async () => {
    // generate also wants a docs sample for every operation.
    const s = scratchCopy(["openapi", "redocly.yaml", "packages/docs/examples"]);
    scratches.push(s);
    const generated = await run(process.execPath, [generate, "--root", s.dir], repoRoot);
    expect(generated.code, generated.stderr).toBe(0);
    expect((await run(process.execPath, [checkGenerated, "--root", s.dir], repoRoot)).code).toBe(0);

    // Stale: the document changed and nothing was regenerated yet — turbo will regenerate it.
    s.edit("openapi/user-api.yaml", (y) => y.replace("description: The group's name.", "description: The name."));
    expect((await run(process.execPath, [checkGenerated, "--root", s.dir], repoRoot)).code).toBe(0);

    s.edit("packages/client/src/generated/operations.ts", (t) => t.replace("auth: true", "auth: false"));
    const edited = await run(process.execPath, [checkGenerated, "--root", s.dir], repoRoot);
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain(
      "Generated files were edited by hand:\n  packages/client/src/generated/operations.ts\n",
    );
  });
});
