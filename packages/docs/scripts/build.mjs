#!/usr/bin/env node
// Builds the API reference: the bundled document, plus a TypeScript sample (from
// examples/<operationId>.ts) and a generated curl sample per operation, the front page (from
// front-page.md) and the guides (from guides/*.md and guides/tasks/*.md, the error codes and the
// changesets), rendered by Redocly into a self-contained, accessible dist/index.html with its
// two scripts beside it (redoc.standalone.js, reference.js). The
// guides' TypeScript blocks are written to test/generated/guides/ for the tests to check and run.
//
// The versioned site (site.mjs) builds each release's page with this script:
//   --root DIR       read the inputs from DIR, a tree laid out like this repository (default: it)
//   --out DIR        write the page there, not to dist/; the guides' code is then not written
//   --version LABEL  the version the page's title shows (default: the packages' version)
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { makeAccessible } from "./accessibility.mjs";
import { splitPage } from "./page-files.mjs";
import { pageDocument, ReferenceProblem, referenceDocument, writeDocumentFiles } from "./reference.mjs";
import { remoteReferences } from "./remote-references.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
// The tools (Redocly, its configuration) are this checkout's; the inputs are the root's.
const tools = path.resolve(here, "../../..");
const option = (name) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const root = path.resolve(option("--root") ?? tools);
const pkg = path.join(root, "packages", "docs");
const dist = option("--out") ? path.resolve(option("--out")) : path.join(pkg, "dist");

// The bundle `npm run generate` made from the document (this build runs after it).
const bundled = path.join(pkg, "generated", "user-api.json");
if (!existsSync(bundled)) {
  console.error("generated/user-api.json is missing: run `npm run generate` first");
  process.exit(1);
}
const document = JSON.parse(readFileSync(bundled, "utf8"));
// The operation model generated from the same bundle: the list of operations to document.
const model = JSON.parse(readFileSync(path.join(pkg, "generated", "model.json"), "utf8"));

// The page's document: samples, front page, guides, navigation, sanitised Markdown (reference.mjs).
let reference;
try {
  reference = referenceDocument({
    root,
    document,
    model,
    version: option("--version"),
    guideCode: option("--out") ? undefined : path.join(pkg, "test", "generated", "guides"),
  });
} catch (error) {
  if (!(error instanceof ReferenceProblem)) throw error;
  console.error(error.message);
  process.exit(1);
}
const { version } = reference;
for (const what of reference.removed) console.warn(`removed from the reference: ${what}`);
if (reference.unsafe.length > 0) {
  console.error(`The reference's Markdown holds HTML outside the allow-list:\n  ${reference.unsafe.join("\n  ")}`);
  process.exit(1);
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
writeDocumentFiles(dist, document);
// The page's title shows the version readers install ("unreleased" before the first release).
const scratch = mkdtempSync(path.join(tmpdir(), "quatrix-docs-"));
const pageFile = path.join(scratch, "openapi.json");
writeFileSync(pageFile, JSON.stringify(pageDocument(document, version)));

execFileSync(
  path.join(tools, "node_modules", ".bin", "redocly"),
  [
    "build-docs",
    pageFile,
    "--output",
    path.join(dist, "index.html"),
    "--inlineBundle",
    "--config",
    path.join(tools, "redocly.yaml"),
  ],
  {
    cwd: tools,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  },
);
rmSync(scratch, { recursive: true, force: true });

// The page must load nothing from outside: the sidebar logo is the one remote image Redoc
// uses; an inline empty image takes its place.
const EMPTY_IMAGE = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/%3E";
const htmlFile = path.join(dist, "index.html");
let html = readFileSync(htmlFile, "utf8");
html = makeAccessible(html);
for (const logo of ["https://cdn.redoc.ly/redoc/logo-mini-full.svg", "https://cdn.redoc.ly/redoc/logo-mini.svg"]) {
  html = html.replaceAll(logo, EMPTY_IMAGE);
}
// Redoc's bundle and the document beside the page, not inside it (see page-files.mjs).
const page = splitPage(html);
writeFileSync(htmlFile, page.html);
for (const [name, text] of Object.entries(page.files)) writeFileSync(path.join(dist, name), text);
// Checked on the page as a browser parses it; what Redoc renders from the document was
// checked above, before the build.
const remote = remoteReferences(page.html);
for (const [name, text] of Object.entries(page.files)) {
  if (text.includes("cdn.redoc.ly")) remote.push(`${name}: Redoc's logo from its CDN`);
}
if (remote.length > 0) {
  console.error(`dist/index.html would load from outside:\n  ${remote.join("\n  ")}`);
  process.exit(1);
}
const kib = (text) => Math.round(Buffer.byteLength(text) / 1024);
console.log(
  `built dist/index.html (${kib(page.html)} KiB), ${Object.entries(page.files)
    .map(([name, text]) => `dist/${name} (${kib(text)} KiB)`)
    .join(", ")}, dist/openapi.json, dist/openapi.yaml`,
);
