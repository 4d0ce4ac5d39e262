// The command line: flags refused with exit code 2 and the usage, the HTTP endpoint bound to
// 127.0.0.1 and refusing other Host names, and elicitation over stdio.
import { spawn } from "node:child_process";
import { request } from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import {
  API_KEY,
  apiModel,
  CLI,
  connect,
  exampleArguments,
  operationObject,
  startSeededMock,
} from "./support/harness.js";

const mock = await startSeededMock();
afterAll(() => mock.close());

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env["PATH"] ?? "", QUATRIX_API_KEY: API_KEY },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c;
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c;
    });
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("flags", () => {
  it.each([
    [["--bogus"], /unknown flag "--bogus"/],
    [["--tools", "listUsers,noSuchTool"], /unknown tool: noSuchTool/],
    [["--http", "not-a-port"], /is not a port/],
    [["--http"], /--http needs a value/],
  ])("%j exits with 2, naming the problem, with the usage", async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain("Usage: quatrix-user-api-mcp");
    expect(result.stdout + result.stderr).not.toContain(API_KEY);
  });

  it("--help prints the usage with exit 0", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("--read-only");
  });
});

describe("--http", () => {
  it("listens on 127.0.0.1 and refuses a request for another host name (DNS rebinding)", async () => {
    const child = spawn(process.execPath, [CLI, "--http", "0"], {
      env: { PATH: process.env["PATH"] ?? "", QUATRIX_API_KEY: API_KEY, QUATRIX_BASE_URL: mock.baseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (c: Buffer) => {
          out += c;
          if (out.includes("\n")) resolve(out.split("\n")[0] ?? "");
        });
        child.once("exit", (code) => reject(new Error(`exited with ${code}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
      const { port } = new URL(url);
      const initialize = JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "0" } },
      });
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: "127.0.0.1",
            port: Number(port),
            path: "/mcp",
            method: "POST",
            headers: {
              host: `attacker.example:${port}`,
              "content-type": "application/json",
              accept: "application/json, text/event-stream",
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on("error", reject);
        req.end(initialize);
      });
      expect(status).toBe(403);
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    }
  });
});

describe("elicitation over stdio", () => {
  const destructive = apiModel.operations.find((o) => operationObject(o.operationId)["x-quatrix-destructive"] === true);
  it("a decline sends nothing; an accept sends the call once", async () => {
    if (!destructive) throw new Error("the document needs a destructive operation");
    const id = destructive.operationId;
    for (const [answer, sent] of [
      [{ action: "decline" as const }, 0],
      [{ action: "accept" as const, content: { confirm: true } }, 1],
    ] as const) {
      mock.reset();
      const connection = await connect("stdio", mock.baseUrl, { elicit: () => answer });
      try {
        const result = await connection.client.callTool({ name: id, arguments: exampleArguments(id) });
        expect(Boolean(result.isError)).toBe(sent === 0);
        expect(mock.requests.filter((r) => r.operationId === id)).toHaveLength(sent);
      } finally {
        await connection.close();
      }
    }
  });
});
