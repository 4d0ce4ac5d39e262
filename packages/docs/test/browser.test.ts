// The reference in a real headless Chromium, served from 127.0.0.1 with every other request
// blocked and recorded: the front page, every guide and every operation with both its samples
// render (TypeScript first, long lines wrapped), each operation is once in the navigation,
// axe-core finds no serious or critical accessibility violation on any of them, the
// console stays clean, and nothing tries to leave the machine. One browser, one page: the test
// moves from page to page as a reader following links does.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveDirectory } from "../scripts/serve.mjs";
import {
  apiModel,
  builtDocument,
  distDir,
  GUIDES,
  guideHash,
  operations,
  sampleOf,
  TASK_GUIDES,
} from "./support/document.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const inCI = process.env.CI === "true" || process.env.CI === "1";
// axe-core takes seconds per page on a loaded machine: generous limits, no timing asserted.
const MANY_PAGES_MS = 400_000;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

if (!hasChromium) {
  console.warn(
    `\n!!! ${CHROMIUM} is missing: the docs' real-browser test is SKIPPED, not passed.\n!!! Install it with: apt-get update && apt-get install -y chromium\n`,
  );
}

describe("Chromium", () => {
  it.runIf(inCI)("is installed (required in CI)", () => {
    expect(hasChromium, `${CHROMIUM} must exist in CI: .ci/run installs it`).toBe(true);
  });
});

