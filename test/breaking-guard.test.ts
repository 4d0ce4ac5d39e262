// How the change guard rates changes of the document, on scratch copies outside git (so the
// released copy is the base and every pending changeset counts; test/change-guard.test.ts
// covers the git bases): each kind of breaking change fails without a major changeset and
// passes with one; an additive change passes with a minor.
//
// The baseline is read from the checkout, not assumed: each scratch copy takes the working
// document as released — with whatever the checkout already changes in it, and covers with its
// pending changesets — so the guard rates the test's change alone, and the test's own changeset
// is the only one counted. A checkout carrying a breaking change and its major changeset (or a
// release just cut, or none yet) passes these tests as they are.
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, run, type Scratch, scratchCopy } from "./support/scratch.js";

const guard = `${repoRoot}scripts/check-changes.mjs`;
const scratches: Scratch[] = [];
afterAll(() => {
  for (const s of scratches) s.remove();
});

type Bump = "major" | "minor" | "patch";

/** A copy of the repository's document (as released), config and packages, with the given change and one changeset. */
async function guardWith(change: (yaml: string) => string, bump: Bump | undefined) {
  const scratch = scratchCopy([
    "openapi",
    "redocly.yaml",
    ".changeset/config.json",
    ...["client", "docs", "mock-server", "mcp-server"].map((p) => `packages/${p}/package.json`),
  ]);
  scratches.push(scratch);
  scratch.write("openapi/released/user-api.yaml", scratch.read("openapi/user-api.yaml"));
  scratch.edit("openapi/user-api.yaml", (text) => {
    const changed = change(text);
    expect(changed, "the test's edit must change the document").not.toBe(text);
    return changed;
  });
  if (bump) scratch.write(".changeset/change.md", `---\n"@quatrix/user-api-client": ${bump}\n---\n\nThe change.\n`);
  return run(process.execPath, [guard, "--root", scratch.dir], repoRoot);
}

const breaking: [string, (yaml: string) => string, RegExp][] = [
  [
    "removing a response property",
    (y) => y.replace(/ {8}storage_used:\n {10}type: integer\n {10}format: int64\n {10}description: The bytes.*\n/, ""),
    /storage_used/,
  ],
  [
    "adding a required request property",
    (y) =>
      y.replace(
        "      description: The users to delete.\n      required: [ids]\n      additionalProperties: false\n      properties:\n",
        "      description: The users to delete.\n      required: [ids, reason]\n      additionalProperties: false\n      properties:\n        reason:\n          type: string\n          description: Why.\n",
      ),
    /reason/,
  ],
  [
    "removing an operation",
    (y) => y.replace(/ {2}\/user\/group:\n[\s\S]*?(?=\n {2}\/user\/metadata)/, ""),
    /user\/group/,
  ],
  [
    "narrowing an enum",
    (y) =>
      y.replace(
        "enum: [2FA, PIN]\n          description: The MFA kind to turn off.",
        "enum: [2FA]\n          description: The MFA kind to turn off.",
      ),
    /auth_type/,
  ],
  [
    "changing a property's type",
    (y) =>
      y.replace(
        "        job_id:\n          type: string\n          format: uuid\n",
        "        job_id:\n          type: integer\n          format: int64\n",
      ),
    /job_id/,
  ],
];

describe("check:changes rates the document's changes", () => {
  it("passes the repository as it is", async () => {
    const result = await run(process.execPath, [guard], repoRoot);
    expect(result.code, result.stderr).toBe(0);
  });

  describe.concurrent.each(breaking)("%s", (_what, change, named) => {
    it("fails without a major changeset, naming the change", async () => {
      const result = await guardWith(change, "minor");
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("Breaking changes to the API need a major changeset");
      expect(result.stderr).toMatch(named);
    });
    it("passes with a major changeset", async () => {
      const result = await guardWith(change, "major");
      expect(result.code, result.stderr).toBe(0);
    });
  });

  const addOptional = (y: string) =>
    y.replace(
      "        job_id:\n          type: string\n          format: uuid\n          description: The job's id.\n",
      "        job_id:\n          type: string\n          format: uuid\n          description: The job's id.\n        queued:\n          type: boolean\n          description: Whether the job waits for another.\n",
    );

  it.concurrent("an added optional property passes with a minor changeset", async () => {
    const result = await guardWith(addOptional, "minor");
    expect(result.code, result.stderr).toBe(0);
  });

  it.concurrent("an added optional property without any changeset fails: users see it", async () => {
    const result = await guardWith(addOptional, undefined);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("needs a minor changeset");
  });
});
