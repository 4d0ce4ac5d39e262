// Log lines at each level, through a recording logger; every line is checked for the API key.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { LogLevel, QuatrixLogger } from "../src/index.js";
import { API_KEY, guardSecrets, observe, rejection } from "./support/secrets.js";
import { useTestServer } from "./support/test-server.js";
import { clientFor } from "./support/transport.js";

guardSecrets();

const server = useTestServer(() => ({ kind: "json", status: 200, body: [] }));
afterEach(() => vi.unstubAllEnvs());

type Line = [level: keyof QuatrixLogger, message: string];

function recorder(): { logger: QuatrixLogger; lines: Line[] } {
  const lines: Line[] = [];
  const record = (level: keyof QuatrixLogger) => (message: string) => lines.push(observe([level, message]));
  return {
    lines,
    logger: { error: record("error"), warn: record("warn"), info: record("info"), debug: record("debug") },
  };
}

const client = (logLevel: LogLevel | undefined, logger: QuatrixLogger) =>
  clientFor(server, { logLevel, logger, maxRetries: 1, retryBaseDelayMs: 1 });

/** One call of each kind: a success, a 503 then success (a retry), a 400, a 500 twice. */
async function scenario(logLevel: LogLevel | undefined, logger: QuatrixLogger): Promise<void> {
  const c = client(logLevel, logger);
  await c.listUsers();
  server.enqueue({ kind: "json", status: 503, body: { code: -1, msg: "busy" } });
  await c.listUsers();
  server.enqueue({ kind: "json", status: 400, body: { code: 10, msg: "Bad parameter value" } });
  await rejection(c.listUsers());
  server.enqueue(
    { kind: "json", status: 500, body: { code: -1, msg: "down" } },
    { kind: "json", status: 500, body: { code: -1, msg: "down" } },
  );
  await rejection(c.listUsers());
}

const url = () => `${server.url}/api/1.0/user`;

describe("logLevel", () => {
  it('"debug": one line per attempt with operation, method, URL, status, duration and attempt; retries; failures', async () => {
    const { logger, lines } = recorder();
    await scenario("debug", logger);
    const debug = lines.filter(([level]) => level === "debug").map(([, m]) => m);
    expect(debug).toHaveLength(6);
    expect(debug[0]).toMatch(new RegExp(`^\\[quatrix\\] listUsers GET ${url()} → 200 in \\d+ ms \\(attempt 1\\)$`));
    expect(debug[1]).toMatch(/→ 503 in \d+ ms \(attempt 1\)$/);
    expect(debug[2]).toMatch(/→ 200 in \d+ ms \(attempt 2\)$/);
    expect(lines.filter(([level]) => level === "info")).toHaveLength(1);
    expect(lines.filter(([level]) => level === "warn")).toHaveLength(2);
    expect(lines.filter(([level]) => level === "error")).toHaveLength(1);
  });

  it('the openapi-fetch surface: one "debug" line per request, failures at "error", the key in none', async () => {
    const { logger, lines } = recorder();
    const c = client("debug", logger);
    await c.GET("/user");
    server.enqueue({ kind: "redirect", status: 302, location: "http://127.0.0.2/elsewhere" });
    await rejection(c.GET("/user/group"));
    const debug = lines.filter(([level]) => level === "debug").map(([, m]) => m);
    expect(debug).toHaveLength(2);
    expect(debug[0]).toMatch(new RegExp(`^\\[quatrix\\] listUsers GET ${url()} → 200 in \\d+ ms \\(attempt 1\\)$`));
    expect(debug[1]).toMatch(/^\[quatrix\] listUserGroups GET .* → 302 in \d+ ms/);
    const errors = lines.filter(([level]) => level === "error").map(([, m]) => m);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("redirects are not followed");
    const quiet = recorder();
    await client(undefined, quiet.logger).GET("/user");
    expect(quiet.lines).toEqual([]);
  });

  it('"info": retries (at warn), with their reason and delay, answered 4xx (at info) and final failures (at error)', async () => {
    const { logger, lines } = recorder();
    await scenario("info", logger);
    expect(lines.map(([level]) => level)).toEqual(["warn", "info", "warn", "error"]);
    expect(lines[1]?.[1]).toContain("failed: listUsers GET");
    expect(lines[1]?.[1]).toContain("answered 400: Bad parameter value (code 10)");
    expect(lines[0]?.[1]).toMatch(
      new RegExp(`^\\[quatrix\\] listUsers GET ${url()}: attempt 1 failed \\(status 503\\); retrying in \\d+ ms$`),
    );
  });

  it('"warn": failures that will be retried and final failures; "error": only final failures', async () => {
    const warn = recorder();
    await scenario("warn", warn.logger);
    expect(warn.lines.map(([level]) => level)).toEqual(["warn", "warn", "error"]);
    expect(warn.lines[1]?.[1]).toMatch(/listUsers GET .*: attempt 1 failed \(status 500\); retrying in \d+ ms$/);
    const error = recorder();
    await scenario("error", error.logger);
    expect(error.lines.map(([level]) => level)).toEqual(["error"]);
    expect(error.lines[0]?.[1]).toContain("answered 500: down (code -1)");
  });

  it('"off" is the default: nothing is logged', async () => {
    vi.stubEnv("QUATRIX_LOG", "");
    const { logger, lines } = recorder();
    await scenario(undefined, logger);
    await scenario("off", logger);
    expect(lines).toEqual([]);
  });

  it("QUATRIX_LOG sets the level when the option is not given (any case)", async () => {
    vi.stubEnv("QUATRIX_LOG", "WARN");
    const { logger, lines } = recorder();
    await scenario(undefined, logger);
    expect(lines.map(([level]) => level)).toEqual(["warn", "warn", "error"]);
  });

  it("the logger defaults to console", async () => {
    const debug = vi.spyOn(console, "debug").mockImplementation(() => undefined);
    try {
      await clientFor(server, { logLevel: "debug" }).listUsers();
      expect(debug).toHaveBeenCalledWith(expect.stringMatching(/^\[quatrix\] listUsers GET .* → 200 in \d+ ms/));
    } finally {
      debug.mockRestore();
    }
  });
});

