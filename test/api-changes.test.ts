// The "API changes" section `npm run version` writes: a change inside a named schema is listed
// with every operation that uses the schema (redocly reports it under the first operation only),
// prose of `info` and `servers` is left out, and the first release says so; the section is
// written once into the client's entry of the version, and the other packages' entries get a
// line pointing there — each once however often `npm run version` writes them.
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import {
  addPointerToVersionEntry,
  addToVersionEntry,
  apiChangesPointer,
  apiChangesSection,
  headingAnchor,
} from "../scripts/api-changelog.mjs";
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
    // No "compared with 0.0.0": before the first release there is only the draft.
    expect(apiChangesSection([], "0.0.0", { firstRelease: true })).not.toContain("0.0.0");
    const added = { kind: "added", where: "GET /user", what: "a new operation", impact: "minor" };
    const first = apiChangesSection([added], "0.0.0", { firstRelease: true });
    expect(first).toContain("The OpenAPI document compared with the draft it started from:");
    expect(first).not.toContain("0.0.0");
    expect(apiChangesSection([], "1.0.0")).not.toContain("first release");
  });
});

describe("where the section is written", () => {
  const changelog =
    "# @quatrix/user-api-mock\n\n## 1.1.0\n\n### Minor Changes\n\n- A change.\n\n## 1.0.0\n\n- Before.\n";
  const section = apiChangesSection([], "1.0.0");

  it("adds the section at the end of the version's entry, once however often it is written", () => {
    const once = addToVersionEntry(changelog, "1.1.0", section);
    expect(once).toBe(
      "# @quatrix/user-api-mock\n\n## 1.1.0\n\n### Minor Changes\n\n- A change.\n\n" +
        `${section}\n## 1.0.0\n\n- Before.\n`,
    );
    expect(addToVersionEntry(once, "1.1.0", section)).toBe(once);
    // A section written again with other words replaces the first.
    const other = apiChangesSection([], "0.9.0");
    const replaced = addToVersionEntry(once, "1.1.0", other);
    expect(replaced.split("### API changes").length - 1).toBe(1);
    expect(replaced).toContain(other);
    expect(() => addToVersionEntry(changelog, "2.0.0", section)).toThrow('no "## 2.0.0" entry');
  });

  it("puts the pointer first in the entry, before its sections, once", () => {
    const line = apiChangesPointer("1.1.0", "../client/CHANGELOG.md");
    expect(line).toContain("`@quatrix/user-api-client`");
    expect(line).toContain("(../client/CHANGELOG.md#110)");
    const once = addPointerToVersionEntry(changelog, "1.1.0", line);
    expect(once).toBe(changelog.replace("## 1.1.0\n\n", `## 1.1.0\n\n${line}\n\n`));
    expect(addPointerToVersionEntry(once, "1.1.0", line)).toBe(once);
    // An entry with nothing but its heading (a package the release changed nothing in).
    expect(addPointerToVersionEntry("# x\n\n## 1.1.0\n\n## 1.0.0\n", "1.1.0", line)).toBe(
      `# x\n\n## 1.1.0\n\n${line}\n\n## 1.0.0\n`,
    );
  });

  it("links to the heading's anchor as GitHub and the registry's page write it", () => {
    expect(headingAnchor("1.2.0")).toBe("120");
    expect(headingAnchor("2.0.0-next.3")).toBe("200-next3");
  });
});
