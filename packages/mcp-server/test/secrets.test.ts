// The API key never leaves through the MCP side: every byte the CLI writes to stdout (the
// protocol) and stderr, across successes, API errors, a refused key and a network failure.
import { spawn } from "node:child_process";
import { afterAll, expect, it } from "vitest";
import { API_KEY, CLI, startSeededMock } from "./support/harness.js";

const mock = await startSeededMock();
afterAll(() => mock.close());

/** Runs the CLI over stdio with `messages` (JSON-RPC, one a line) and returns all it wrote. */
async function session(env: Record<string, string>, calls: [string, Record<string, unknown>][]) {
  const child = spawn(process.execPath, [CLI], { env: { PATH: process.env["PATH"] ?? "", ...env }, stdio: "pipe" });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => {
    stderr += c;
  });
  const answers = new Map<number, unknown>();
  const waiting = new Map<number, () => void>();
  child.stdout.on("data", (c: Buffer) => {
    stdout += c;
    for (const line of stdout.split("\n").slice(0, -1)) {
      const message = JSON.parse(line) as { id?: number };
      if (typeof message.id === "number" && !answers.has(message.id)) {
        answers.set(message.id, message);
        waiting.get(message.id)?.();
      }
    }
  });
  let next = 0;
  const request = (method: string, params: unknown) => {
    const id = ++next;
    const done = new Promise<void>((resolve) => waiting.set(id, resolve));
    child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
    return done;
  };
  await request("initialize", {
    protocolVersion: "2025-06-18",
    capabilities: {},
    clientInfo: { name: "raw", version: "0" },
  });
  child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
  await request("tools/list", {});
  for (const [name, args] of calls) await request("tools/call", { name, arguments: args });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.stdin.end();
  await exited;
  return { stdout, stderr, answers: [...answers.values()] };
}

const CALLS: [string, Record<string, unknown>][] = [
  ["listUsers", {}],
  ["getUser", { id: "00000000-0000-4000-8000-000000000000" }],
  ["createUser", { name: "Ada", email: "ada@example.com" }],
  ["createUser", { name: "" }],
  ["deleteUsers", { ids: ["5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c"] }],
];

it("the right key: in no byte of stdout or stderr", async () => {
  const { stdout, stderr, answers } = await session(
    { QUATRIX_API_KEY: API_KEY, QUATRIX_BASE_URL: mock.baseUrl },
    CALLS,
  );
  expect(answers).toHaveLength(2 + CALLS.length);
  expect(stdout).toContain('"isError":true');
  expect(mock.requests.length).toBeGreaterThan(0);
  expect(stdout + stderr).not.toContain(API_KEY);
});

it("a key the API refuses (401): reported, not shown", async () => {
  const wrong = "wrong-key-5e0b7a11c3";
  const { stdout, stderr } = await session({ QUATRIX_API_KEY: wrong, QUATRIX_BASE_URL: mock.baseUrl }, CALLS);
  expect(stdout).toContain("HTTP 401");
  expect(stdout + stderr).not.toContain(wrong);
});

it("a base URL nobody listens on: a connection error, the key not shown", async () => {
  const { stdout, stderr } = await session(
    { QUATRIX_API_KEY: API_KEY, QUATRIX_BASE_URL: "http://127.0.0.1:9/api/1.0" },
    [["listUsers", {}]],
  );
  expect(stdout).toContain("Connection failed");
  expect(stdout + stderr).not.toContain(API_KEY);
});

it("QUATRIX_LOG=debug: the client's log lines go to stderr (stdout stays the protocol), without the key", async () => {
  const { stdout, stderr, answers } = await session(
    { QUATRIX_API_KEY: API_KEY, QUATRIX_BASE_URL: mock.baseUrl, QUATRIX_LOG: "debug" },
    CALLS,
  );
  expect(answers).toHaveLength(2 + CALLS.length);
  for (const line of stdout.trim().split("\n")) expect(() => JSON.parse(line)).not.toThrow();
  expect(stderr).toContain("listUsers");
  expect(stdout + stderr).not.toContain(API_KEY);
});

it("no key: the tools answer that QUATRIX_API_KEY is not set; stderr says so at start", async () => {
  const { stdout, stderr } = await session({ QUATRIX_BASE_URL: mock.baseUrl }, [["listUsers", {}]]);
  expect(stdout).toContain("QUATRIX_API_KEY");
  expect(stderr).toContain("QUATRIX_API_KEY is not set");
});
