// The command-line server: prints its base URL on one line, serves the API, seeds users from
// a file, and exits cleanly on SIGINT and SIGTERM.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const cli = fileURLToPath(new URL("../bin/quatrix-user-api-mock.cjs", import.meta.url));
const packageVersion = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;
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

  it("prints one line per request: status, operation, method, path, milliseconds, the answer's x-request-id", async () => {
    const { baseUrl, lines } = await start(["--port", "0"]);
    const ok = await fetch(`${baseUrl}/user`, { headers: { "x-auth-token": "test-key" } });
    const missing = await fetch(`${baseUrl}/nope`);
    const ids = [ok.headers.get("x-request-id"), missing.headers.get("x-request-id")];
    expect(ids.every((id) => id && /^[0-9a-f-]{36}$/.test(id))).toBe(true);
    expect((await linesUntil(lines, 3)).slice(1)).toEqual([
      expect.stringMatching(new RegExp(`^200 listUsers GET /api/1\\.0/user \\d+ ms x-request-id=${ids[0]}$`)),
      expect.stringMatching(new RegExp(`^404 - GET /api/1\\.0/nope \\d+ ms x-request-id=${ids[1]}$`)),
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
    expect((await linesUntil(lines, 5))[1]).toMatch(
      /^503 listUsers GET \/api\/1\.0\/user \d+ ms \(injected\) x-request-id=[0-9a-f-]{36}$/,
    );
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

  it("--version prints the package's version and exits 0", async () => {
    const child = spawn(process.execPath, [cli, "--version"], { stdio: ["ignore", "pipe", "ignore"] });
    running.push(child);
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk;
    });
    expect(await exitOf(child)).toBe(0);
    expect(out.trim()).toBe(packageVersion);
  });

  it("--help lists every flag of the README's table, each with its default", async () => {
    const child = spawn(process.execPath, [cli, "--help"], { stdio: ["ignore", "pipe", "ignore"] });
    running.push(child);
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk;
    });
    expect(await exitOf(child)).toBe(0);
    const entries = out.split(/\n(?= {2}--)/).filter((entry) => entry.startsWith("  --"));
    const listed = entries.map((entry) => /^ {2}(--[a-z-]+)/.exec(entry)?.[1]);
    const readme = readFileSync(fileURLToPath(new URL("../README.md", import.meta.url)), "utf8");
    const documented = [...readme.matchAll(/^\| `(--[a-z-]+)[^|]*\|/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual([...new Set([...documented, "--help", "--version"])].sort());
    for (const entry of entries) expect(entry, entry).toMatch(/\(default: [^)]+\)/);
  });

  it("lists every bad flag at once, exit 2, never showing the key", async () => {
    const { code, stderr } = await run([
      "--host",
      "",
      "--api-key",
      "secret-part\nsecond-line",
      "--cors",
      "http://localhost:3000/,http://127.0.0.1:5173/app",
      "--nope",
      "--port",
      "99999",
      "--latency",
      "3000000000",
      "--fail",
      "listUser:503",
    ]);
    expect(code).toBe(2);
    for (const problem of [
      "--host must be an address, not empty",
      "--api-key must be one line",
      '--cors "http://localhost:3000/" is not an origin',
      '--cors "http://127.0.0.1:5173/app" is not an origin',
      "unknown flag --nope",
      "--port must be a port number",
      "--latency must be a number of milliseconds from 0 to 2147483647",
      "--fail listUser:503: the operationId must be",
    ])
      expect(stderr).toContain(problem);
    expect(stderr).not.toContain("secret-part");
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [["--host", ""], /--host must be an address/],
    [["--api-key", ""], /--api-key must not be empty/],
    [["--api-key", "key\r"], /--api-key must be one line/],
    [["--api-key", "key\u0001"], /--api-key must be Latin-1 text without control characters/],
    [["--api-key", "key\u0085tail"], /--api-key must be Latin-1 text without control characters/],
    [["--api-key", "key\u00a0"], /--api-key must be Latin-1 text without control characters or surrounding spaces/],
    [["--seed", "/dev/zero"], /^--seed \/dev\/zero: not a regular file/],
    [["--cors", "http://127.0.0.1:5173/"], /is not an origin/],
    [["--cors", "localhost:3000"], /is not an (http:\/\/ or https:\/\/ )?origin/],
    [["--cors="], /--cors needs origins/],
    [["--host", "192.0.2.1"], /--host 192\.0\.2\.1: not an address of this machine/],
    [["--quiet=yes"], /--quiet takes no value/],
    [["--seed"], /--seed needs a value/],
  ])("%j exits 2 naming the flag", async (args, message) => {
    const { code, stderr } = await run(["--port", "0", ...args]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it("refuses unknown flags with exit code 2", async () => {
    const child = spawn(process.execPath, [cli, "--nope"], { stdio: "ignore" });
    running.push(child);
    expect(await exitOf(child)).toBe(2);
  });
});

describe("quatrix-user-api-mock's account", () => {
  const users = async (baseUrl: string) =>
    (
      (await (await fetch(`${baseUrl}/user`, { headers: { "x-auth-token": "test-key" } })).json()) as { id: string }[]
    ).map((u) => u.id);

  it("with no flags (the port aside) holds the default account: the document's example users and groups", async () => {
    const { DEFAULT_USERS } = await import("../src/index.js");
    const { baseUrl } = await start(["--port", "0"]);
    expect(await users(baseUrl)).toEqual(DEFAULT_USERS.map((u) => u.id));
  });

  it("a --seed larger than 16 MiB exits 2 without reading it all", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "quatrix-seed-"));
    const seed = path.join(dir, "users.json");
    writeFileSync(seed, "");
    truncateSync(seed, 64 * 1024 * 1024); // sparse: costs no disk
    const { code, stderr } = await run(["--port", "0", "--seed", seed]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^--seed .*users\.json: larger than 16 MiB/);
  });

  it("--empty starts with no users and no groups; with --seed it exits 2", async () => {
    const { baseUrl } = await start(["--port", "0", "--empty"]);
    expect(await users(baseUrl)).toEqual([]);
    const groups = await fetch(`${baseUrl}/user/group`, { headers: { "x-auth-token": "test-key" } });
    expect(await groups.json()).toEqual([]);
    const both = await run(["--port", "0", "--empty", "--seed", "users.json"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--empty and --seed");
  });
});
