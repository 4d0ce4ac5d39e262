// Every sample of the reference runs as a reader copies it, and its operation succeeds: each
// against a fresh mock started exactly as the reference tells readers to start it — the
// `quatrix-user-api-mock` command with no option but a free port, so with its default account
// (the document's example users and groups, the ids the samples use) and its default key. The
// TypeScript samples (`tsc --noEmit -p examples`, run before this file by `npm test`,
// type-checks them against the built client) run with QUATRIX_BASE_URL and QUATRIX_API_KEY set;
// the curl commands run in a shell as they are shown, the document's server swapped for the
// mock's. Every 2xx answer's body must be valid against the document.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type BuiltDocument,
  builtDocument,
  type MediaType,
  operationIds,
  operations,
  sampleOf,
} from "./support/document.js";
import { DEFAULT_API_KEY, type MockCommand, startMockCommand } from "./support/mock-command.js";

const examplesDir = new URL("../examples/", import.meta.url);
const doc = builtDocument();
const validate = responseValidator(doc);
let mock: MockCommand | undefined;

afterEach(async () => {
  await mock?.stop();
  mock = undefined;
  vi.restoreAllMocks();
});

/** An answer a sample got, as fetch handed it over (the body read from a clone). */
interface Answer {
  operationId: string | undefined;
  status: number;
  body: string;
}

describe("samples", () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
    delete process.env.QUATRIX_BASE_URL;
    delete process.env.QUATRIX_API_KEY;
  });

  it("there is one per operation, and no other", () => {
    const files = readdirSync(examplesDir).filter((f) => f.endsWith(".ts"));
    expect(files.map((f) => f.replace(/\.ts$/, "")).sort()).toEqual([...operationIds].sort());
  });

  for (const operationId of operationIds) {
    it(`${operationId}.ts runs against a fresh default mock, and its operation succeeds`, async () => {
      mock = await startMockCommand();
      process.env.QUATRIX_BASE_URL = mock.baseUrl;
      process.env.QUATRIX_API_KEY = DEFAULT_API_KEY;
      // The client sends with globalThis.fetch: this one passes every request through to the
      // mock and keeps a copy of each answer.
      const answers: Answer[] = [];
      globalThis.fetch = async (input, init) => {
        const request = new Request(input, init);
        const response = await realFetch(request);
        const { pathname } = new URL(request.url);
        const base = new URL(mock?.baseUrl ?? request.url).pathname;
        answers.push({
          operationId: operationAt(doc, request.method, pathname.slice(base.length)),
          status: response.status,
          body: await response.clone().text(),
        });
        return response;
      };
      const printed: string[] = [];
      vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
        printed.push(args.map(String).join(" "));
      });
      await import(new URL(`${operationId}.ts`, examplesDir).href);
      const calls = answers.filter((a) => a.operationId === operationId);
      expect(calls.length, `the sample calls ${operationId}`).toBeGreaterThan(0);
      for (const call of calls) expect(call.status, call.body).toBeLessThan(300);
      for (const answer of answers.filter((a) => a.status < 300)) {
        expect(validate(answer.operationId ?? "", String(answer.status), answer.body), answer.body).toEqual([]);
      }
      expect(printed.length, "the sample prints its result").toBeGreaterThan(0);
    });
  }
});

describe("curl samples", () => {
  const run = promisify(execFile);
  let curlHome: string;

  beforeAll(() => {
    // curl reads $CURL_HOME/.curlrc: quiet, and the status after the body, so that the
    // commands run exactly as the reference shows them.
    curlHome = mkdtempSync(path.join(tmpdir(), "quatrix-curl-"));
    writeFileSync(path.join(curlHome, ".curlrc"), 'silent\nshow-error\nmax-time = 30\nwrite-out = "\\n%{http_code}"\n');
  });
  afterAll(() => rmSync(curlHome, { recursive: true, force: true }));

  for (const op of operations(doc)) {
    const success = Object.keys(op.responses).find((s) => s.startsWith("2"));
    it(`${op.operationId}: the curl sample answers ${success} from a fresh default mock, with a body valid against the document`, async () => {
      const sample = sampleOf(op, "curl");
      const server = doc.servers[0]?.url ?? "";
      expect(sample.split(server), "the sample calls the document's server once").toHaveLength(2);
      mock = await startMockCommand();
      const { stdout } = await run("sh", ["-c", sample.replace(server, mock.baseUrl)], {
        env: { PATH: process.env.PATH ?? "", QUATRIX_API_KEY: DEFAULT_API_KEY, CURL_HOME: curlHome },
        timeout: 60_000,
      });
      const lines = stdout.split("\n");
      const status = lines.pop() ?? "";
      const answer = lines.join("\n");
      expect(status, answer).toBe(success);
      expect(validate(op.operationId, status, answer), answer).toEqual([]);
    });
  }
});

/** The operation a request's method and path (the base URL's path taken off) belong to. */
function operationAt(document: BuiltDocument, method: string, path: string): string | undefined {
  const segments = path.split("/");
  return operations(document).find((op) => {
    const template = op.path.split("/");
    return (
      op.method === method.toUpperCase() &&
      template.length === segments.length &&
      template.every((t, i) => /^\{\w+\}$/.test(t) || t === segments[i])
    );
  })?.operationId;
}

/** Checks an answer's body against what the document says the operation answers with `status`. */
function responseValidator(doc: BuiltDocument) {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  ajv.addSchema({ $id: "urn:quatrix:reference", components: doc.components });
  const refs = (schema: unknown) =>
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"urn:quatrix:reference#/components/')) as object;
  return (operationId: string, status: string, text: string): string[] => {
    const op = operations(doc).find((o) => o.operationId === operationId);
    let response: unknown = op?.responses[status];
    while (response && typeof response === "object" && "$ref" in response) {
      const pointer = String(response.$ref).replace(/^#\//, "").split("/");
      response = pointer.reduce<unknown>((at, key) => (at as Record<string, unknown>)?.[key], doc);
    }
    const schema = (response as { content?: Record<string, MediaType> } | undefined)?.content?.["application/json"]
      ?.schema;
    if (!schema) return text === "" ? [] : [`${operationId} documents no body for ${status}, got one`];
    const check = ajv.compile(refs(schema));
    return check(JSON.parse(text)) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };
}
