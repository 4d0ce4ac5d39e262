// The API key in any spelling a server may echo it in — as sent, JSON-escaped (`\/`, `\uXXXX`
// in either case), percent-encoded (UTF-8 bytes, either case), mixed character by character —
// never reaches an error (message, msg, details, headers, location, excerpt, JSON, inspect) or a
// log line. Keys are generated with `/`, `+`, `=` and non-ASCII (Latin-1) characters.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { QuatrixApiError, QuatrixLogger } from "../src/index.js";
import { guardSecrets, observe, renderings } from "./support/secrets.js";
import { useTestServer } from "./support/test-server.js";
import { clientFor } from "./support/transport.js";

guardSecrets();

const server = useTestServer();

const KEY_CHARACTERS = [..."abcxyzABCXYZ0189/+=-_.~", "é", "ü", "ß", "©", "ÿ"];
const SPELLINGS = ["plain", "json-escape", "json-u", "json-U", "percent", "PERCENT"] as const;
type Spelling = (typeof SPELLINGS)[number];

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
const utf8 = (c: string) => [...new TextEncoder().encode(c)];

/** One character as a server may write it. */
function spell(c: string, how: Spelling): string {
  const code = c.charCodeAt(0);
  switch (how) {
    case "plain":
      return c;
    case "json-escape":
      return c === "/" ? "\\/" : c;
    case "json-u":
      return `\\u${hex(code, 4)}`;
    case "json-U":
      return `\\u${hex(code, 4).toUpperCase()}`;
    case "percent":
      return utf8(c)
        .map((b) => `%${hex(b, 2)}`)
        .join("");
    case "PERCENT":
      return utf8(c)
        .map((b) => `%${hex(b, 2).toUpperCase()}`)
        .join("");
  }
}

const keyAndSpelling = fc
  .array(fc.tuple(fc.constantFrom(...KEY_CHARACTERS), fc.constantFrom(...SPELLINGS)), { minLength: 8, maxLength: 24 })
  .map((pairs) => ({
    key: pairs.map(([c]) => c).join(""),
    spelled: pairs.map(([c, how]) => spell(c, how)).join(""),
    // A Location is a URL: only the plain and percent-encoded spellings survive URL parsing.
    inUrl: pairs.map(([c, how]) => spell(c, how.startsWith("json") ? "PERCENT" : how)).join(""),
  }));

function recorder(): { logger: QuatrixLogger; lines: string[] } {
  const lines: string[] = [];
  const record = (line: string) => {
    lines.push(line);
  };
  return { lines, logger: { error: record, warn: record, info: record, debug: record } };
}

function expectNowhere(texts: string[], ...secrets: string[]): void {
  for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
}

describe("the key echoed in any spelling", () => {
  it("is redacted from API errors and log lines (property)", async () => {
    await fc.assert(
      fc.asyncProperty(keyAndSpelling, async ({ key, spelled, inUrl }) => {
        const { logger, lines } = recorder();
        const client = clientFor(server, { apiKey: key, maxRetries: 0, logLevel: "debug", logger });
        // A JSON body written by hand, so the spelling is exactly what the server sends.
        server.enqueue({
          kind: "raw",
          status: 401,
          contentType: "application/json",
          body: `{"code":14,"msg":"key ${spelled} refused","details":{"echo":"${spelled}","issues":[{"path":"/${spelled}","message":"${spelled}"}]}}`,
          headers: { "x-echo": spelled },
        });
        let error: unknown;
        try {
          await client.listUsers();
        } catch (caught) {
          error = caught;
        }
        const apiError = error as QuatrixApiError;
        expect(apiError.status).toBe(401);
        expect(apiError.msg).toBe("key [redacted] refused");
        expect(apiError.headers["x-echo"]).toBe("[redacted]");
        expectNowhere([...renderings(error), ...lines], key, spelled);

        server.enqueue({ kind: "raw", status: 200, contentType: "application/json", body: `{"not json ${spelled}` });
        expectNowhere([...renderings(await client.listUsers().catch((e: unknown) => e)), ...lines], key, spelled);

        server.enqueue({ kind: "redirect", status: 302, location: `http://127.0.0.2/${inUrl}/next?key=${inUrl}` });
        const redirect = await client.getUserPgpKey("5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c").catch((e: unknown) => e);
        expect((redirect as { location?: string }).location).toContain("[redacted]");
        expectNowhere([...renderings(redirect), ...lines], key, spelled, inUrl);
        observe(lines.join("\n"));
      }),
      {
        numRuns: 25,
        // Found by a run: URL parsing turned `/./aaaaaaaa` into `/aaaaaaaa`, which no longer matched the key.
        examples: [[{ key: "./aaaaaaaa", spelled: "./aaaaaaaa", inUrl: "./aaaaaaaa" }]],
      },
    );
  }, 60_000);
});
