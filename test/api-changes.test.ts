// The "API changes" section `npm run version` writes: a change inside a named schema is listed
// with every operation that uses the schema (redocly reports it under the first operation only),
// prose of `info` and `servers` is left out, and the first release says so.
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { apiChangesSection } from "../scripts/api-changelog.mjs";
import { diffDocuments } from "../scripts/api-diff.mjs";
import { schemasOf } from "../scripts/codegen/report.mjs";
import { liveDocument, modelOf } from "./support/document.js";
import { repoRoot } from "./support/scratch.js";

const live = liveDocument();
const model = modelOf(live);
// The named schema used by the most operations, and one of its properties.
const usersOf = (name: string) =>
  model.operations.filter((op) => schemasOf(model, op).has(name)).map((op) => op.operationId);
const schema = Object.keys(model.schemas).sort((a, b) => usersOf(b).length - usersOf(a).length)[0] ?? "";
const users = usersOf(schema);
const property = Object.keys((model.schemas[schema] as { properties?: object } | undefined)?.properties ?? {})[0] ?? "";

function changed(change: (d: ReturnType<typeof liveDocument>) => void) {
  const head = liveDocument();
  change(head);
  return diffDocuments(repoRoot, stringify(live), stringify(head));
}

describe("the API changes of a release", () => {
  it("lists a schema's change with every operation that uses the schema", () => {
    expect(users.length).toBeGreaterThan(1);
    const changes = changed((d) => {
      d.components.schemas[schema].properties[property].description = "Reworded, and a title added.";
      d.components.schemas[schema].properties[property].title = "A title";
    });
    expect(changes.length).toBeGreaterThan(0);
    for (const c of changes) {
      expect(c.schema).toBe(schema);
      expect(c.usedBy).toEqual(users);
    }
    const section = apiChangesSection(changes, "1.0.0");
    expect(section).toContain(`(in \`${schema}\`, so in ${users.map((id) => `\`${id}\``).join(", ")})`);
  });

  it("leaves out rewording of info and servers, and says so when nothing else changed", () => {
    const changes = changed((d) => {
      d.info.description = `${d.info.description} Reworded.`;
      d.servers[0].description = "Reworded.";
    });
    expect(changes.length).toBeGreaterThan(0);
    expect(apiChangesSection(changes, "1.0.0")).toContain("None: the OpenAPI document's operations and schemas");
  });

  it("says 'The first release.' for the first release only", () => {
    expect(apiChangesSection([], "0.0.0", { firstRelease: true })).toMatch(/^### API changes\n\nThe first release\.\n/);
    expect(apiChangesSection([], "1.0.0")).not.toContain("first release");
  });
});
