// Every sample of the reference runs against the mock server and its operation succeeds: the
// TypeScript samples (`tsc --noEmit -p examples`, run before this file by `npm test`,
// type-checks them against the built client) and the curl commands, run by curl as they are
// shown, the document's server swapped for the mock's.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { DEFAULT_USERS, type Exchange, type MockServer, startMockServer } from "@quatrix/user-api-mock";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type BuiltDocument,
  builtDocument,
  examplesOf,
  type MediaType,
  operationIds,
  operations,
  sampleOf,
} from "./support/document.js";

const examplesDir = new URL("../examples/", import.meta.url);
const API_KEY = "docs-sample-key";
const exchanges: Exchange[] = [];
let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer({
    apiKey: API_KEY,
    onExchange: (e) => exchanges.push(e),
    users: [
      {
        id: "2a3b4c5d-6e7f-4081-92a3-b4c5d6e7f809",
        name: "Account Owner",
        email: "owner@example.com",
        super_admin: "Y",
        password: "b3duZXI=",
        pgpKey: { public: Buffer.from("-----BEGIN PGP PUBLIC KEY BLOCK-----\n...").toString("base64") },
      },
      // Created, not signed up yet: the samples edit, secure, sign up and delete this user.
      { id: "5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c", name: "Ada Lovelace", email: "ada@example.com" },
    ],
  });
  process.env.QUATRIX_BASE_URL = mock.baseUrl;
  process.env.QUATRIX_API_KEY = API_KEY;
});
afterAll(async () => {
  delete process.env.QUATRIX_BASE_URL;
  delete process.env.QUATRIX_API_KEY;
  await mock.close();
});
afterEach(() => {
  mock.reset();
  exchanges.length = 0;
  vi.restoreAllMocks();
});

describe("samples", () => {
  it("there is one per operation, and no other", () => {
    const files = readdirSync(examplesDir).filter((f) => f.endsWith(".ts"));
    expect(files.map((f) => f.replace(/\.ts$/, "")).sort()).toEqual([...operationIds].sort());
  });

  for (const operationId of operationIds) {
    it(`${operationId}.ts runs, and its operation succeeds`, async () => {
      const printed: string[] = [];
      vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
        printed.push(args.map(String).join(" "));
      });
      await import(new URL(`${operationId}.ts`, examplesDir).href);
      const calls = exchanges.filter((e) => e.operationId === operationId);
      expect(calls.length, `the sample calls ${operationId}`).toBeGreaterThan(0);
      for (const call of calls) expect(call.status, JSON.stringify(call.body)).toBeLessThan(300);
      expect(printed.length, "the sample prints its result").toBeGreaterThan(0);
    });
  }
});

describe("curl samples", () => {
  const doc = builtDocument();
  const run = promisify(execFile);
  const validate = responseValidator(doc);
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
    it(`${op.operationId}: the curl sample answers ${success} with a body valid against the document`, async () => {
      const sample = sampleOf(op, "curl");
      const server = doc.servers[0]?.url ?? "";
      expect(sample.split(server), "the sample calls the document's server once").toHaveLength(2);
      // The account as the document's examples show it; a sample that creates a user runs
      // without that user.
      const [body] = examplesOf(op.requestBody?.content?.["application/json"], doc) as { email?: string }[];
      const creates = success === "201";
      const users = documentAccount(doc).filter((u) => !(creates && u.email === body?.email));
      const account = await startMockServer({ apiKey: API_KEY, users });
      try {
        const { stdout } = await run("sh", ["-c", sample.replace(server, account.baseUrl)], {
          env: { PATH: process.env.PATH ?? "", QUATRIX_API_KEY: API_KEY, CURL_HOME: curlHome },
          timeout: 60_000,
        });
        const lines = stdout.split("\n");
        const status = lines.pop() ?? "";
        const answer = lines.join("\n");
        expect(status, answer).toBe(success);
        expect(validate(op.operationId, status, answer), answer).toEqual([]);
      } finally {
        await account.close();
      }
    });
  }
});

/**
 * The account owner (whose key the samples use: the mock does not let a key delete or
 * deactivate its own user), then the users of the document's examples: `listUsers`'s, with the
 * PGP key of `getUserPgpKey`'s.
 */
function documentAccount(doc: BuiltDocument) {
  const ops = operations(doc);
  const success = (id: string) => {
    const op = ops.find((o) => o.operationId === id);
    return examplesOf(op?.responses["200"]?.content?.["application/json"], doc)[0];
  };
  const users = success("listUsers") as { id: string; name: string; email: string }[];
  const pgpKey = success("getUserPgpKey") as { email?: string; public: string };
  return [...DEFAULT_USERS, ...users.map((u) => ({ ...u, ...(u.email === pgpKey.email ? { pgpKey } : {}) }))];
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
