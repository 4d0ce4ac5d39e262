// The versioned docs site (`npm run docs:site`), built from a scratch repository as a maintainer
// grows it: before any release (only next/), then after two releases cut with `npm run version`
// and tagged — 0.1.0, then 1.0.0, which adds a response field, removes an operation and moves
// one to another tag — and a further unreleased change on main. The site is read from file://,
// offline, in headless Chromium: each version shows its own operations and fields, the switcher
// moves between versions and keeps the reader on the same operation where the other version
// has it, axe-core finds no serious or critical violation, and the Atom feed parses in the
// browser's DOMParser.
// Each site is built once; the assertions share it.
import { type ExecFileException, execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** What this test uses of the repository's scratch repositories (test/support/scratch-repo.ts). */
interface ScratchRepo {
  dir: string;
  write(file: string, text: string): void;
  edit(file: string, change: (text: string) => string): void;
  remove(file: string): void;
  git(...args: string[]): string;
  commit(message: string): void;
  dispose(): void;
}
interface ScratchRepos {
  scratchRepo(options: { dependencies?: boolean }): ScratchRepo;
  changeset(bumps: Record<string, "major" | "minor" | "patch">, summary: string): string;
}
// Loaded at run time: the helper is compiled with the repository's test settings, which this
// package's (NodeNext, where the root's files are CommonJS) would refuse.
const SCRATCH_REPOS = new URL("../../../test/support/scratch-repo.ts", import.meta.url).href;
const { scratchRepo, changeset } = (await import(SCRATCH_REPOS)) as ScratchRepos;

const CHROMIUM = "/usr/bin/chromium";
const SITE_SCRIPT = new URL("../scripts/site.mjs", import.meta.url).pathname;
const VERSION_SCRIPT = new URL("../../../scripts/version.mjs", import.meta.url).pathname;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
// Building a page takes Redocly seconds, more on a loaded machine: generous limits, no timing asserted.
const BUILD_MS = 600_000;

/** The deleteUsers answer's schema (JobResp): its one field, to add fields after. */
const JOB_ID_FIELD =
  "        job_id:\n          type: string\n          format: uuid\n          description: The job's id.\n";
const field = (name: string, description: string) =>
  `        ${name}:\n          type: boolean\n          description: ${description}\n`;
/** listUsers is under the User tag alone, so Redoc places it at `#/user/listusers`. */
const LIST_USERS_TAGS = "      operationId: listUsers\n      tags: [User]\n";
const PGP_PATH = /\n {2}\/user\/pgp-key\/\{id\}:\n[\s\S]*?(?=\n {2}\/user\/create:\n)/;

interface Run {
  code: number;
  output: string;
}

function node(args: string[], cwd: string): Promise<Run> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(npm_|TURBO_|VITEST)/i.test(name) && name !== "NODE_ENV"),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd, env: { ...env, REDOCLY_TELEMETRY: "off" }, maxBuffer: 64 * 1024 * 1024 },
      (error: ExecFileException | null, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, output: stdout + stderr });
      },
    );
  });
}

/** Builds the site of `repo` into a new folder; returns the folder. */
async function buildSite(repo: ScratchRepo): Promise<string> {
  const out = mkdtempSync(path.join(tmpdir(), "quatrix-site-test-"));
  const built = await node([SITE_SCRIPT, "--root", repo.dir, "--out", out], repo.dir);
  expect(built.code, built.output).toBe(0);
  return out;
}

/** `npm run version` in the scratch repository, then the commit and tag a release makes. */
async function release(repo: ScratchRepo, bump: "minor" | "major", version: string, summary: string) {
  repo.write(`.changeset/site-${version}.md`, changeset({ "@quatrix/user-api-docs": bump }, summary));
  const versioned = await node([VERSION_SCRIPT, "--root", repo.dir], repo.dir);
  expect(versioned.code, versioned.output).toBe(0);
  repo.commit(`Version ${version}`);
  repo.git("tag", "-a", `v${version}`, "-m", `Release ${version}`);
}

interface BuiltDocument {
  paths: Record<string, Record<string, { operationId?: string; tags?: string[] }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}
