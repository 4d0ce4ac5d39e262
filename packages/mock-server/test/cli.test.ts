// The command-line server: prints its base URL on one line, serves the API, seeds users from
// a file, and exits cleanly on SIGINT and SIGTERM.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const cli = fileURLToPath(new URL("../bin/quatrix-user-api-mock.cjs", import.meta.url));
const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

interface Started {
  child: ChildProcess;
  baseUrl: string;
  /** Every line printed on stdout so far, the base URL first. */
  lines: string[];
}

function start(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  running.push(child);
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 10_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const complete = out.split("\n");
      out = complete.pop() ?? "";
      lines.push(...complete);
      if (lines.length > 0) {
        clearTimeout(timer);
        resolve({ child, baseUrl: lines[0] ?? "", lines });
      }
    });
    child.on("exit", (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
}

/** Runs the CLI to its exit: the code and what it printed on stderr. */
function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  running.push(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stderr })));
}

/** Waits until `lines` holds `count` lines (stdout arrives in its own time). */
async function linesUntil(lines: string[], count: number): Promise<string[]> {
  for (let waited = 0; lines.length < count && waited < 10_000; waited += 20) {
    await new Promise((r) => setTimeout(r, 20));
  }
  return lines;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on("exit", (code) => resolve(code)));
}

describe("quatrix-user-api-mock", () => {
  it("prints its base URL, serves the API with the given key, and exits 0 on SIGTERM", async () => {
    const { child, baseUrl } = await start(["--port", "0", "--api-key", "cli-key"]);
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/1\.0$/);
    const ok = await fetch(`${baseUrl}/user`, { headers: { "x-auth-token": "cli-key" } });
    expect(ok.status).toBe(200);
    const refused = await fetch(`${baseUrl}/user`, { headers: { "x-auth-token": "test-key" } });
    expect(refused.status).toBe(401);
    const exited = exitOf(child);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("seeds users from --seed and exits 0 on SIGINT", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "quatrix-seed-"));
    const seed = path.join(dir, "users.json");
    writeFileSync(seed, JSON.stringify([{ name: "Seeded", email: "seeded@example.com" }]));
    const { child, baseUrl } = await start(["--port", "0", "--seed", seed, "--account-forces-mfa"]);
    const users = await (await fetch(`${baseUrl}/user`, { headers: { "x-auth-token": "test-key" } })).json();
    expect(users).toEqual([expect.objectContaining({ name: "Seeded", email: "seeded@example.com" })]);
    const exited = exitOf(child);
    child.kill("SIGINT");
    expect(await exited).toBe(0);
  });

  it("is linked into the workspace, so `npx quatrix-user-api-mock` works after npm ci", async () => {
    const linked = fileURLToPath(new URL("../../../node_modules/.bin/quatrix-user-api-mock", import.meta.url));
    const child = spawn(linked, ["--help"], { stdio: ["ignore", "pipe", "ignore"] });
    running.push(child);
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk;
    });
    expect(await exitOf(child)).toBe(0);
    expect(out).toContain("Usage: quatrix-user-api-mock");
  });

  it("prints one line per request: status, operation, method, path, milliseconds", async () => {
    const { baseUrl, lines } = await start(["--port", "0"]);
    await fetch(`${baseUrl}/user`, { headers: { "x-auth-token": "test-key" } });
    await fetch(`${baseUrl}/nope`);
    expect((await linesUntil(lines, 3)).slice(1)).toEqual([
      expect.stringMatching(/^200 listUsers GET \/api\/1\.0\/user \d+ ms$/),
      expect.stringMatching(/^404 - GET \/api\/1\.0\/nope \d+ ms$/),
    ]);
  });

  it("--quiet prints the base URL only", async () => {
    const { baseUrl, lines } = await start(["--port", "0", "--quiet"]);
    const response = await fetch(`${baseUrl}/user`, { headers: { "x-auth-token": "test-key" } });
    expect(response.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(lines).toEqual([baseUrl]);
  });

  it("--fail answers the operation with the status the given times; --latency and --cors apply", async () => {
    const { baseUrl, lines } = await start([
      "--port",
      "0",
      "--fail",
      "listUsers:503:1",
      "--fail",
      "getUser:429",
      "--latency",
      "20",
      "--cors",
    ]);
    const get = () =>
      fetch(`${baseUrl}/user`, { headers: { "x-auth-token": "test-key", origin: "http://localhost:3000" } });
    const first = await get();
    expect(first.status).toBe(503);
    expect(await first.json()).toMatchObject({ code: -1 });
    const second = await get();
    expect(second.status).toBe(200);
    expect(second.headers.get("access-control-allow-origin")).toBe("*");
    for (let i = 0; i < 2; i++) {
      const user = await fetch(`${baseUrl}/user/metadata/2a3b4c5d-6e7f-4081-92a3-b4c5d6e7f809`, {
        headers: { "x-auth-token": "test-key" },
      });
      expect(user.status).toBe(429);
    }
    expect((await linesUntil(lines, 5))[1]).toMatch(/^503 listUsers GET \/api\/1\.0\/user \d+ ms \(injected\)$/);
  });

  it("--cors with a list allows only those origins", async () => {
    const { baseUrl } = await start([
      "--port",
      "0",
      "--cors",
      "http://localhost:3000,http://127.0.0.1:5173",
      "--quiet",
    ]);
    const preflight = await fetch(`${baseUrl}/user`, {
      method: "OPTIONS",
      headers: { origin: "http://127.0.0.1:5173", "access-control-request-method": "GET" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:5173");
  });

  it("a malformed --fail, --latency or --port exits 2 with a message, not a stack", async () => {
    for (const args of [
      ["--fail", "listUsers"],
      ["--fail", "noSuchOperation:500"],
      ["--latency", "soon"],
      ["--port", "99999"],
    ]) {
      const { code, stderr } = await run(["--port", "0", ...args]);
      expect(code, args.join(" ")).toBe(2);
      expect(stderr).toMatch(/--fail|--latency|--port|operationId/);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("a bad --seed exits 2 naming every issue, never a stack (a user without an e-mail included)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "quatrix-seed-"));
    const seed = path.join(dir, "users.json");
    writeFileSync(seed, JSON.stringify([{ name: "No e-mail" }, { name: "Bad", email: "bad", quota: "lots" }]));
    const { code, stderr } = await run(["--port", "0", "--seed", seed]);
    expect(code).toBe(2);
    expect(stderr).toContain("users[0].email: is required");
    expect(stderr).toContain("users[1].email: must be a valid email");
    expect(stderr).toMatch(/users\[1\]\.quota: must be an integer/);
    expect(stderr).not.toMatch(/\n\s+at |TypeError/);
    writeFileSync(seed, "{ not json");
    const unreadable = await run(["--port", "0", "--seed", seed]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toMatch(/^--seed .*users\.json: /);
  });

  it("refuses unknown flags with exit code 2", async () => {
    const child = spawn(process.execPath, [cli, "--nope"], { stdio: "ignore" });
    running.push(child);
    expect(await exitOf(child)).toBe(2);
  });
});
