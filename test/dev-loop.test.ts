// `npm run dev`, as a contributor uses it, in a scratch copy of the repository: a saved edit of
// the document shows on the page (over HTTP, and reloaded in Chromium by itself); a broken
// document shows as an overlay with file:line:col while the last good page is still served, and
// fixing it clears the overlay; a new optional property reaches the mock's answers and the
// client's types (the very declarations tsup's build makes); Ctrl-C leaves no process behind.
// Behaviour only: no timing is asserted.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { liveDocument, modelOf, type OpenApiDocument } from "./support/document.js";
import { repoRoot } from "./support/scratch.js";
import { type ScratchRepo, scratchRepo } from "./support/scratch-repo.js";

const CHROMIUM = "/usr/bin/chromium";
const inCI = process.env.CI === "true" || process.env.CI === "1";
const DOCUMENT = "openapi/user-api.yaml";
const cacheDir = path.join(repoRoot, ".turbo", "cache");

// What the test edits, from the model: the first operation's description and a schema of its answers.
const model = modelOf(liveDocument());
const [op] = model.operations;
const listing = model.operations.find((o) => o.method === "GET" && o.success.schema?.type === "array");
const itemSchema = String((listing?.success.schema?.items as { $ref?: string } | undefined)?.$ref ?? "")
  .split("/")
  .pop();
if (!op || !listing || !itemSchema) throw new Error("the document needs a GET answering an array of a named schema");

let repo: ScratchRepo;
let dev: ChildProcess;
let output = "";
let docsUrl = "";
let mockUrl = "";
let browser: Browser | undefined;

/** Waits until `check` holds, polling; fails with what dev printed. */
async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  ms = 240_000,
  devRuns = true,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    if (devRuns && dev.exitCode !== null)
      throw new Error(`npm run dev exited (${dev.exitCode}) before ${what}:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}; npm run dev printed:\n${output}`);
}

interface Status {
  state: "ok" | "broken";
  builds: number;
  file?: string;
  line?: number;
  col?: number;
  message?: string;
}
/** What the page serves: the prerendered front page and the document it renders (reference.js). */
const pageText = async () =>
  (await Promise.all(["", "reference.js"].map(async (file) => (await fetch(`${docsUrl}${file}`)).text()))).join("\n");
const status = async (): Promise<Status> => (await fetch(`${docsUrl}__dev/status`)).json() as Promise<Status>;

function editDocument(change: (d: OpenApiDocument) => void): void {
  const d = parse(repo.read(DOCUMENT));
  change(d);
  repo.write(DOCUMENT, stringify(d, { lineWidth: 0 }));
}
const operationObject = (d: OpenApiDocument) => d.paths[op.path][op.method.toLowerCase()];

/** The processes whose command line or working folder is inside the scratch copy. */
function processesIn(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    if (Number(pid) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      if (cmdline.includes(dir)) found.push(`${pid}: ${cmdline}`);
    } catch {
      // ended meanwhile
    }
  }
  return found;
}

beforeAll(async () => {
  repo = scratchRepo({ dependencies: true });
  dev = spawn(process.execPath, ["scripts/dev.mjs", "--docs-port", "0", "--mock-port", "0"], {
    cwd: repo.dir,
    stdio: ["ignore", "pipe", "pipe"],
    // The checkout's turbo cache: the first build of the unchanged copy is replayed, not redone.
    env: { ...process.env, REDOCLY_TELEMETRY: "off", FORCE_COLOR: "0", TURBO_CACHE_DIR: cacheDir },
  });
  dev.stdout?.on("data", (d) => {
    output += d;
  });
  dev.stderr?.on("data", (d) => {
    output += d;
  });
  await until("the URLs", () => /Ctrl-C stops/.test(output), 420_000);
  docsUrl = output.match(/dev: docs (http:\/\/127\.0\.0\.1:\d+\/)/)?.[1] ?? "";
  mockUrl = output.match(/dev: mock (http:\/\/127\.0\.0\.1:\d+\S*)/)?.[1] ?? "";
}, 480_000);

afterAll(async () => {
  await browser?.close();
  if (dev && dev.exitCode === null) dev.kill("SIGKILL");
  repo?.dispose();
});

