// The SDK reference is generated from the client's types: it has every operation method, every
// option with its default, every error class and every error code of the document.
import { describe, expect, it } from "vitest";
import { sdkReference } from "../scripts/sdk-reference.mjs";
import { builtDocument, operations } from "./support/document.js";

const reference: string = sdkReference();
const guide = () => builtDocument().tags.find((t: { name: string }) => t.name === "SDK reference")?.description;

describe("the SDK reference", () => {
  it("is the guide the build put in the navigation", () => {
    expect(guide()).toBe(reference);
  });

  it("has every operation method, with its parameters, result and errors", () => {
    for (const op of operations()) {
      const section = reference.split(`### ${op.operationId}\n`)[1]?.split("\n### ")[0] ?? "";
      expect(section, op.operationId).toContain("```ts");
      expect(section, op.operationId).toContain("Result:");
      expect(section, op.operationId).toContain("Throws:");
    }
  });

  it("has a named type per schema of the document, and shows types by their names", () => {
    const types = reference.split("\n## Types\n")[1]?.split("\n## ")[0] ?? "";
    for (const name of Object.keys(builtDocument().components.schemas)) expect(types).toContain(`\n### ${name}\n`);
    // A nested schema is its name, never an expanded literal or components["schemas"][…].
    expect(types).toContain("| `groups?` | <code>Group[]</code> |");
    expect(reference).not.toContain('components["schemas"]');
    expect(reference).toContain("listUsers(options?: RequestOptions): QuatrixPromise<UserResp[]>");
  });

  it("has every option with a default", () => {
    const rows = reference
      .split("## Client options")[1]
      ?.split("\n## ")[0]
      ?.split("\n")
      .filter((l) => l.startsWith("| `"));
    expect(rows?.length).toBeGreaterThan(10);
    for (const row of rows ?? []) expect(row.split(" | ")[2], row).not.toBe("—");
    expect(reference).toContain("| `timeoutMs` | <code>number</code> | 60 000 |");
  });

  it("has every error class and every error code of the document", () => {
    const errorModel = builtDocument().components.schemas.ErrorModel as {
      properties: { code: { "x-quatrix-error-codes": Record<string, string> } };
    };
    for (const [code, description] of Object.entries(errorModel.properties.code["x-quatrix-error-codes"])) {
      expect(reference).toMatch(new RegExp(`\\| ${code} \\| ${description}\\. \\|`));
    }
    for (const name of ["QuatrixError", "QuatrixApiError", "QuatrixNotFoundError", "QuatrixValidationError"]) {
      expect(reference).toContain(`| \`${name}\` |`);
    }
  });
});
