// The reference in a real headless Chromium, served from 127.0.0.1 with every other request
// blocked and recorded: all operations, their samples and the guides render, the console
// stays clean, and nothing tries to leave the machine.
import { existsSync, mkdirSync } from "node:fs";
import type { Server } from "node:http";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveDirectory } from "../scripts/serve.mjs";
import { apiModel, distDir, GUIDES, operations } from "./support/document.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const inCI = process.env.CI === "true" || process.env.CI === "1";

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
  let browser: Browser;
  let server: Server;
  let url: string;
  let page: Page;
  const outside: string[] = [];
  const consoleErrors: string[] = [];

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
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(String(error)));
    await page.goto(url, { waitUntil: "networkidle" });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("renders the API's title and overview", async () => {
    await expect(
      page
        .getByRole("heading", { name: /Quatrix User API/ })
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    mkdirSync(new URL("../test-results/", import.meta.url), { recursive: true });
    await page.screenshot({
      path: new URL("../test-results/reference.png", import.meta.url).pathname,
      fullPage: false,
    });
  });

  it("renders every operation of the document, each with its TypeScript sample", async () => {
    const ops = operations();
    expect(ops).toHaveLength(apiModel.operations.length);
    for (const op of ops) {
      // A fresh load per operation, as a reader following a link to it would.
      await page.goto("about:blank");
      await page.goto(`${url}#/user/${op.operationId.toLowerCase()}`, { waitUntil: "networkidle" });
      await shows(page, [op.summary, `client.${op.operationId}(`, "TypeScript"]);
    }
  });

  it("renders every guide from the navigation", async () => {
    const phrases: Record<string, string> = {
      "Getting started": "npm install @quatrix/user-api-client",
      Authentication: "X-Auth-Token",
      Errors: "Not enough cloud space",
      "Testing your code": "startMockServer",
      "Migrating from quatrix_api": "userMetadataIdGet",
      "SDK reference": "createUserApiClient(options?: UserApiClientOptions): UserApiClient",
      Changelog: "First release",
    };
    expect(Object.keys(phrases)).toEqual(GUIDES);
    for (const guide of GUIDES) {
      await page.goto("about:blank");
      await page.goto(url, { waitUntil: "networkidle" });
      await page.getByText(guide, { exact: true }).first().click();
      await shows(page, [phrases[guide] ?? guide]);
    }
  });

  it("logs no console error", () => {
    expect(consoleErrors).toEqual([]);
  });

  it("tried to load nothing from outside 127.0.0.1", () => {
    expect(outside).toEqual([]);
  });
});

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
