// Every sample of the reference runs against the mock server and its operation succeeds.
// (`tsc --noEmit -p examples`, run before this file by `npm test`, type-checks them against
// the built client.)
import { readdirSync } from "node:fs";
import { type Exchange, type MockServer, startMockServer } from "@quatrix/user-api-mock";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { operationIds } from "./support/document.js";

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
