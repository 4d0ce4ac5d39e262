// The MCP server's tools come from the document with no hand list: in a parsed copy of the
// document, a twelfth operation becomes a twelfth tool, its annotations taken from the method
// and the document's extensions (x-quatrix-destructive, x-quatrix-idempotent).
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { editDocument, liveDocument, modelOf, type OpenApiDocument, operationObject } from "./support/document.js";
import { repoRoot, run, type Scratch, scratchCopy } from "./support/scratch.js";

const TOOLS = "packages/mcp-server/generated/tools.json";
const scratches: Scratch[] = [];
afterAll(() => {
  for (const s of scratches) s.remove();
});

interface Tool {
  name: string;
  description: string;
  inputSchema: { properties: Record<string, unknown>; required?: string[] };
  outputSchema?: { type: string };
  annotations: { readOnlyHint: boolean; destructiveHint?: boolean; idempotentHint?: boolean };
}

async function toolsOf(change: (d: OpenApiDocument) => void): Promise<Tool[]> {
  const scratch = scratchCopy(["openapi", "redocly.yaml"]);
  scratches.push(scratch);
  editDocument(scratch, change);
  const generate = await run(
    process.execPath,
    [path.join(repoRoot, "scripts/generate.mjs"), "--no-report", "--root", scratch.dir],
    repoRoot,
  );
  expect(generate.code, generate.stderr).toBe(0);
  return (JSON.parse(scratch.read(TOOLS)) as { tools: Tool[] }).tools;
}

const live = liveDocument();
const model = modelOf(live);
const withBody = model.operations.find((op) => op.method === "POST" && op.requestBody && op.success.schema);
const withPath = model.operations.find((op) => op.method === "GET" && op.pathParams.length > 0);
if (!withBody || !withPath) throw new Error("the document needs a POST with a body and a GET with a path parameter");

describe("tools generated from the document", () => {
  it("the live document: one tool per operation, in document order", () => {
    const tools = (JSON.parse(readFileSync(path.join(repoRoot, TOOLS), "utf8")) as { tools: Tool[] }).tools;
    expect(tools.map((t) => t.name)).toEqual(model.operations.map((o) => o.operationId));
  });

  it("a twelfth operation (a destructive, idempotent POST) becomes a twelfth tool", async () => {
    const id = `${withBody.operationId}Again`;
    const tools = await toolsOf((d) => {
      const copy = structuredClone(operationObject(d, withBody));
      copy.operationId = id;
      copy["x-quatrix-destructive"] = true;
      copy["x-quatrix-idempotent"] = true;
      d.paths[`${withBody.path}-again`] = { post: copy };
    });
    expect(tools).toHaveLength(model.operations.length + 1);
    const tool = tools.find((t) => t.name === id);
    const original = tools.find((t) => t.name === withBody.operationId);
    expect(tool?.annotations).toEqual({ readOnlyHint: false, destructiveHint: true, idempotentHint: true });
    expect(tool?.inputSchema.properties).toEqual({ ...original?.inputSchema.properties, confirm: expect.any(Object) });
    expect(tool?.description).toContain("confirm: true");
    expect(tool?.outputSchema).toEqual(original?.outputSchema);
  });

  it("a GET with a path parameter: read-only, the parameter a required argument", async () => {
    const id = `${withPath.operationId}Copy`;
    const tools = await toolsOf((d) => {
      const copy = structuredClone(operationObject(d, withPath));
      copy.operationId = id;
      d.paths[`${withPath.path}/copy`] = { get: copy };
    });
    const tool = tools.find((t) => t.name === id);
    expect(tool?.annotations).toEqual({ readOnlyHint: true });
    for (const name of withPath.pathParams) {
      expect(tool?.inputSchema.properties).toHaveProperty(name);
      expect(tool?.inputSchema.required).toContain(name);
    }
  });
});
