// quatrix-user-api-mcp: the MCP server over stdio (the default) or Streamable HTTP on
// 127.0.0.1. The client reads QUATRIX_API_KEY and QUATRIX_BASE_URL; the key is never printed.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { ENVIRONMENT } from "@quatrix/user-api-client";
import { createUserApiMcpServer, SERVER_INFO } from "./server.js";
import { selectTools } from "./tool-list.js";

const USAGE = `Usage: quatrix-user-api-mcp [--read-only] [--tools a,b] [--http PORT]

  --read-only     expose only the read-only tools
  --tools a,b     expose only these tools (operationIds)
  --http PORT     serve Streamable HTTP on http://127.0.0.1:PORT/mcp (0: a free port) instead of stdio
  --help          print this help
  --version       print the version

Environment: ${ENVIRONMENT.apiKey} (the API key), ${ENVIRONMENT.baseUrl} (default: the document's server).`;

interface Flags {
  readOnly: boolean;
  tools: string[] | undefined;
  http: number | undefined;
}

function fail(message: string): never {
  process.stderr.write(`quatrix-user-api-mcp: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseFlags(argv: string[]): Flags {
  const flags: Flags = { readOnly: false, tools: undefined, http: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [flag = "", inline] = (argv[i] ?? "").split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") fail(`${flag} needs a value`);
      return v;
    };
    if (flag === "--read-only") flags.readOnly = true;
    else if (flag === "--tools")
      flags.tools = value()
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    else if (flag === "--http") {
      const port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--http: ${JSON.stringify(argv[i])} is not a port`);
      flags.http = port;
    } else if (flag === "--help") {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (flag === "--version") {
      process.stdout.write(`${SERVER_INFO.version}\n`);
      process.exit(0);
    } else fail(`unknown flag ${JSON.stringify(flag)}`);
  }
  return flags;
}

const flags = parseFlags(process.argv.slice(2));
try {
  if (selectTools(flags).length === 0) fail("no tool left to serve");
} catch (error) {
  fail(`--tools: ${(error as Error).message}`);
}
const options = { readOnly: flags.readOnly, tools: flags.tools };
if (!process.env[ENVIRONMENT.apiKey])
  process.stderr.write(
    `quatrix-user-api-mcp: ${ENVIRONMENT.apiKey} is not set: the tools that need the API key will answer with an error\n`,
  );

main().catch((error: unknown) => {
  process.stderr.write(`quatrix-user-api-mcp: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
});

async function main(): Promise<void> {
  if (flags.http !== undefined) return serveHttp(flags.http);
  const server = createUserApiMcpServer(options);
  await server.connect(new StdioServerTransport());
  // The MCP client closed our stdin: it is done with us.
  process.stdin.on("end", () => process.exit(0));
}

/** Streamable HTTP on 127.0.0.1 only, one MCP session (and server) per client. */
async function serveHttp(port: number): Promise<void> {
  // Loaded only here: stdio, the common case, starts without the HTTP transport's modules.
  const { StreamableHTTPServerTransport } = await import("@modelcontextprotocol/sdk/server/streamableHttp.js");
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const http = createServer(async (req, res) => {
    try {
      if (new URL(req.url ?? "/", "http://127.0.0.1").pathname !== "/mcp") {
        res.writeHead(404, { "content-type": "text/plain" }).end("Not found: the MCP endpoint is /mcp\n");
        return;
      }
      const id = req.headers["mcp-session-id"];
      const existing = typeof id === "string" ? sessions.get(id) : undefined;
      if (existing) {
        await existing.handleRequest(req, res, req.method === "POST" ? await readJson(req) : undefined);
        return;
      }
      const body = req.method === "POST" ? await readJson(req) : undefined;
      if (id !== undefined || !isInitializeRequest(body)) {
        res.writeHead(id === undefined ? 400 : 404, { "content-type": "application/json" }).end(
          JSON.stringify({
            jsonrpc: "2.0",
            error: { code: -32000, message: id === undefined ? "No session: initialize first" : "Unknown session" },
            id: null,
          }),
        );
        return;
      }
      const address = http.address();
      const bound = typeof address === "object" && address ? address.port : port;
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sessionId) => {
          sessions.set(sessionId, transport);
        },
        enableDnsRebindingProtection: true,
        allowedHosts: [`127.0.0.1:${bound}`, `localhost:${bound}`],
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
      };
      await createUserApiMcpServer(options).connect(transport);
      await transport.handleRequest(req, res, body);
    } catch (error) {
      if (!res.headersSent)
        res
          .writeHead(error instanceof BodyError ? 400 : 500, { "content-type": "text/plain" })
          .end(`${(error as Error).message}\n`);
      else res.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(port, "127.0.0.1", resolve);
  });
  const address = http.address();
  process.stdout.write(`http://127.0.0.1:${typeof address === "object" && address ? address.port : port}/mcp\n`);
  const stop = () => {
    for (const transport of sessions.values()) void transport.close();
    http.close(() => process.exit(0));
    http.closeAllConnections();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

class BodyError extends Error {}

const MAX_BODY = 4 * 1024 * 1024;

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new BodyError("Request body too large");
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new BodyError("Request body is not JSON");
  }
}