describe.skipIf(!hasChromium)("the reference in headless Chromium", () => {
  const doc = builtDocument();
  let browser: Browser;
  let server: Server;
  let url: string;
  let page: Page;
  let current = "/";
  const outside: string[] = [];
  const consoleErrors: string[] = [];
  /** Serious and critical axe violations, by page. */
  const violations: Record<string, string[]> = {};
  const checked: string[] = [];

  beforeAll(async () => {
    ({ server, url } = await serveDirectory(new URL(".", distDir).pathname));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.route("**/*", (route) => {
      const target = new URL(route.request().url());
      if (target.protocol === "data:" || target.hostname === "127.0.0.1" || target.hostname === "localhost") {
        return route.continue();
      }
      outside.push(target.href);
      return route.abort("blockedbyclient");
    });
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(`${current}: ${message.text()}`);
    });
    page.on("pageerror", (error) => consoleErrors.push(`${current}: ${String(error)}`));
    await page.goto(url, { waitUntil: "networkidle" });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  /** Follows an in-page link to `hash`, as a reader clicking it does. */
  async function open(hash: string, phrases: string[]): Promise<void> {
    current = hash;
    await page.evaluate((h) => {
      window.location.hash = h;
    }, hash);
    await shows(page, phrases);
  }

  /** Runs axe-core on the page as it is; records serious and critical violations. */
  async function audit(name: string): Promise<void> {
    checked.push(name);
    if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
    const found = await page.evaluate(async () => {
      // biome-ignore lint/suspicious/noExplicitAny: axe-core is injected as page script, untyped here.
      const { violations } = await (window as any).axe.run(document, { resultTypes: ["violations"] });
      return (violations as { id: string; impact: string; nodes: { target: string[] }[] }[])
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map(
          (v) =>
            `${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes
              .map((n) => n.target.join(" "))
              .slice(0, 3)
              .join(", ")}`,
        );
    });
    if (found.length > 0) violations[name] = found;
  }

  it("front page: for readers, with the released version, a first call in curl and TypeScript, and every guide linked", async () => {
    const version = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;
    const shown = version === "0.0.0" ? "unreleased" : version;
    await shows(page, [
      `${doc.info.title}`,
      shown,
      "Base URLs",
      "X-Auth-Token",
      "curl ",
      "createUserApiClient",
      "listUsers()",
    ]);
    await expect(
      page
        .getByRole("heading", { name: new RegExp(`Quatrix User API.*${shown}`) })
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    // biome-ignore lint/performance/useDomNodeTextContent: visible text is the point.
    expect(await page.evaluate(() => document.body.innerText)).not.toContain("Corrections to the vendor");
    const links = await page.evaluate(() =>
      [...document.querySelectorAll("a[href^='#/']")].map((a) => a.getAttribute("href")),
    );
    for (const guide of [...GUIDES, ...TASK_GUIDES]) expect(links, guide).toContain(guideHash(guide));
    mkdirSync(new URL("../test-results/", import.meta.url), { recursive: true });
    await page.screenshot({ path: new URL("../test-results/reference.png", import.meta.url).pathname });
    await audit("front page");
  });

  it(
    "renders every guide from its link",
    async () => {
      const phrases: Record<string, string> = {
        "Getting started": "npm install @quatrix/user-api-client",
        Authentication: "X-Auth-Token",
        Errors: "Not enough cloud space",
        "Testing your code": "startMockServer",
        "Migrating from quatrix_api": "userMetadataIdGet",
        "AI agents (MCP)": "x-quatrix-destructive",
        "SDK reference": "createUserApiClient(options?: UserApiClientOptions): UserApiClient",
        Changelog: "First release",
        "Provision users from a list": "QuatrixRateLimitError",
        "Turn on MFA for a group": "setUsersMfa",
        "Off-board a user": "What the job id means",
        "Errors and retries in practice": "onRetry",
      };
      expect(Object.keys(phrases)).toEqual([...GUIDES, ...TASK_GUIDES]);
      for (const guide of [...GUIDES, ...TASK_GUIDES]) {
        await open(guideHash(guide), [guide, phrases[guide] ?? guide]);
        await audit(guide);
      }
    },
    MANY_PAGES_MS,
  );

  it(
    "renders every operation with its TypeScript sample first and curl second, long lines wrapped, not cut",
    async () => {
      const ops = operations(doc);
      expect(ops).toHaveLength(apiModel.operations.length);
      for (const op of ops) {
        const id = operationAnchor(op);
        await open(`#/${id}`, [op.summary]);
        const section = page.locator(`[id="${id}"]`);
        // The samples panel opens on TypeScript; the reader picks curl from its menu, second.
        const picker = section.locator("button[aria-haspopup=menu]", { hasText: /^(curl|TypeScript)$/ });
        await expect(picker.textContent(), op.operationId).resolves.toBe("TypeScript");
        await showsSample(section, op, "TypeScript");
        await picker.click();
        const items = page.locator("[role=menu]:visible [role=menuitem]");
        await expect(items.allTextContents(), op.operationId).resolves.toEqual(["TypeScript", "curl"]);
        for (const lang of ["curl", "TypeScript"] as const) {
          if (lang !== "curl") await picker.click();
          // A DOM click: the menu may open where Playwright cannot scroll to; what it shows next is checked.
          await items.filter({ hasText: new RegExp(`^${lang}$`) }).dispatchEvent("click");
          await showsSample(section, op, lang);
          expect(await cutLines(section), `${op.operationId} ${lang}`).toEqual([]);
        }
        await audit(op.operationId);
      }
    },
    MANY_PAGES_MS,
  );

  it("lists every operation once in the navigation, under its one tag", async () => {
    // Redoc shows the operations of one tag at a time: each tag is opened and its entries read.
    const entries = new Set<string>();
    const apiTags = doc["x-tagGroups"].find((g) => g.name === "API reference")?.tags ?? [];
    expect(apiTags.length).toBeGreaterThan(0);
    for (const tag of apiTags) {
      await page
        .locator("[data-component-name='Menu/MenuItem'] > a", { hasText: new RegExp(`^${tag}$`) })
        .first()
        .click();
      await page.waitForFunction(
        (prefix) => document.querySelector(`[data-component-name='Menu/MenuItem'] > a[href^='${prefix}']`) !== null,
        `#/${tag.toLowerCase()}/`,
      );
      const hrefs = await page
        .locator("[data-component-name='Menu/MenuItem'] > a")
        .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
      for (const href of hrefs) if (/^#\/[^/]+\/[^/]+$/.test(href)) entries.add(href);
    }
    for (const op of operations(doc)) {
      expect(
        [...entries].filter((h) => h.endsWith(`/${op.operationId.toLowerCase()}`)),
        op.operationId,
      ).toEqual([`#/${operationAnchor(op)}`]);
    }
    expect(entries.size).toBe(operations(doc).length);
  });

  it("works from disk, offline: opened as a file, Redoc starts from the scripts beside the page", async () => {
    const offline = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems: string[] = [];
    try {
      await offline.route("**/*", (route) => {
        const target = new URL(route.request().url());
        if (target.protocol === "file:" || target.protocol === "data:") return route.continue();
        problems.push(`outside: ${target.href}`);
        return route.abort("blockedbyclient");
      });
      offline.on("pageerror", (error) => problems.push(String(error)));
      offline.on("console", (message) => {
        if (message.type() === "error") problems.push(message.text());
      });
      const [first] = operations(doc);
      if (!first) throw new Error("the document has no operation");
      await offline.goto(`${new URL("index.html", distDir).href}#/${operationAnchor(first)}`);
      await offline
        .locator(`[id="${operationAnchor(first)}"] pre`)
        .first()
        .waitFor({ timeout: 30_000 });
      await shows(offline, [first.summary, `client.${first.operationId}(`]);
      expect(problems).toEqual([]);
    } finally {
      await offline.close();
    }
  });

  it("axe-core finds no serious or critical violation on any page", () => {
    expect(checked.length).toBe(1 + GUIDES.length + TASK_GUIDES.length + operations(doc).length);
    expect(violations).toEqual({});
  });

  it("logs no console error", () => {
    expect(consoleErrors).toEqual([]);
  });

  it("tried to load nothing from outside 127.0.0.1", () => {
    expect(outside).toEqual([]);
  });
});

/** An operation's address in the page: Redoc's `<tag>/<operationid>`, under its one tag. */
function operationAnchor(op: { operationId: string; tags?: string[] }): string {
  return `${(op.tags?.[0] ?? "").toLowerCase()}/${op.operationId.toLowerCase()}`;
}

/** Waits until the operation's samples panel shows the sample of `lang`. */
async function showsSample(
  section: Locator,
  op: Parameters<typeof sampleOf>[0],
  lang: "curl" | "TypeScript",
): Promise<void> {
  const marker = lang === "curl" ? "curl " : `client.${op.operationId}(`;
  const line = sampleOf(op, lang)
    .split("\n")
    .find((l) => l.includes(marker));
  await expect(
    section
      .getByText(line?.trim() ?? marker, { exact: false })
      .first()
      .isVisible(),
  ).resolves.toBe(true);
}

/**
 * The code blocks of a section whose lines are cut: wider than their box, or not wrapping
 * (Redoc's blocks scroll with no scrollbar shown, which reads as cut).
 */
async function cutLines(section: Locator): Promise<string[]> {
  return section.locator("pre").evaluateAll((blocks) =>
    blocks
      .filter((pre) => pre.getClientRects().length > 0)
      .filter((pre) => pre.scrollWidth > pre.clientWidth + 1 || getComputedStyle(pre).whiteSpace !== "pre-wrap")
      .map(
        (pre) =>
          `${pre.textContent?.slice(0, 40)}: scrollWidth ${pre.scrollWidth} > clientWidth ${pre.clientWidth}, white-space ${getComputedStyle(pre).whiteSpace}`,
      ),
  );
}

/** Waits until the page's visible text holds every phrase. */
async function shows(page: Page, phrases: string[]): Promise<void> {
  await page
    // innerText, not textContent: what a reader sees, not what is hidden.
    // biome-ignore lint/performance/useDomNodeTextContent: visible text is the point.
    .waitForFunction((wanted) => wanted.every((p) => document.body.innerText.includes(p)), phrases, { timeout: 15_000 })
    .catch(async () => {
      // biome-ignore lint/performance/useDomNodeTextContent: visible text is the point.
      const text = await page.evaluate(() => document.body.innerText);
      throw new Error(`the page does not show ${JSON.stringify(phrases.filter((p) => !text.includes(p)))}`);
    });
}
