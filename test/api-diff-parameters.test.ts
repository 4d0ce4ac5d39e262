// The API changes name a parameter by where it goes and its name — in `npm run check:changes`,
// `npm run diff`'s rating and the changelog's "API changes" — not by its index in the list
// ("added parameter `1`") or the list's own name ("added parameterList `parameters`").
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { diffDocuments } from "../scripts/api-diff.mjs";
import { liveDocument, modelOf, type OpenApiDocument } from "./support/document.js";
import { repoRoot } from "./support/scratch.js";

const live = liveDocument();
const op = modelOf(live).operations.find((o) => o.parameters.length === 0);
if (op === undefined) throw new Error("the document needs an operation without parameters");
const place = `${op.method} ${op.path}`;
const status = {
  name: "status",
  in: "query",
  description: "Only the items of this status.",
  schema: { type: "string", enum: ["A", "D"], description: "A status." },
};
const tag = {
  name: "X-Trace-Tag",
  in: "header",
  description: "A tag for the logs.",
  schema: { type: "string", description: "The tag." },
};

function withParameters(parameters: object[]): OpenApiDocument {
  const document = liveDocument();
  document.paths[op?.path ?? ""][op?.method.toLowerCase() ?? ""].parameters = parameters;
  return document;
}

describe("the API changes of parameters", () => {
  it("name an operation's first parameters, later ones and a required one by their place and name", () => {
    const first = diffDocuments(repoRoot, stringify(live), stringify(withParameters([status])));
    expect(first.map((c) => `${c.impact} ${c.where}: ${c.what}`)).toEqual([
      `minor ${place} › parameters: added query parameter \`status\``,
    ]);

    const more = diffDocuments(
      repoRoot,
      stringify(withParameters([status])),
      stringify(withParameters([{ ...status, required: true }, tag])),
    );
    expect(more.map((c) => `${c.impact} ${c.where}: ${c.what}`)).toEqual([
      `major ${place} › query parameter \`status\`: \`status\` query parameter became required.`,
      `minor ${place} › header parameter \`X-Trace-Tag\`: added header parameter \`X-Trace-Tag\``,
    ]);

    const gone = diffDocuments(repoRoot, stringify(withParameters([status, tag])), stringify(withParameters([status])));
    // Removed: the place named from the base document (redocly's own verdict says what).
    expect(gone.map((c) => c.where)).toEqual([`${place} › header parameter \`X-Trace-Tag\``]);
    expect(gone[0]?.what).toContain("`X-Trace-Tag`");
  });
});
