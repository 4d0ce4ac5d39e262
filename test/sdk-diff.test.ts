// `npm run diff` (and the "SDK changes" section of `npm run check:changes`): what a change of the
// document does to the client's methods and types, as a diff a reviewer reads — and nothing for
// an edit of prose.
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { sdkSurface, sdkSurfaceDiff } from "../scripts/sdk-surface.mjs";
import { liveDocument, modelOf, type OpenApiDocument, operationObject } from "./support/document.js";
import { repoRoot, run } from "./support/scratch.js";

const live = liveDocument();
const model = modelOf(live);
const [op] = model.operations;
const [schemaName, schema] = Object.entries(model.schemas).find(
  ([, s]) => (s as { properties?: object }).properties !== undefined,
) as [string, { properties: Record<string, unknown>; required?: string[] }];
const [property] = Object.keys(schema.properties);
if (!op || !property) throw new Error("the document needs an operation and a schema with properties");

function diffAfter(change: (d: OpenApiDocument) => void): string {
  const head = liveDocument();
  change(head);
  return sdkSurfaceDiff(stringify(live), stringify(head));
}

describe("the SDK surface of the document", () => {
  it("has a line per operation method and a declaration per schema, from the model", () => {
    const surface = sdkSurface(model).join("\n");
    for (const o of model.operations) expect(surface).toContain(`${o.operationId}(`);
    for (const name of Object.keys(model.schemas)) expect(surface).toMatch(new RegExp(`(interface|type) ${name}\\b`));
  });
});

describe("the diff of two documents' SDK surfaces", () => {
  it("shows a renamed property as removed and added, under its interface", () => {
    const diff = diffAfter((d) => {
      const s = d.components.schemas[schemaName];
      s.properties[`${property}_renamed`] = s.properties[property];
      delete s.properties[property];
      s.required = (s.required ?? []).map((r: string) => (r === property ? `${property}_renamed` : r));
    });
    // Under its interface: as the hunk's heading, or as a line of context.
    expect(diff).toMatch(new RegExp(`^(@@ | )interface ${schemaName} \\{`, "m"));
    expect(diff).toMatch(new RegExp(`^-  ${property}\\??: `, "m"));
    expect(diff).toMatch(new RegExp(`^\\+  ${property}_renamed\\??: `, "m"));
  });

  it("shows a new operation as a new method", () => {
    const diff = diffAfter((d) => {
      const copy = structuredClone(operationObject(d, op));
      copy.operationId = `${op.operationId}Again`;
      d.paths[`${op.path}/again`] = { [op.method.toLowerCase()]: copy };
    });
    expect(diff).toMatch(new RegExp(`^\\+${op.operationId}Again\\(`, "m"));
    expect(diff.split("\n").filter((l) => /^[-+][^-+]/.test(l))).toHaveLength(1);
  });

  it("is empty for prose: descriptions, summaries, examples, info and servers", () => {
    const diff = diffAfter((d) => {
      operationObject(d, op).description = "Reworded.";
      operationObject(d, op).summary = "Reworded";
      d.info.description = "Reworded.";
      d.servers[0].description = "Reworded.";
      (d.components.schemas[schemaName].properties[property] as { description: string }).description = "Reworded.";
    });
    expect(diff).toBe("");
  });

  it("npm run diff prints it against the last release", async () => {
    const result = await run("npm", ["run", "--silent", "diff"], repoRoot);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^(--- openapi\/released\/user-api\.yaml|The SDK is the same as in)/);
  });
});
