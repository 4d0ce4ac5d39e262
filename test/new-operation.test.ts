// A new operation is one edit of the document plus its sample. In a scratch copy of the
// workspace, the document gains a GET with a path-level parameter, a POST with a body and an
// optional UserResp property; then only the two samples are added. `generate` names the missing
// samples first; then lint, generate and the builds pass, the client has typed methods, the
// mock answers both operations from the document with valid bodies and shows the new property,
// the docs show both operations with their samples, and the packages' tests that cover every
// operation pass (the MCP server's: two more tools, listed and called), and the size budget
// holds: every app's budget allows each operation more what one costs.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editDocument, liveDocument, modelOf, operationObject } from "./support/document.js";
import { bin, type RunResult, repoRoot, run, type Scratch } from "./support/scratch.js";
import { scratchWorkspace } from "./support/workspace.js";

const USER_ID = "5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c";
const QUOTA = "getUserQuota";
const NOTIFY = "notifyUsers";
const PROPERTY = "password_changed";

let scratch: Scratch;
let firstGenerate: RunResult;
const seconds: Record<string, number> = {};

/** Runs a step in the scratch copy, timing it; fails with its output when it fails. */
async function step(name: string, command: string, args: string[], cwd = "."): Promise<RunResult> {
  const started = performance.now();
  const result = await run(command, args, path.join(scratch.dir, cwd), { CI: "true" });
  seconds[name] = Math.round((performance.now() - started) / 100) / 10;
  return result;
}

async function mustPass(name: string, command: string, args: string[], cwd = "."): Promise<RunResult> {
  const result = await step(name, command, args, cwd);
  expect(result.code, `${name}:\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
}

const sample = (call: string, print: string) => `import { createUserApiClient } from "@quatrix/user-api-client";

// apiKey from QUATRIX_API_KEY; baseUrl from QUATRIX_BASE_URL, else the document's server
const client = createUserApiClient();

const result = await client.${call};
console.log(${print});
`;

beforeAll(async () => {
  scratch = scratchWorkspace();
  // The 401 answer of an authenticated operation of the live document, as it is written there.
  const live = liveDocument();
  const authenticated = modelOf(live).operations.find((op) => op.auth && op.errors.some((e) => e.status === "401"));
  if (!authenticated) throw new Error("the document needs an authenticated operation with a 401 answer");
  const unauthorized = operationObject(live, authenticated).responses["401"];

  editDocument(scratch, (d) => {
    d.paths["/user/quota/{id}"] = {
      parameters: [
        {
          name: "id",
          in: "path",
          required: true,
          description: "The user's id.",
          schema: { type: "string", format: "uuid", description: "A user id (UUID)." },
          example: USER_ID,
        },
      ],
      get: {
        operationId: QUOTA,
        tags: [d.tags[0].name],
        summary: "Get a user's quota",
        description: "Retrieve how many bytes the user may store and how many the user's files take up.",
        responses: {
          "200": {
            description: "The user's quota.",
            content: {
              "application/json": {
                schema: { $ref: "#/components/schemas/UserQuotaResp" },
                examples: { quota: { summary: "Ten GiB, one MiB used", value: { quota: 10737418240, used: 1048576 } } },
              },
            },
          },
          "401": unauthorized,
        },
      },
    };
    d.paths["/user/notify"] = {
      post: {
        operationId: NOTIFY,
        tags: [d.tags[0].name],
        summary: "Notify users",
        description: "Send the given users a message, shown at their next sign-in.",
        requestBody: {
          required: true,
          description: "Who gets the message, and the message.",
          content: {
            "application/json": {
              schema: { $ref: "#/components/schemas/UserNotifyReq" },
              examples: { notify: { summary: "Notify one user", value: { ids: [USER_ID], message: "Welcome!" } } },
            },
          },
        },
        responses: {
          "200": {
            description: "The message is queued for every user.",
            content: {
              "application/json": {
                schema: { $ref: "#/components/schemas/UserNotifyResp" },
                examples: { sent: { summary: "One user notified", value: { notified: 1 } } },
              },
            },
          },
          "401": unauthorized,
        },
      },
    };
    Object.assign(d.components.schemas, {
      UserQuotaResp: {
        type: "object",
        description: "A user's storage quota and use.",
        required: ["quota", "used"],
        properties: {
          quota: { type: "integer", format: "int64", description: "The quota in bytes; 0 means no quota." },
          used: { type: "integer", format: "int64", description: "The bytes the user's files take up." },
        },
      },
      UserNotifyReq: {
        type: "object",
        description: "A message for some users.",
        additionalProperties: false,
        required: ["ids", "message"],
        properties: {
          ids: {
            type: "array",
            minItems: 1,
            description: "The users to notify.",
            items: { type: "string", format: "uuid", description: "A user id." },
          },
          message: { type: "string", minLength: 1, description: "The message." },
        },
      },
      UserNotifyResp: {
        type: "object",
        description: "How many users were notified.",
        required: ["notified"],
        properties: { notified: { type: "integer", description: "The number of users notified." } },
      },
    });
    d.components.schemas.UserResp.properties[PROPERTY] = {
      type: "integer",
      format: "int64",
      description: "When the user last changed their password, in Unix time (seconds); 0 if never.",
    };
  });

  await mustPass("lint", bin("redocly"), ["lint", "openapi/user-api.yaml"]);
  firstGenerate = await step("generate (samples missing)", process.execPath, ["scripts/generate.mjs"]);
  // The one addition besides the document: the two samples, and the changeset naming them.
  scratch.write(`packages/docs/examples/${QUOTA}.ts`, sample(`${QUOTA}("${USER_ID}")`, "result.quota, result.used"));
  scratch.write(
    `packages/docs/examples/${NOTIFY}.ts`,
    sample(`${NOTIFY}({ ids: ["${USER_ID}"], message: "Welcome!" })`, "result.notified"),
  );
  scratch.write(
    ".changeset/notify-and-quota.md",
    `---\n"@quatrix/user-api-client": minor\n---\n\nNew: \`${QUOTA}\`, \`${NOTIFY}\` and \`UserResp.${PROPERTY}\`.\n`,
  );
  await mustPass("lint:code (samples)", bin("biome"), [
    "check",
    "--vcs-enabled=false",
    `packages/docs/examples/${QUOTA}.ts`,
    `packages/docs/examples/${NOTIFY}.ts`,
  ]);
  await mustPass("generate", process.execPath, ["scripts/generate.mjs"]);
  await mustPass("build client", bin("tsup"), [], "packages/client");
  await mustPass("build mock", bin("tsup"), [], "packages/mock-server");
  // Both need only the client and the mock: at once.
  await Promise.all([
    mustPass("build docs", process.execPath, ["scripts/build.mjs"], "packages/docs"),
    mustPass("build mcp", bin("tsup"), [], "packages/mcp-server"),
  ]);
}, 600_000);

