// The code of the front page and of every guide, as extracted by the build into
// test/generated/guides/: each complete block runs against the mock server — which answers some
// of its POSTs with 429 and `Retry-After`, as a busy Quatrix would — and does what its guide says.
// Fragments are only type-checked (`tsc -p tsconfig.guides.json`, run before this file by
// `npm test`); blocks that are test files run as vitest test files of this package.
import { readdirSync } from "node:fs";
import { createUserApiClient, operationTable, type UserApiClient } from "@quatrix/user-api-client";
import { type MockServer, startMockServer } from "@quatrix/user-api-mock";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { TASK_GUIDES } from "./support/document.js";

const guidesDir = new URL("./generated/guides/", import.meta.url);
const API_KEY = "docs-guide-key";
const ADMINISTRATORS = { id: "6f1c2b1e-5d3a-4e8b-9c7d-2a1b3c4d5e6f", name: "Administrators" };
const USERS = { id: "8d2e3f4a-6b7c-4d8e-9f0a-1b2c3d4e5f60", name: "Users" };
const GiB = 1024 ** 3;

const POSTS = Object.values(operationTable)
  .filter((op) => op.method === "POST")
  .map((op) => op.operationId);
const files = readdirSync(guidesDir).filter((f) => f.endsWith(".ts") && !/\.(fragment|test)\.ts$/.test(f));
const slug = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, "-");

/**
 * How many times the mock answers each POST operation a block calls with 429. Once by default
 * (the client's own retry handles it); more than the client retries (default 2) where the
 * guide handles what the client gives up on.
 */
const RATE_LIMITED_POSTS: Record<string, number> = {
  "provision-users-from-a-list-1.ts": 3,
  "errors-and-retries-in-practice-1.ts": 4, // the guide's client makes 3 retries
};

/** What each guide's code must have done to the account, read back through the API. */
const OUTCOMES: Record<string, (client: UserApiClient, printed: string) => Promise<void>> = {
  "provision-users-from-a-list-1.ts": async (client, printed) => {
    const emails = (await client.listUsers()).map((u) => u.email);
    expect(emails).toEqual(expect.arrayContaining(["grace@example.com", "katherine@example.com", "alan@example.com"]));
    expect(emails.filter((e) => e.toLowerCase() === "owner@example.com")).toHaveLength(1);
    expect(printed).toContain("Created 3, skipped 1 (already users), failed 0");
  },
  "turn-on-mfa-for-a-group-1.ts": async (client, printed) => {
    const users = await client.listUsers();
    const forced = (email: string) => users.find((u) => u.email === email)?.forced_auth ?? [];
    expect(forced("owner@example.com")).toContain("2FA");
    expect(forced("hedy@example.com")).toContain("2FA");
    expect(forced("former.admin@example.com"), "deactivated: left alone").not.toContain("2FA");
    expect(forced("ada@example.com"), "not in the group").not.toContain("2FA");
    expect(printed).toContain("2FA turned on for 2 of 3 members of Administrators");
  },
  "off-board-a-user-1.ts": async (client, printed) => {
    expect((await client.listUsers()).map((u) => u.email)).not.toContain("ada@example.com");
    expect(printed).toMatch(/Deleting ada@example.com: job [0-9a-f-]{36}/);
    expect(printed).toContain("ada@example.com listed: false");
  },
  "errors-and-retries-in-practice-1.ts": async (client, printed) => {
    const quota = async (email: string) => (await client.listUsers()).find((u) => u.email === email)?.quota;
    expect(await quota("owner@example.com")).toBe(50 * GiB);
    expect(await quota("ada@example.com")).toBe(10 * GiB);
    expect(printed).toContain("Quota set for 2 users; 1 problems");
    expect(printed).toContain("nobody@example.com: no such user");
    expect(printed).toMatch(/retrying editUsers in \d+ ms after status 429/);
  },
};

let mock: MockServer;
let client: UserApiClient;
const realFetch = globalThis.fetch;

beforeAll(async () => {
  mock = await startMockServer({
    apiKey: API_KEY,
    groups: [ADMINISTRATORS, USERS],
    users: [
      {
        id: "2a3b4c5d-6e7f-4081-92a3-b4c5d6e7f809",
        name: "Account Owner",
        email: "owner@example.com",
        super_admin: "Y",
        groups: [ADMINISTRATORS],
      },
      { id: "5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c", name: "Ada Lovelace", email: "ada@example.com", groups: [USERS] },
      {
        id: "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a",
        name: "Hedy Lamarr",
        email: "hedy@example.com",
        groups: [ADMINISTRATORS, USERS],
      },
      {
        id: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        name: "Former Admin",
        email: "former.admin@example.com",
        status: "D",
        groups: [ADMINISTRATORS],
      },
    ],
  });
  client = createUserApiClient({ baseUrl: mock.baseUrl, apiKey: API_KEY });
  process.env.QUATRIX_BASE_URL = mock.baseUrl;
  process.env.QUATRIX_API_KEY = API_KEY;
  process.env.QUATRIX_MFA_CODE = "492051";
  // The guides' code may reach 127.0.0.1 only: a default base URL left in a guide fails here.
  globalThis.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname !== "127.0.0.1") throw new Error(`a guide's code tried to reach ${url.origin}`);
    return realFetch(input, init);
  };
});
afterAll(async () => {
  globalThis.fetch = realFetch;
  for (const name of ["QUATRIX_BASE_URL", "QUATRIX_API_KEY", "QUATRIX_MFA_CODE"]) delete process.env[name];
  await mock?.close();
});
afterEach(() => {
  mock.reset();
  vi.restoreAllMocks();
});

describe("the guides' code", () => {
  it("every task guide has code that runs", () => {
    for (const title of TASK_GUIDES)
      expect(
        files.some((f) => f.startsWith(`${slug(title)}-`)),
        title,
      ).toBe(true);
  });

  for (const file of files) {
    it(`${file} runs against the mock and does what its guide says`, async () => {
      const printed: string[] = [];
      const print = (...args: unknown[]) => printed.push(args.map(String).join(" "));
      vi.spyOn(console, "log").mockImplementation(print);
      vi.spyOn(console, "error").mockImplementation(print);
      const rateLimitedPosts = RATE_LIMITED_POSTS[file] ?? 1;
      for (const operationId of POSTS) {
        mock.inject({ operationId, status: 429, headers: { "retry-after": "1" }, times: rateLimitedPosts });
      }
      await import(new URL(file, guidesDir).href);
      const posts = mock.requests.filter((r) => r.method === "POST");
      expect(printed.length, "the code prints what it did").toBeGreaterThan(0);
      await OUTCOMES[file]?.(client, printed.join("\n"));
      // A block that sends POSTs met every 429 the mock had for their operations, and carried on.
      const posted = new Set(posts.map((r) => r.operationId));
      expect(posts.filter((r) => r.status === 429)).toHaveLength(rateLimitedPosts * posted.size);
      const lastLimited = posts.map((r) => r.status).lastIndexOf(429);
      if (lastLimited >= 0)
        expect(posts.length, "a POST was sent again after the last 429").toBeGreaterThan(lastLimited + 1);
    });
  }
});