const read = (dir: string, file: string) => readFileSync(path.join(dir, file), "utf8");
const documentOf = (site: string, version: string): BuiltDocument => JSON.parse(read(site, `${version}/openapi.json`));
const operationIdsOf = (doc: BuiltDocument) =>
  Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
const jobFieldsOf = (doc: BuiltDocument) => Object.keys(doc.components.schemas.JobResp?.properties ?? {}).sort();

let repo: ScratchRepo | undefined;
const sites: string[] = [];
let firstSite = "";
let site = "";

afterAll(() => {
  repo?.dispose();
  for (const dir of sites) rmSync(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  repo = scratchRepo({ dependencies: true });
  const r = repo;
  for (const file of r.git("ls-files", ".changeset").split("\n")) {
    if (/\.changeset\/(?!README|config).*\.md$/.test(file)) r.remove(file);
  }
  r.commit("scratch: no pending changesets");
  // Before any release: only next/.
  firstSite = await buildSite(r);
  sites.push(firstSite);

  await release(r, "minor", "0.1.0", "The first release.");
  r.edit("openapi/user-api.yaml", (y) =>
    y
      .replace(JOB_ID_FIELD, JOB_ID_FIELD + field("queued", "Whether the job waits for another."))
      .replace(PGP_PATH, "")
      .replace(LIST_USERS_TAGS, LIST_USERS_TAGS.replace("[User]", "[Group]")),
  );
  await release(r, "major", "1.0.0", "Jobs say whether they wait; the PGP key is no longer read here.");
  r.edit("openapi/user-api.yaml", (y) =>
    y.replace(JOB_ID_FIELD, JOB_ID_FIELD + field("urgent", "Whether the job runs before the others.")),
  );
  r.commit("An unreleased change on main");
  site = await buildSite(r);
  sites.push(site);
}, BUILD_MS);

describe("the site before any release", () => {
  it("has next/ only: latest/ says there is no release yet, and the changes are empty", () => {
    expect(existsSync(path.join(firstSite, "next", "index.html"))).toBe(true);
    expect(operationIdsOf(documentOf(firstSite, "next"))).toContain("getUserPgpKey");
    expect(read(firstSite, "latest/index.html")).toContain('href="../next/index.html"');
    expect(JSON.parse(read(firstSite, "changes.json")).versions).toEqual([]);
    expect(read(firstSite, "changes.atom")).not.toContain("<entry>");
    expect(read(firstSite, "index.html")).toContain('href="next/index.html"');
  });
});

describe("the site of two releases and main", () => {
  it("builds each version from its own document: its operations and fields", () => {
    const first = documentOf(site, "v0.1.0");
    const second = documentOf(site, "v1.0.0");
    const next = documentOf(site, "next");
    expect(operationIdsOf(first)).toContain("getUserPgpKey");
    expect(operationIdsOf(second)).not.toContain("getUserPgpKey");
    expect(first.paths["/user"]?.get?.tags).toEqual(["User"]);
    expect(second.paths["/user"]?.get?.tags).toEqual(["Group"]);
    expect(jobFieldsOf(first)).toEqual(["job_id"]);
    expect(jobFieldsOf(second)).toEqual(["job_id", "queued"]);
    expect(jobFieldsOf(next)).toEqual(["job_id", "queued", "urgent"]);
    // latest/ is the newest release, next/ is labelled unreleased.
    expect(jobFieldsOf(documentOf(site, "latest"))).toEqual(["job_id", "queued"]);
    expect(read(site, "v1.0.0/index.html")).toContain('aria-current="page">1.0.0</a>');
    expect(read(site, "latest/index.html")).toContain('aria-current="page">latest (1.0.0)</a>');
    expect(read(site, "next/index.html")).toContain('aria-current="page">next (unreleased)</a>');
  });

  it("lists the API changes between consecutive releases in changes.json, from the changelogs", () => {
    const { versions } = JSON.parse(read(site, "changes.json"));
    expect(versions.map((v: { version: string }) => v.version)).toEqual(["1.0.0", "0.1.0"]);
    const [second, first] = versions;
    expect(first.previous).toBeNull();
    expect(second).toMatchObject({ tag: "v1.0.0", previous: "0.1.0", comparedWith: "0.1.0", recorded: true });
    expect(second.reference).toBe("v1.0.0/index.html");
    expect(second.changes).toContainEqual(
      expect.objectContaining({ kind: "added", breaking: false, where: expect.stringMatching(/queued$/) }),
    );
    expect(second.changes).toContainEqual(
      expect.objectContaining({ kind: "removed", breaking: true, where: expect.stringContaining("/user/pgp-key/") }),
    );
    expect(JSON.stringify(second.changes)).not.toContain("urgent");
    expect(read(site, "changes.html")).toContain("queued");
  });
});

describe.skipIf(!existsSync(CHROMIUM))("the site in headless Chromium, from file://", () => {
  let browser: Browser;
  let page: Page;
  const outside: string[] = [];
  const consoleErrors: string[] = [];
  const violations: Record<string, string[]> = {};
  const audited: string[] = [];
  const fileUrl = (file: string, hash = "") => pathToFileURL(path.join(site, file)).href + hash;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.route("**/*", (route) => {
      const target = new URL(route.request().url());
      if (target.protocol === "file:" || target.protocol === "data:") return route.continue();
      outside.push(target.href);
      return route.abort("blockedbyclient");
    });
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on("pageerror", (error) => consoleErrors.push(`${page.url()}: ${String(error)}`));
  }, BUILD_MS);

  afterAll(async () => {
    await browser?.close();
  });

  async function audit(name: string): Promise<void> {
    audited.push(name);
    if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
    const found = await page.evaluate(async () => {
      // biome-ignore lint/suspicious/noExplicitAny: axe-core is injected as page script, untyped here.
      const { violations } = await (window as any).axe.run(document, { resultTypes: ["violations"] });
      return (violations as { id: string; impact: string; nodes: { target: string[] }[] }[])
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    });
    if (found.length > 0) violations[name] = found;
  }

  /** Opens the switcher (a disclosure: closed on a page's arrival). */
  async function openSwitcher(): Promise<void> {
    const details = page.getByRole("navigation", { name: "Versions of the reference" }).locator("details");
    if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator("summary").click();
  }

  /** Opens the switcher and follows the link to `label`; waits for that version's page. */
  async function switchTo(label: string, folder: string): Promise<void> {
    await openSwitcher();
    const nav = page.getByRole("navigation", { name: "Versions of the reference" });
    await nav.getByRole("link", { name: label, exact: true }).click();
    await page.waitForURL((url) => url.pathname.endsWith(`/${folder}/index.html`));
  }

  it(
    "shows each version's own fields and operations, and the switcher keeps the reader on the operation",
    async () => {
      await page.goto(fileUrl("v0.1.0/index.html", "#/user/deleteusers"));
      await shows(page, ["Delete users", "job_id"]);
      expect(await visibleText(page)).not.toContain("queued");
      await audit("0.1.0 deleteUsers");

      await switchTo("1.0.0", "v1.0.0");
      expect(new URL(page.url()).hash).toBe("#/user/deleteusers");
      await shows(page, ["Delete users", "job_id", "queued"]);
      expect(await visibleText(page)).not.toContain("urgent");
      // With the switcher open: its links are part of what is checked.
      await openSwitcher();
      await audit("1.0.0 deleteUsers, the switcher open");
      mkdirSync(new URL("../test-results/", import.meta.url), { recursive: true });
      await page.screenshot({ path: new URL("../test-results/site-switcher.png", import.meta.url).pathname });

      await switchTo("next (unreleased)", "next");
      expect(new URL(page.url()).hash).toBe("#/user/deleteusers");
      await shows(page, ["Delete users", "queued", "urgent"]);
    },
    BUILD_MS,
  );

  it(
    "finds an operation that moved to another tag by its operationId",
    async () => {
      await page.goto(fileUrl("v0.1.0/index.html", "#/user/listusers"));
      await page.locator('[id="user/listusers"]').waitFor({ timeout: 30_000 });
      await switchTo("1.0.0", "v1.0.0");
      expect(new URL(page.url()).hash).toBe("#/group/listusers");
      await page.locator('[id="group/listusers"]').waitFor({ timeout: 30_000 });
      await shows(page, ["List users"]);
    },
    BUILD_MS,
  );

  it(
    "opens the other version's front page when it lacks the operation",
    async () => {
      // getUserPgpKey's most specific tag is PGP: the page lists it there only.
      await page.goto(fileUrl("v0.1.0/index.html", "#/pgp/getuserpgpkey"));
      await shows(page, ["Get user's PGP key"]);
      await switchTo("latest (1.0.0)", "latest");
      expect(new URL(page.url()).hash).toBe("");
      await shows(page, ["Quatrix User API", "1.0.0"]);
      expect(await visibleText(page)).not.toContain("Get user's PGP key");
      await audit("latest front page");
    },
    BUILD_MS,
  );

  it(
    "lists the versions and the API changes on accessible pages, and the Atom feed parses",
    async () => {
      await page.goto(fileUrl("index.html"));
      await shows(page, ["latest (1.0.0)", "1.0.0", "0.1.0", "next (unreleased)", "API changes"]);
      await audit("index");
      await page.getByRole("link", { name: "API changes between versions" }).click();
      await page.waitForURL((url) => url.pathname.endsWith("/changes.html"));
      await shows(page, ["1.0.0", "0.1.0", "queued", "Breaking:"]);
      await audit("changes");
      await page.screenshot({ path: new URL("../test-results/site-changes.png", import.meta.url).pathname });

      const atom = read(site, "changes.atom");
      const feed = await page.evaluate((text) => {
        const xml = new DOMParser().parseFromString(text, "application/xml");
        const ns = "http://www.w3.org/2005/Atom";
        return {
          error: xml.getElementsByTagName("parsererror").length,
          root: xml.documentElement.namespaceURI,
          title: xml.getElementsByTagNameNS(ns, "title")[0]?.textContent,
          entries: [...xml.getElementsByTagNameNS(ns, "entry")].map((e) => ({
            title: e.getElementsByTagNameNS(ns, "title")[0]?.textContent ?? "",
            updated: e.getElementsByTagNameNS(ns, "updated")[0]?.textContent ?? "",
            content: e.getElementsByTagNameNS(ns, "content")[0]?.textContent ?? "",
          })),
        };
      }, atom);
      expect(feed.error).toBe(0);
      expect(feed.root).toBe("http://www.w3.org/2005/Atom");
      expect(feed.title).toBe("Quatrix User API: API changes");
      expect(feed.entries.map((e) => e.title.split(":")[0])).toEqual(["1.0.0", "0.1.0"]);
      expect(Number.isNaN(Date.parse(feed.entries[0]?.updated ?? ""))).toBe(false);
      expect(feed.entries[0]?.content).toContain("<code>");
      expect(feed.entries[0]?.content).toContain("queued");
    },
    BUILD_MS,
  );

  it("before any release: latest/ leads to next/", async () => {
    await page.goto(pathToFileURL(path.join(firstSite, "latest", "index.html")).href);
    await shows(page, ["No release yet"]);
    await audit("latest before any release");
    await page.getByRole("link", { name: "the unreleased reference (next)" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/next/index.html"));
    await shows(page, ["Quatrix User API", "next (unreleased)"]);
  });

  it("finds no serious or critical accessibility violation, loads nothing from outside, logs no error", () => {
    expect(audited).toHaveLength(6);
    expect(violations).toEqual({});
    expect(outside).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});

// biome-ignore lint/performance/useDomNodeTextContent: visible text is the point.
const visibleText = (page: Page) => page.evaluate(() => document.body.innerText);

/** Waits until the page's visible text holds every phrase. */
async function shows(page: Page, phrases: string[]): Promise<void> {
  await page
    // biome-ignore lint/performance/useDomNodeTextContent: visible text is the point.
    .waitForFunction((wanted) => wanted.every((p) => document.body.innerText.includes(p)), phrases, { timeout: 30_000 })
    .catch(async () => {
      const text = await visibleText(page);
      throw new Error(`${page.url()} does not show ${JSON.stringify(phrases.filter((p) => !text.includes(p)))}`);
    });
}