afterAll(() => {
  console.log(`scratch steps (s): ${JSON.stringify(seconds)}`);
  scratch?.remove();
});

describe("a twelfth operation (and a thirteenth) in a scratch copy", () => {
  it("generate named the missing samples first, with notices for the mock rules and the changeset", () => {
    expect(firstGenerate.code).toBe(1);
    expect(firstGenerate.stderr).toContain(`packages/docs/examples/${QUOTA}.ts`);
    expect(firstGenerate.stderr).toContain(`packages/docs/examples/${NOTIFY}.ts`);
    for (const id of [QUOTA, NOTIFY]) {
      expect(firstGenerate.stdout).toMatch(new RegExp(`${id}: no mock rule in packages/mock-server/src/rules.ts`));
      expect(firstGenerate.stdout).toMatch(new RegExp(`${id}: new since the last release`));
    }
  });

  it("the client has typed methods for both", async () => {
    scratch.write(
      "packages/client/test/new-operations.ts",
      `import { createUserApiClient, type UserNotifyReq, type UserQuotaResp } from "../src/index.js";

const client = createUserApiClient({ apiKey: "k" });

export async function typed(): Promise<number> {
  const quota: UserQuotaResp = await client.${QUOTA}("${USER_ID}");
  const body: UserNotifyReq = { ids: ["${USER_ID}"], message: "Hi" };
  const { notified }: { notified: number } = await client.${NOTIFY}(body);
  // @ts-expect-error the body is required
  await client.${NOTIFY}();
  // @ts-expect-error an unknown field of a closed body
  await client.${NOTIFY}({ ...body, emial: "x" });
  const [user] = await client.listUsers();
  const changed: number | undefined = user?.${PROPERTY};
  return quota.used + notified + (changed ?? 0);
}
`,
    );
    scratch.write(
      "packages/client/tsconfig.new-operations.json",
      JSON.stringify({ extends: "./tsconfig.json", include: ["test/new-operations.ts"] }),
    );
    await mustPass("typecheck client", bin("tsc"), ["--noEmit", "-p", "packages/client/tsconfig.new-operations.json"]);
  }, 300_000);

  it("the mock answers both from the document, with valid bodies, and shows the new property", async () => {
    const dist = (pkg: string) => pathToFileURL(path.join(scratch.dir, "packages", pkg, "dist", "index.mjs")).href;
    const { startMockServer } = await import(dist("mock-server"));
    const { createUserApiClient } = await import(dist("client"));
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(" "));
    const mock = await startMockServer({ apiKey: "k" });
    try {
      const client = createUserApiClient({ baseUrl: mock.baseUrl, apiKey: "k", validateResponses: true });
      // A user the default account (the document's example users) does not have yet.
      const created = await client.createUser({ name: "Alan Turing", email: "alan@example.com" });
      expect(await client[QUOTA](created.id)).toEqual({ quota: 10737418240, used: 1048576 });
      expect(await client[NOTIFY]({ ids: [created.id], message: "Hi" })).toEqual({ notified: 1 });
      await client[QUOTA](created.id);
      const raw = await fetch(`${mock.baseUrl}/user/quota/${created.id}`, { headers: { "x-auth-token": "k" } });
      expect(raw.headers.get("x-quatrix-mock-source")).toBe("document");
      // The same validation as for any operation: a bad body is refused before any answer.
      const refused = await fetch(`${mock.baseUrl}/user/notify`, {
        method: "POST",
        headers: { "x-auth-token": "k", "content-type": "application/json" },
        body: JSON.stringify({ ids: [], message: "" }),
      });
      expect(refused.status).toBe(400);
      const users = await client.listUsers();
      expect(users.length).toBeGreaterThan(1);
      for (const user of users) expect(user).toHaveProperty(PROPERTY, 0);
      expect(warnings.filter((w) => w.includes(QUOTA))).toHaveLength(1);
      expect(warnings.filter((w) => w.includes(NOTIFY))).toHaveLength(1);
    } finally {
      console.warn = warn;
      await mock.close();
    }
  }, 120_000);

  it("the docs show both operations with their samples", () => {
    const built = JSON.parse(scratch.read("packages/docs/dist/openapi.json"));
    // The page and the document it loads from beside it.
    const html = ["index.html", "reference.js"].map((f) => scratch.read(`packages/docs/dist/${f}`)).join("\n");
    for (const [route, method, id] of [
      ["/user/quota/{id}", "get", QUOTA],
      ["/user/notify", "post", NOTIFY],
    ] as const) {
      const source = scratch.read(`packages/docs/examples/${id}.ts`).trim();
      expect(built.paths[route][method]["x-codeSamples"]).toContainEqual({
        lang: "TypeScript",
        label: "TypeScript",
        source,
      });
      expect(html).toContain(`client.${id}(`);
    }
    expect(html).toContain(PROPERTY);
  });

  it("the packages' tests over every operation pass", async () => {
    // Each package's suite on its own built copy: independent of each other, so at once.
    await Promise.all([
      mustPass(
        "client: operations test",
        bin("vitest"),
        ["run", "--typecheck.enabled=false", "test/operations.test.ts"],
        "packages/client",
      ),
      mustPass(
        "mock: document answers, behaviour, the client in Chromium",
        bin("vitest"),
        ["run", "test/document-answer.test.ts", "test/behaviour.test.ts", "test/browser.test.ts"],
        "packages/mock-server",
      ),
      (async () => {
        await mustPass("docs: samples type-check", bin("tsc"), ["--noEmit", "-p", "examples"], "packages/docs");
        await mustPass(
          "docs: build and samples",
          bin("vitest"),
          ["run", "test/build.test.ts", "test/examples.test.ts"],
          "packages/docs",
        );
      })(),
      // Two more MCP tools, with no hand edit: listed as the model says, called with their examples.
      mustPass(
        "mcp: tools/list and every tool called",
        bin("vitest"),
        ["run", "test/tools-list.test.ts", "test/calls.test.ts"],
        "packages/mcp-server",
      ),
    ]);
  }, 600_000);

  it("the size budget holds: each app's budget grows by its allowance per operation", async () => {
    scratch.write("size-budget.json", readFileSync(path.join(repoRoot, "size-budget.json"), "utf8"));
    await mustPass("size budget", bin("vitest"), ["run", "test/size.test.ts"]);
  }, 300_000);
});
