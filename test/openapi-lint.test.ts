// The document passes the strict lint, and the lint is not toothless: broken copies fail it.
import { afterAll, describe, expect, it } from "vitest";
import { bin, run, type Scratch, scratchCopy } from "./support/scratch.js";

const scratches: Scratch[] = [];
afterAll(() => {
  for (const s of scratches) s.remove();
});

function lintCopy(change: (yaml: string) => string) {
  const scratch = scratchCopy(["openapi", "redocly.yaml"]);
  scratches.push(scratch);
  scratch.edit("openapi/user-api.yaml", (text) => {
    const changed = change(text);
    expect(changed, "the test's edit must change the document").not.toBe(text);
    return changed;
  });
  return run(bin("redocly"), ["lint", "openapi/user-api.yaml", "--format=stylish"], scratch.dir);
}

describe("redocly lint", () => {
  it("passes the document with no error and no warning", async () => {
    const scratch = scratchCopy(["openapi", "redocly.yaml"]);
    scratches.push(scratch);
    const result = await run(
      bin("redocly"),
      ["lint", "openapi/user-api.yaml", "--format=stylish", "--max-problems=1000"],
      scratch.dir,
    );
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout + result.stderr).toContain("Your API description is valid");
    expect(result.stdout + result.stderr).not.toMatch(/\d+ warnings?/);
  });

  const breakages: [string, (yaml: string) => string, RegExp][] = [
    [
      "a property without a description",
      (y) => y.replace("          description: The job's id.\n", ""),
      /rule\/schema-description/,
    ],
    [
      "an example that does not match its schema",
      (y) => y.replace("job_id: 9e8d7c6b-5a49-4382-b716-0f1e2d3c4b5a", "job_id: 12"),
      /no-invalid-media-type-examples/,
    ],
    [
      "an operation without an operationId",
      (y) => y.replace("      operationId: listUserGroups\n", ""),
      /operation-operationId/,
    ],
    [
      "a $ref to a schema that does not exist",
      (y) => y.replace("$ref: '#/components/schemas/JobResp'", "$ref: '#/components/schemas/JobResponse'"),
      /no-unresolved-refs/,
    ],
    [
      "an operation without a description",
      (y) => y.replace("      description: Retrieve the list of all user groups that can be given to users.\n", ""),
      /operation-description/,
    ],
  ];
  for (const [what, change, rule] of breakages) {
    it(`fails a copy with ${what}`, async () => {
      const result = await lintCopy(change);
      expect(result.code).not.toBe(0);
      expect(result.stdout + result.stderr).toMatch(rule);
    });
  }
});
