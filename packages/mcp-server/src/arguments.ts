// A tool's arguments → the client method's arguments: the path parameters in order, then the
// body, and the query, header and cookie parameters as the options' `query`, `header`, `cookie`. Checked here only for what the client cannot see (an argument the tool does not take,
// a path parameter that is missing or not a string); the body is checked by the client.
import { CONFIRM } from "./confirm.js";
import type { ToolDefinition } from "./tool-list.js";

export type Prepared =
  | { ok: true; callArguments: unknown[]; callOptions: Record<string, Record<string, unknown>> }
  | { ok: false; problems: string[] };

export function prepareArguments(tool: ToolDefinition, given: Record<string, unknown> | undefined): Prepared {
  const args = given ?? {};
  const known = Object.keys((tool.inputSchema["properties"] as Record<string, unknown> | undefined) ?? {});
  const problems: string[] = [];
  for (const name of Object.keys(args))
    if (!known.includes(name)) problems.push(`${name}: is not an argument of ${tool.name}`);
  const callArguments: unknown[] = [];
  for (const name of tool.call.pathParams) {
    const value = args[name];
    if (value === undefined) problems.push(`${name}: is required`);
    else if (typeof value !== "string" || value === "") problems.push(`${name}: must be a non-empty string`);
    callArguments.push(value);
  }
  if (tool.call.bodyAs === "body") callArguments.push(args["body"]);
  else if (tool.call.bodyAs === "merged") {
    const body: Record<string, unknown> = {};
    for (const name of tool.call.bodyProperties ?? []) if (args[name] !== undefined) body[name] = args[name];
    callArguments.push(body);
  }
  // Checked by the client, which names a missing or bad one (`/query/status`).
  const callOptions: Record<string, Record<string, unknown>> = {};
  for (const { name, in: place } of tool.call.parameters ?? []) {
    if (args[name] === undefined) continue;
    callOptions[place] ??= {};
    callOptions[place][name] = args[name];
  }
  if (CONFIRM in args && typeof args[CONFIRM] !== "boolean") problems.push(`${CONFIRM}: must be a boolean`);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, callArguments, callOptions };
}
