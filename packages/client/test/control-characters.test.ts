// Control characters in body field names and in server strings are escaped (`\n`, `\u001b`) in
// error messages and log lines: a LF or an ANSI code can never forge or recolour a log line.
import { describe, expect, it } from "vitest";
import type { QuatrixLogger } from "../src/index.js";
import { guardSecrets, observe, rejection } from "./support/secrets.js";
import { useTestServer } from "./support/test-server.js";
import { clientFor } from "./support/transport.js";

guardSecrets();

const server = useTestServer(() => ({ kind: "json", status: 200, body: [] }));

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const FORGED = "\n[quatrix] createUser POST https://api.quatrix.it/api/1.0/user/create → 201\u001b[0m";

function recorder(): { logger: QuatrixLogger; lines: string[] } {
  const lines: string[] = [];
  const record = (line: string) => {
    lines.push(observe(line));
  };
  return { lines, logger: { error: record, warn: record, info: record, debug: record } };
}

describe("control characters", () => {
  it("in a body's field name: escaped in the validation error and its log line", async () => {
    const { logger, lines } = recorder();
    const client = clientFor(server, { logLevel: "debug", logger });
    const error = await rejection(
      client.createUser({ name: "Ada", email: "ada@example.com", [`x${FORGED}`]: 1 } as never),
    );
    expect(error.message).not.toMatch(CONTROL);
    expect(error.message).toContain("/body/x\\n[quatrix] createUser POST");
    expect(error.message).toContain("\\u001b[0m is not a field of this request");
    expect(lines).toHaveLength(1);
    for (const line of lines) expect(line).not.toMatch(CONTROL);
    expect(server.requests).toHaveLength(0);
  });

  it("invisible marks (U+061C, U+200E, U+200F, U+FEFF) in a field name: escaped too", async () => {
    const client = clientFor(server, { maxRetries: 0 });
    const marks = "\u061c\u200e\u200f\ufeff";
    const error = await rejection(
      client.createUser({ name: "Ada", email: "ada@example.com", [`x${marks}`]: 1 } as never),
    );
    expect(error.message).toContain("/body/x\\u061c\\u200e\\u200f\\ufeff");
    for (const mark of marks) expect(error.message).not.toContain(mark);
    expect(server.requests).toHaveLength(0);
  });

  it("in a server's msg and details: escaped in the error and in every log line", async () => {
    const { logger, lines } = recorder();
    const client = clientFor(server, { logLevel: "debug", logger, maxRetries: 1, retryBaseDelayMs: 1 });
    const body = {
      code: -1,
      msg: `down${FORGED}`,
      details: { issues: [{ path: `/a${FORGED}`, message: "\u001b[2J" }] },
    };
    server.enqueue({ kind: "json", status: 500, body }, { kind: "json", status: 500, body });
    const error = await rejection(client.listUsers());
    expect(error.message).not.toMatch(CONTROL);
    expect(error.message).toContain("down\\n[quatrix]");
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line).not.toMatch(CONTROL);
  });

  it("in a signal's reason: escaped in the log line", async () => {
    const { logger, lines } = recorder();
    const controller = new AbortController();
    const pending = clientFor(server, { logLevel: "debug", logger }).listUsers({ signal: controller.signal });
    controller.abort(new Error(`bye${FORGED}`));
    await rejection(pending);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(CONTROL);
  });
});