describe("a call's own logLevel", () => {
  it("quiets a call whose 4xx the caller handles, or makes one call verbose on a quiet client", async () => {
    const { logger, lines } = recorder();
    const c = client("info", logger);
    server.enqueue({ kind: "json", status: 400, body: { code: 31, msg: "User exists" } });
    await rejection(c.listUsers({ logLevel: "error" }));
    expect(lines).toEqual([]);
    server.enqueue({ kind: "json", status: 400, body: { code: 31, msg: "User exists" } });
    await rejection(c.listUsers());
    expect(lines.map(([level]) => level)).toEqual(["info"]);
    const quiet = recorder();
    await client("off", quiet.logger).listUsers({ logLevel: "debug" });
    expect(quiet.lines.map(([level]) => level)).toEqual(["debug"]);
  });

  it("a logLevel that is not a level is refused before sending", async () => {
    const { logger } = recorder();
    const before = server.requests.length;
    const error = await rejection(client("info", logger).listUsers({ logLevel: "loud" as LogLevel }));
    expect(error.message).toBe(
      "listUsers: invalid request, nothing was sent: /options/logLevel must be one of off, error, warn, info, debug",
    );
    expect(server.requests.length).toBe(before);
  });

  it("a call cancelled by its own signal is logged at debug, not as a failure", async () => {
    const { logger, lines } = recorder();
    const controller = new AbortController();
    const pending = client("debug", logger).listUsers({ signal: controller.signal });
    controller.abort(new Error("left the page"));
    await rejection(pending);
    expect(lines).toEqual([["debug", "[quatrix] listUsers cancelled: left the page"]]);
  });
});

describe("redaction", () => {
  it("the API key and X-Auth-Token values never reach the logger, even when a server echoes them", async () => {
    const { logger, lines } = recorder();
    server.enqueue({
      kind: "json",
      status: 401,
      body: { code: 14, msg: `key ${API_KEY} refused; X-Auth-Token: other-secret-value` },
    });
    // The error keeps what the server said; only the log lines are checked here.
    await client("info", logger)
      .listUsers()
      .catch(() => undefined);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.[1]).toContain("key [redacted] refused; X-Auth-Token: [redacted]");
    expect(lines[0]?.[1]).not.toContain("other-secret-value");
  });
});

// The log lines the client README quotes, as produced: the test server's base URL shown as the
// document's, the measured times as the README's.
describe("the log lines the README quotes", () => {
  it("are the lines the client writes", async () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const { logger, lines } = recorder();
    const c = clientFor(server, { logLevel: "debug", logger, retryBaseDelayMs: 1 });
    await c.listUsers();
    server.enqueue({ kind: "json", status: 503, body: { code: -1, msg: "busy" } });
    await c.listUsers();
    const quoted = (line: string) =>
      line
        .replace(`${server.url}/api/1.0`, "https://api.quatrix.it/api/1.0")
        .replace(/ in \d+ ms \(attempt/, " in 84 ms (attempt")
        .replace(/retrying in \d+ ms$/, "retrying in 480 ms");
    const first = lines.find(([level]) => level === "debug");
    expect(readme).toContain(`// ${quoted(first?.[1] ?? "")}`);
    const retry = lines.find(([level]) => level === "warn");
    expect(retry?.[1]).toMatch(/: attempt 1 failed \(status 503\); retrying in \d+ ms$/);
    expect(readme).toContain(`\`${quoted(retry?.[1] ?? "").replace(/^.*: (attempt 1 failed)/, "$1")}\``);
  });
});
