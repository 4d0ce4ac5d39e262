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

function start(args: string[]): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  running.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 10_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) {
        clearTimeout(timer);
        resolve({ child, baseUrl: out.trim() });
      }
    });
    child.on("exit", (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
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

  it("refuses unknown flags with exit code 2", async () => {
    const child = spawn(process.execPath, [cli, "--nope"], { stdio: "ignore" });
    running.push(child);
    expect(await exitOf(child)).toBe(2);
  });
});
