// tools/list, as the official SDK's Client sees it over stdio, against the operation model: one
// tool per operation, named by its operationId, its schemas taken from the document, its
// annotations from the method and the document's extensions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiModel,
  connect,
  exampleArguments,
  operationObject,
  schemaErrors,
  startSeededMock,
} from "./support/harness.js";

const mock = await startSeededMock();
afterAll(() => mock.close());

type ListedTool = Awaited<ReturnType<Awaited<ReturnType<typeof connect>>["client"]["listTools"]>>["tools"][number];

async function listTools(args: string[] = []): Promise<ListedTool[]> {
  const connection = await connect("stdio", mock.baseUrl, { args });
  try {
    return (await connection.client.listTools()).tools;
  } finally {
    await connection.close();
  }
}

describe("tools/list", () => {
  let tools: ListedTool[];
  beforeAll(async () => {
    tools = await listTools();
  });

  it("has one tool per operation, named by its operationId, in document order", () => {
    expect(tools.map((t) => t.name)).toEqual(apiModel.operations.map((o) => o.operationId));
  });

  it.each(apiModel.operations.map((o) => [o.operationId, o] as const))(
    "%s: annotations from the method and the document",
    (id, op) => {
      const tool = tools.find((t) => t.name === id);
      const readOnly = op.method === "GET";
      expect(tool?.annotations?.readOnlyHint).toBe(readOnly);
      if (!readOnly) {
        expect(tool?.annotations?.destructiveHint).toBe(operationObject(id)["x-quatrix-destructive"] === true);
        expect(tool?.annotations?.idempotentHint).toBe(operationObject(id)["x-quatrix-idempotent"] === true);
      }
      // The destructive ones say how they are confirmed, and take `confirm`.
      if (tool?.annotations?.destructiveHint) {
        expect(tool.description).toContain("confirm: true");
        expect(tool.inputSchema.properties).toHaveProperty("confirm");
      }
    },
  );

  it.each(apiModel.operations.map((o) => [o.operationId, o] as const))(
    "%s: its inputSchema takes the path parameters and the body's fields",
    (id, op) => {
      const tool = tools.find((t) => t.name === id);
      const properties = Object.keys(tool?.inputSchema.properties ?? {});
      for (const name of op.pathParams) {
        expect(properties).toContain(name);
        expect(tool?.inputSchema.required).toContain(name);
      }
      const body = op.requestBody?.schema as { $ref?: string } | undefined;
      if (body?.$ref) {
        const schema = apiModel.schemas[body.$ref.split("/").pop() ?? ""] as {
          properties?: object;
          required?: string[];
        };
        for (const name of Object.keys(schema.properties ?? {})) expect(properties).toContain(name);
        for (const name of schema.required ?? []) expect(tool?.inputSchema.required).toContain(name);
      }
      // The document's example arguments fit it.
      const args = exampleArguments(id);
      if (tool?.annotations?.destructiveHint) args["confirm"] = true;
      expect(schemaErrors(tool?.inputSchema, args)).toBe("");
    },
  );

  it.each(apiModel.operations.map((o) => [o.operationId, o] as const))(
    "%s: its outputSchema accepts the document's success examples",
    (id, op) => {
      const tool = tools.find((t) => t.name === id);
      if (!op.success.schema) {
        expect(tool?.outputSchema).toBeUndefined();
        return;
      }
      expect(tool?.outputSchema?.type).toBe("object");
      const examples = Object.values(op.success.examples);
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) {
        const structured = Array.isArray(example) ? { items: example } : example;
        expect(schemaErrors(tool?.outputSchema, structured)).toBe("");
      }
      if ((op.success.schema as { type?: string }).type === "array")
        expect(tool?.description).toContain("{ items: [...] }");
    },
  );
});

describe("choosing the tools", () => {
  it("--read-only lists only the read-only tools", async () => {
    const tools = await listTools(["--read-only"]);
    expect(tools.map((t) => t.name)).toEqual(
      apiModel.operations.filter((o) => o.method === "GET").map((o) => o.operationId),
    );
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
  });

  it("--tools a,b lists only those", async () => {
    const [first, , third] = apiModel.operations;
    const names = [third?.operationId ?? "", first?.operationId ?? ""];
    const tools = await listTools(["--tools", names.join(",")]);
    expect(tools.map((t) => t.name).sort()).toEqual([...names].sort());
  });
});
