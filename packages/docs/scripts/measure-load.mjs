#!/usr/bin/env node
// `npm run measure:load`: how long the built reference takes to load from disk in headless
// Chromium (a measurement, printed; no test asserts a timing). Each run opens dist/index.html
// in a fresh browser context at the first operation's address and records, from navigation
// start: the first contentful paint, the `load` event, and the first operation rendered (its
// heading and its first code sample in the page, Redoc running). Prints the median and the
// range of several runs.
//
//   node scripts/measure-load.mjs [page.html ...] [--runs N]   (several pages: measured by turns)
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";
const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 9;
const given = args.filter((a, i) => !a.startsWith("--") && args[i - 1] !== "--runs");
const files = (given.length > 0 ? given : [path.join(here, "../dist/index.html")]).map((f) => path.resolve(f));
for (const file of files) {
  if (!existsSync(file)) {
    console.error(`${file} is missing: run \`npm run build\` first`);
    process.exit(1);
  }
}

/** The first operation's address in a page: Redoc's `#/<tag>/<operationid>`, from the openapi.json beside it. */
function firstOperationHash(file) {
  const document = JSON.parse(readFileSync(path.join(path.dirname(file), "openapi.json"), "utf8"));
  for (const item of Object.values(document.paths)) {
    for (const op of Object.values(item)) {
      if (op?.operationId) return `${op.tags[0].toLowerCase()}/${op.operationId.toLowerCase()}`;
    }
  }
  throw new Error(`${file}: the document beside it has no operation`);
}

/** One load of `file` in a fresh context: ms from navigation start to the first paint, `load` and the first operation shown. */
async function loadOnce(browser, file) {
  const anchor = firstOperationHash(file);
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  try {
    const page = await context.newPage();
    // Notes the moment the operation's heading and first code sample are in the page.
    await page.addInitScript((id) => {
      const observer = new MutationObserver(() => {
        const section = document.getElementById(id);
        if (section?.querySelector("h2") && section.querySelector("pre")) {
          window.__firstOperation = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(document, { childList: true, subtree: true });
    }, anchor);
    await page.goto(`${pathToFileURL(file).href}#/${anchor}`, { waitUntil: "load" });
    await page.waitForFunction(() => window.__firstOperation !== undefined, undefined, { timeout: 30_000 });
    return await page.evaluate(() => ({
      paint: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN,
      load: performance.getEntriesByType("navigation")[0].loadEventStart,
      firstOperation: window.__firstOperation,
    }));
  } finally {
    await context.close();
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const summary = (values) =>
  `median ${Math.round(median(values))} ms (${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))})`;

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
const results = files.map(() => ({ paint: [], load: [], firstOperation: [] }));
try {
  // The first round warms the browser up and is not counted; the files take turns, so that a
  // busy moment of a shared machine falls on all of them alike.
  for (let round = 0; round <= runs; round++) {
    for (const [i, file] of files.entries()) {
      const timing = await loadOnce(browser, file);
      if (round === 0) continue;
      results[i].paint.push(timing.paint);
      results[i].load.push(timing.load);
      results[i].firstOperation.push(timing.firstOperation);
    }
  }
} finally {
  await browser.close();
}
for (const [i, file] of files.entries()) {
  const size = readdirSync(path.dirname(file))
    .filter((f) => /\.(html|js|css)$/.test(f))
    .reduce((sum, f) => sum + statSync(path.join(path.dirname(file), f)).size, 0);
  console.log(`${path.relative(process.cwd(), file)} (${runs} loads; page files ${Math.round(size / 1024)} KiB)`);
  console.log(`  first contentful paint:   ${summary(results[i].paint)}`);
  console.log(`  load event:               ${summary(results[i].load)}`);
  console.log(`  first operation rendered: ${summary(results[i].firstOperation)}`);
}
