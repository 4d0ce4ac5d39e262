// createUserApiMcpServer: an MCP server whose tools are the User API's operations, each call
// sent through @quatrix/user-api-client (its retries, timeouts, request checks, typed errors).
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import {
  createUserApiClient,
  ENVIRONMENT,
  type QuatrixLogger,
  type UserApiClient,
  type UserApiClientOptions,
} from "@quatrix/user-api-client";
import pkg from "../package.json";
import { prepareArguments } from "./arguments.js";
import { confirmDestructive } from "./confirm.js";
import { describeError, errorResult, successResult, type ToolResult } from "./results.js";
import { listedTool, selectTools, type ToolDefinition, type ToolSelection } from "./tool-list.js";

export interface UserApiMcpServerOptions extends ToolSelection {
  /**
   * Options of the client the tools call through. Default: none, so the client reads
   * QUATRIX_API_KEY, QUATRIX_BASE_URL and QUATRIX_LOG from the environment; its log lines go to
   * stderr unless a `logger` is given.
   */
  clientOptions?: UserApiClientOptions | undefined;
  /** A client to call through instead; `clientOptions` is then ignored. Default: one made from `clientOptions`. */
  client?: UserApiClient | undefined;
}

/** The server's name and version, as `initialize` tells them. */
export const SERVER_INFO = { name: "quatrix-user-api-mcp", version: pkg.version } as const;

type CallFunction = (...args: unknown[]) => Promise<unknown>;

/**
 * The client's log lines (QUATRIX_LOG) go to stderr: over stdio, stdout carries only the
 * protocol, and the client's default logger, `console`, writes info and debug to stdout.
 */
const STDERR_LOGGER: QuatrixLogger = {
  error: (message) => console.error(message),
  warn: (message) => console.error(message),
  info: (message) => console.error(message),
  debug: (message) => console.error(message),
};

function withoutUndefined(options: UserApiClientOptions): UserApiClientOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as UserApiClientOptions;
}

/** An MCP server (not yet connected: pass it a transport with `connect`). */
export function createUserApiMcpServer(options: UserApiMcpServerOptions = {}): Server {
  const tools = selectTools(options);
  const client =
    options.client ?? createUserApiClient({ logger: STDERR_LOGGER, ...withoutUndefined(options.clientOptions ?? {}) });
  // Never in a result, whatever an error message might carry.
  const secrets = [options.clientOptions?.apiKey, process.env[ENVIRONMENT.apiKey]].filter(
    (s): s is string => typeof s === "string" && s.length > 0,
  );
  const server = new Server(SERVER_INFO, {
    capabilities: { tools: {} },
    instructions:
      "Tools for the Quatrix User API, one per operation. Destructive tools are confirmed by the user before anything is sent.",
  });

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: tools.map(listedTool) }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<ToolResult> => {
    const tool = tools.find((t) => t.name === request.params.name);
    if (!tool) return errorResult(`Unknown tool: ${request.params.name}`, secrets);
    try {
      return await callTool(server, client, tool, request.params.arguments, extra.signal);
    } catch (error) {
      return errorResult(describeError(error), secrets);
    }
  });
  return server;

  async function callTool(
    server: Server,
    client: UserApiClient,
    tool: ToolDefinition,
    given: Record<string, unknown> | undefined,
    signal: AbortSignal,
  ): Promise<ToolResult> {
    const args = given ?? {};
    const prepared = prepareArguments(tool, args);
    if (!prepared.ok)
      return errorResult(`Invalid arguments, nothing was sent: ${prepared.problems.join("; ")}`, secrets);
    if (tool.call.destructive) {
      const confirmation = await confirmDestructive(server, client, tool, args, signal);
      if (!confirmation.confirmed) return errorResult(confirmation.reason, secrets);
    }
    const method = (client as unknown as Record<string, CallFunction>)[tool.name];
    if (typeof method !== "function") return errorResult(`The client has no ${tool.name} operation`, secrets);
    const data = await method(...prepared.callArguments, { ...prepared.callOptions, signal });
    const result = successResult(tool, data);
    for (const part of result.content) part.text = redactAll(part.text);
    return result;
  }

  function redactAll(text: string): string {
    return secrets.reduce((out, secret) => out.split(secret).join("[redacted]"), text);
  }
}
