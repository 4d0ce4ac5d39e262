// The tools: generated from the document (scripts/codegen/mcp-tools.mjs), one per operation,
// and the selection a server exposes (`readOnly`, `tools`).
import generated from "../generated/tools.json";

/** How the server sends a tool's call through the client; generated, never part of the MCP tool. */
export interface ToolCallPlan {
  readonly method: string;
  readonly path: string;
  /** The path parameters, in the order the client's method takes them. */
  readonly pathParams: readonly string[];
  /** The query, header and cookie parameters: each a top-level argument, passed in the call's options. */
  readonly parameters?: readonly { readonly name: string; readonly in: "query" | "header" | "cookie" }[];
  /** `merged`: the body's properties are top-level arguments; `body`: one `body` argument. */
  readonly bodyAs?: "merged" | "body";
  readonly bodyProperties?: readonly string[];
  /** `items`: the answer is an array, returned as `{ items }`. */
  readonly wrap: "items" | null;
  /** Declared `x-quatrix-destructive` in the document: confirmed before it is sent. */
  readonly destructive: boolean;
}

/** A JSON Schema, as the document writes it. */
export type JsonSchemaObject = { readonly type: "object"; readonly [keyword: string]: unknown };

/** One tool: its MCP definition and its call plan. */
export interface ToolDefinition {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: JsonSchemaObject;
  readonly outputSchema?: JsonSchemaObject;
  readonly annotations: {
    readonly readOnlyHint: boolean;
    readonly destructiveHint?: boolean;
    readonly idempotentHint?: boolean;
  };
  readonly call: ToolCallPlan;
}

/** Every tool, one per operation of the document, in document order. */
export const toolDefinitions: readonly ToolDefinition[] = (generated as unknown as { tools: ToolDefinition[] }).tools;

/** Which tools a server exposes. */
export interface ToolSelection {
  /** Only the read-only tools (the GET operations). Default: false. */
  readOnly?: boolean | undefined;
  /** Only the tools of these names (operationIds). Default: every tool. */
  tools?: readonly string[] | undefined;
}

/** The selected tools; throws a TypeError naming any unknown tool name. */
export function selectTools(selection: ToolSelection = {}): ToolDefinition[] {
  const { readOnly = false, tools } = selection;
  if (tools !== undefined) {
    const unknown = tools.filter((name) => !toolDefinitions.some((t) => t.name === name));
    if (unknown.length > 0)
      throw new TypeError(
        `unknown tool${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")} (the tools are ${toolDefinitions.map((t) => t.name).join(", ")})`,
      );
  }
  return toolDefinitions.filter(
    (t) => (!readOnly || t.annotations.readOnlyHint) && (tools === undefined || tools.includes(t.name)),
  );
}

/** A tool as `tools/list` shows it: without its call plan. */
export function listedTool({ call: _call, ...tool }: ToolDefinition) {
  return tool;
}
