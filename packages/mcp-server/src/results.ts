// Tool results: a success as structured content and as text; every failure as an `isError`
// result an agent can read (status, Quatrix code by name, message) — never a protocol error,
// never the API key.
import {
  QuatrixApiError,
  QuatrixConnectionError,
  QuatrixError,
  QuatrixErrorCode,
  QuatrixMissingApiKeyError,
  QuatrixValidationError,
} from "@quatrix/user-api-client";
import type { ToolDefinition } from "./tool-list.js";

export interface ToolResult {
  [key: string]: unknown;
  content: { type: "text"; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** The answer of a successful call. */
export function successResult(tool: ToolDefinition, data: unknown): ToolResult {
  if (!tool.outputSchema) return { content: [{ type: "text", text: "Done." }] };
  const structured = tool.call.wrap === "items" ? { items: data } : (data as Record<string, unknown>);
  return { content: [{ type: "text", text: JSON.stringify(structured) }], structuredContent: structured };
}

/** A refusal or failure, as text; `secrets` are replaced wherever they appear. */
export function errorResult(text: string, secrets: readonly string[]): ToolResult {
  return { content: [{ type: "text", text: redact(text, secrets) }], isError: true };
}

/** What an error of the client (or anything else thrown) tells the agent. */
export function describeError(error: unknown): string {
  if (error instanceof QuatrixValidationError)
    return `Invalid arguments, nothing was sent: ${error.issues.map((i) => `${argumentName(i.path)}: ${i.message}`).join("; ")}`;
  if (error instanceof QuatrixApiError) {
    const name = codeName(error.code);
    const code = error.code === undefined ? "no Quatrix code" : `code ${error.code}${name ? ` ${name}` : ""}`;
    return `Quatrix API error: HTTP ${error.status}, ${code}: ${error.msg || error.message}${error.requestId ? ` (request id ${error.requestId})` : ""}`;
  }
  if (error instanceof QuatrixMissingApiKeyError)
    return "No API key: set QUATRIX_API_KEY for the MCP server; nothing was sent.";
  if (error instanceof QuatrixConnectionError)
    return `Connection failed${error.notSent ? ", nothing was sent" : ", the request may have reached the server"}: ${error.message}`;
  if (error instanceof QuatrixError) return `${error.name}: ${error.message}`;
  return `Internal error: ${error instanceof Error ? error.message : String(error)}`;
}

/** `/body/email` → `email`; `/path/id` → `id`; `/query/status` → `status`; `/body/ids/0` → `ids/0`. */
function argumentName(pointer: string): string {
  return pointer.replace(/^\/(body|path|query|header|cookie)\/?/, "") || "arguments";
}

function codeName(code: number | undefined): string | undefined {
  if (code === undefined) return undefined;
  return Object.entries(QuatrixErrorCode).find(([, value]) => value === code)?.[0];
}

function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join("[redacted]");
  return out;
}