describe("npm run dev in a scratch copy", () => {
  it("prints the URLs of the docs and the mock, both on 127.0.0.1", async () => {
    expect(docsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(mockUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    expect((await fetch(docsUrl)).status).toBe(200);
    expect((await status()).state).toBe("ok");
  });

  it("shows a saved description edit on the page", async () => {
    const before = (await status()).builds;
    editDocument((d) => {
      operationObject(d).description = "Described anew, over HTTP.";
    });
    await until("the rebuild", async () => (await status()).builds > before);
    expect(await pageText()).toContain("Described anew, over HTTP.");
    expect(output).toMatch(/openapi\/user-api\.yaml → .*docs [\d.]+ s/);
  }, 300_000);

  describe.skipIf(!existsSync(CHROMIUM) && !inCI)("in Chromium", () => {
    let page: Page;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
      page = await browser.newPage();
      await page.goto(docsUrl);
    }, 120_000);

    it("reloads the page by itself after a save", async () => {
      const reloaded = page.waitForEvent("load", { timeout: 240_000 });
      editDocument((d) => {
        operationObject(d).description = "Described anew, in the browser.";
      });
      await reloaded;
      // Redoc renders an operation when the reader goes to it: its place, from the page's document.
      const built = (await (await fetch(`${docsUrl}openapi.json`)).json()) as OpenApiDocument;
      const [tag] = operationObject(built).tags as string[];
      await page.evaluate(
        (hash) => {
          location.hash = hash;
        },
        `#/${String(tag).toLowerCase().replace(/\s+/g, "-")}/${op.operationId.toLowerCase()}`,
      );
      await page.waitForFunction(() => document.body.textContent?.includes("Described anew, in the browser."), null, {
        timeout: 120_000,
      });
    }, 300_000);

    it("shows a broken document as an overlay with file:line:col, and keeps the last good page", async () => {
      repo.edit(DOCUMENT, (t) =>
        t.replace(`operationId: ${op.operationId}\n`, `operationId: ${op.operationId}\n  - [\n`),
      );
      const overlay = page.locator("#quatrix-dev-overlay");
      await overlay.waitFor({ timeout: 240_000 });
      expect(await overlay.textContent()).toMatch(/openapi\/user-api\.yaml:\d+:\d+: /);
      const broken = await status();
      expect(broken.state).toBe("broken");
      expect(output).toContain(`${broken.file}:${broken.line}:${broken.col}: ${broken.message}`);
      expect(await pageText()).toContain("Described anew, in the browser.");
    }, 300_000);

    it("clears the overlay once the document is fixed", async () => {
      repo.edit(DOCUMENT, (t) =>
        t.replace(`operationId: ${op.operationId}\n  - [\n`, `operationId: ${op.operationId}\n`),
      );
      await page.locator("#quatrix-dev-overlay").waitFor({ state: "detached", timeout: 240_000 });
      expect((await status()).state).toBe("ok");
    }, 300_000);
  });

  it("gives the mock's answers and the client's types a new optional property, after a lint error on the way", async () => {
    const before = (await status()).builds;
    // First saved without its description: the lint refuses it, at its line, naming the rule.
    editDocument((d) => {
      d.components.schemas[itemSchema].properties.nickname_in_dev = { type: "string" };
    });
    await until("the lint's refusal", async () => (await status()).state === "broken");
    const refused = await status();
    expect(refused.line).toBeGreaterThan(0);
    expect(refused.message).toContain("schema-description");
    editDocument((d) => {
      d.components.schemas[itemSchema].properties.nickname_in_dev.description = "A nickname, added while dev ran.";
    });
    await until("the rebuild", async () => (await status()).builds > before);
    const answer = await fetch(`${mockUrl}${listing.path}`, { headers: { "x-auth-token": "test-key" } });
    const items = (await answer.json()) as Record<string, unknown>[];
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item).toHaveProperty("nickname_in_dev");
    const types = readdirSync(path.join(repo.dir, "packages/client/dist"))
      .filter((f) => f.endsWith(".d.ts"))
      .map((f) => repo.read(`packages/client/dist/${f}`))
      .join("\n");
    expect(types).toContain("nickname_in_dev?: string;");
    // dev builds the declarations in its own process: they are the files tsup's build makes.
    const dist = path.join(repo.dir, "packages/client/dist");
    const declarations = () =>
      Object.fromEntries(
        readdirSync(dist)
          .filter((f) => /\.d\.[cm]?ts$/.test(f))
          .map((f) => [f, readFileSync(path.join(dist, f), "utf8")]),
      );
    const fromDev = declarations();
    execFileSync(path.join(repo.dir, "node_modules/.bin/tsup"), ["--dts-only"], {
      cwd: path.join(repo.dir, "packages/client"),
      stdio: "ignore",
    });
    expect(fromDev).toEqual(declarations());
  }, 300_000);

  it("says what the operations still lack after a save, as `npm run generate` does", async () => {
    // A required query parameter the sample does not pass: an error of generate's report.
    const id = listing.operationId;
    const sample = `packages/docs/examples/${id}.ts`;
    const call = `client.${id}()`;
    if (!repo.read(sample).includes(call)) throw new Error(`${sample} does not call ${call}`);
    let mark = output.length;
    editDocument((d) => {
      const get = d.paths[listing.path].get;
      get.parameters = [
        ...(get.parameters ?? []),
        {
          name: "dev_filter",
          in: "query",
          required: true,
          example: "x",
          description: "A filter added while dev ran.",
          schema: { type: "string", description: "The filter." },
        },
      ];
    });
    const lacks = `dev: still lacks: ${id}: its docs sample, ${sample}, does not pass the required query parameter "dev_filter"`;
    await until("the report's error", () => output.slice(mark).includes(lacks));
    // Passed by the sample: the error goes, the notice about the mock rule stays.
    mark = output.length;
    repo.edit(sample, (t) => t.replace(call, `client.${id}({ query: { dev_filter: "x" } })`));
    const notice = `dev: notice: ${id}: no mock rule uses query parameter "dev_filter"`;
    await until("the report without the error", () => output.slice(mark).includes(notice));
    expect(output.slice(mark)).not.toContain("dev: still lacks:");
  }, 300_000);

  it("stops everything it started on Ctrl-C (SIGINT)", async () => {
    const exited = new Promise<number | null>((resolve) => dev.once("exit", (code) => resolve(code)));
    dev.kill("SIGINT");
    expect(await exited).toBe(0);
    await until("no process left", () => processesIn(repo.dir).length === 0, 10_000, false);
    expect(processesIn(repo.dir)).toEqual([]);
  }, 30_000);
});
