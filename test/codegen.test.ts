// The generated files are what the document generates now, and the check notices when not.
import { afterAll, describe, expect, it } from "vitest";
import { editDocument } from "./support/document.js";
import { repoRoot, run, type Scratch, scratchCopy } from "./support/scratch.js";

const generate = `${repoRoot}scripts/generate.mjs`;
const scratches: Scratch[] = [];
afterAll(() => {
  for (const s of scratches) s.remove();
});

describe("generated files", () => {
  it("match the document in this checkout", async () => {
    const result = await run(process.execPath, [generate, "--check"], repoRoot);
    expect(result.code, result.stderr).toBe(0);
  });

  it("are reported stale after the document changes", async () => {
    const scratch = scratchCopy([
      "openapi",
      "redocly.yaml",
      "packages/client/src/generated",
      "packages/client/test/generated",
      "packages/mock-server/generated",
      "packages/docs/generated",
      "packages/mcp-server/generated",
      "packages/docs/examples",
    ]);
    scratches.push(scratch);
    expect((await run(process.execPath, [generate, "--check", "--root", scratch.dir], repoRoot)).code).toBe(0);
    editDocument(scratch, (d) => {
      const [schema] = Object.values(d.components.schemas) as { description: string }[];
      if (schema) schema.description += " Edited.";
    });
    const stale = await run(process.execPath, [generate, "--check", "--root", scratch.dir], repoRoot);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("packages/client/src/generated/schema.ts");
    expect((await run(process.execPath, [generate, "--root", scratch.dir], repoRoot)).code).toBe(0);
    expect((await run(process.execPath, [generate, "--check", "--root", scratch.dir], repoRoot)).code).toBe(0);
  });

  it("are reported when edited by hand", async () => {
    const scratch = scratchCopy([
      "openapi",
      "redocly.yaml",
      "packages/client/src/generated",
      "packages/client/test/generated",
      "packages/mock-server/generated",
      "packages/docs/generated",
      "packages/mcp-server/generated",
    ]);
    scratches.push(scratch);
    scratch.edit("packages/client/src/generated/operations.ts", (t) => t.replace("auth: true", "auth: false"));
    const result = await run(process.execPath, [generate, "--check", "--root", scratch.dir], repoRoot);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("operations.ts");
  });
});
