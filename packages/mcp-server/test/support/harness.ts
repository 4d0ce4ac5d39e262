// What the tests share: the mock server seeded with the document's example users, the built
// CLI spawned over stdio or over Streamable HTTP, and the official SDK's Client connected to it.
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema, type ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { apiModel } from "@quatrix/user-api-client/internal";
import { type MockServer, startMockServer } from "@quatrix/user-api-mock";
import Ajv from "ajv";
import addFormats from "ajv-formats";

export const CLI = fileURLToPath(new URL("../../bin/quatrix-user-api-mcp.cjs", import.meta.url));
/** A key distinctive enough that finding it anywhere in an output is a leak. */
export const API_KEY = "mcp-secret-key-7d41c2e9f0";
export { apiModel };

/** The bundled document, for the extensions the model does not carry. */
export const document = createRequire(import.meta.url)("@quatrix/user-api-mock/openapi.json") as {
  paths: Record<string, Record<string, Record<string, unknown>>>;
};
export function operationObject(operationId: string): Record<string, unknown> {
  const op = apiModel.operations.find((o) => o.operationId === operationId);
  if (!op) throw new Error(`no operation ${operationId}`);
  return document.paths[op.path]?.[op.method.toLowerCase()] ?? {};
}

/** The users the document's examples name (by id and e-mail), not yet signed up. */
export const EXAMPLE_USERS = [
  {
    id: "5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c",
    name: "Ada Lovelace",
    email: "ada@example.com",
    pgpKey: { public: Buffer.from("-----BEGIN PGP PUBLIC KEY BLOCK-----").toString("base64") },
  },
  { id: "7c0a4d3b-8f2e-4a7b-9c3d-0e1f2a3b4c5d", name: "Grace Hopper", email: "grace@example.com" },
];
const OWNER = {
  id: "2a3b4c5d-6e7f-4081-92a3-b4c5d6e7f809",
  name: "Account Owner",
  email: "owner@example.com",
  super_admin: "Y" as const,
  password: "b3duZXI=",
};

export function startSeededMock(users = EXAMPLE_USERS): Promise<MockServer> {
  return startMockServer({ apiKey: API_KEY, host: "127.0.0.1", users: [OWNER, ...users] });
}

export type Transport = "stdio" | "http";

export interface Connection {
  client: Client;
  /** Everything the CLI wrote to stderr (and, over HTTP, to stdout). */
  output: () => string;
  close: () => Promise<void>;
}

export interface ConnectOptions {
  args?: string[];
  env?: Record<string, string>;
  /** Answers the server's confirmation questions; without it, the client cannot be asked. */
  elicit?: (message: string) => ElicitResult;
}

/** The built CLI, spawned, with the SDK's Client connected over `transport`. */
export async function connect(
  transport: Transport,
  baseUrl: string,
  options: ConnectOptions = {},
): Promise<Connection> {
  const env = {
    PATH: process.env["PATH"] ?? "",
    QUATRIX_API_KEY: API_KEY,
    QUATRIX_BASE_URL: baseUrl,
    ...options.env,
  };
  const client = new Client(
    { name: "quatrix-mcp-test", version: "0.0.0" },
    { capabilities: options.elicit ? { elicitation: {} } : {} },
  );
  if (options.elicit) {
    const answer = options.elicit;
    client.setRequestHandler(ElicitRequestSchema, async (request) => answer(request.params.message));
  }
  let output = "";
  if (transport === "stdio") {
    const stdio = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, ...(options.args ?? [])],
      env,
      stderr: "pipe",
    });
    stdio.stderr?.on("data", (chunk: Buffer) => {
      output += chunk;
    });
    await client.connect(stdio);
    return { client, output: () => output, close: () => client.close() };
  }
  const child = spawn(process.execPath, [CLI, "--http", "0", ...(options.args ?? [])], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk;
  });
  const url = await firstLine(child, (chunk) => {
    output += chunk;
  });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return {
    client,
    output: () => output,
    close: async () => {
      await client.close();
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

function firstLine(child: ChildProcess, record: (chunk: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      record(String(chunk));
      out += chunk;
      const line = out.split("\n")[0];
      if (out.includes("\n") && line) resolve(line.trim());
    });
    child.once("exit", (code) => reject(new Error(`the CLI exited with ${code}: ${out}`)));
  });
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
/** The errors of `value` against `schema`, as text; empty when it validates. */
export function schemaErrors(schema: unknown, value: unknown): string {
  const validate = ajv.compile(schema as object);
  return validate(value) ? "" : ajv.errorsText(validate.errors);
}

/** The document's example arguments of an operation: its path parameters' and first body example. */
export function exampleArguments(operationId: string): Record<string, unknown> {
  const op = apiModel.operations.find((o) => o.operationId === operationId);
  if (!op) throw new Error(`no operation ${operationId}`);
  const args: Record<string, unknown> = {};
  // Path parameters, and the others the document gives an example of (a required one always needs one).
  for (const p of op.parameters) if (p.in === "path" || p.example !== undefined) args[p.name] = p.example;
  const [body] = Object.values(op.requestBody?.examples ?? {});
  if (body && typeof body === "object") Object.assign(args, body);
  return args;
}

export const here = path.dirname(fileURLToPath(import.meta.url));
