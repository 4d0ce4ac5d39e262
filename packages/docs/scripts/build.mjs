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
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { makeAccessible } from "./accessibility.mjs";
import { lockstepChangelog } from "./changelog.mjs";
import { curlSample } from "./curl-sample.mjs";
import { frontPage } from "./front-page.mjs";
import { withoutMarks, writeGuideCode } from "./guide-code.mjs";
import { oneTagPerOperation } from "./navigation.mjs";
import { splitPage } from "./page-files.mjs";
import { remoteReferences } from "./remote-references.mjs";
import { documentProblems, sanitiseDocument } from "./sanitise-markdown.mjs";
import { sdkReference } from "./sdk-reference.mjs";

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

// Two samples per operation, TypeScript first (the tab the page opens on), then curl: a missing
// TypeScript sample, or a document that lacks what the curl sample needs (an example), fails the
// build.
const missing = [];
const curlSamples = new Map();
for (const op of model.operations) {
  const file = path.join(pkg, "examples", `${op.operationId}.ts`);
  const samples = [];
  if (existsSync(file)) {
    samples.push({ lang: "TypeScript", label: "TypeScript", source: readFileSync(file, "utf8").trim() });
  } else {
    missing.push(`TypeScript sample ${path.relative(root, file)}`);
  }
  try {
    curlSamples.set(op.operationId, curlSample(document, op));
    samples.push({ lang: "curl", label: "curl", source: curlSamples.get(op.operationId) });
  } catch (error) {
    missing.push(`curl sample of ${error.message}`);
  }
  // The bundle's operation object the model entry came from (path and method are its address).
  document.paths[op.path][op.method.toLowerCase()]["x-codeSamples"] = samples;
}
if (missing.length > 0) {
  console.error(`Every operation needs a curl and a TypeScript sample; missing:\n  ${missing.join("\n  ")}`);
  process.exit(1);
}

// The guides, first in the navigation, as tags that group no operation.
const guideGroups = [
  { name: "Guides", guides: readGuides(path.join(pkg, "guides")) },
  { name: "Task guides", guides: readGuides(path.join(pkg, "guides", "tasks")) },
];
// The guides written here; their code is extracted for the tests. Then the generated pages.
const writtenGuides = guideGroups.flatMap((g) => g.guides);
guideGroups[0].guides.push(
  { title: "SDK reference", slug: "sdk-reference", markdown: sdkReference() },
  { title: "Changelog", slug: "changelog", markdown: lockstepChangelog(root) },
);
const guides = guideGroups.flatMap((g) => g.guides);

// The front page: for readers of the API (the document's history is in openapi/CORRECTIONS.md).
const front = frontPage(readFileSync(path.join(pkg, "front-page.md"), "utf8"), { document, curlSamples, guideGroups });
const version = option("--version") ?? releasedVersion();
if (!option("--out")) {
  writeGuideCode(
    [{ title: "Overview", slug: "overview", markdown: front }, ...writtenGuides],
    path.join(pkg, "test", "generated", "guides"),
  );
}
document.info.description = withoutMarks(front);
const apiTags = document.tags.map((t) => t.name);
document.tags = [
  ...guides.map((g) => ({ name: g.title, description: withoutMarks(g.markdown), "x-traitTag": true })),
  ...document.tags,
];
document["x-tagGroups"] = [
  ...guideGroups.map((g) => ({ name: g.name, tags: g.guides.map((guide) => guide.title) })),
  { name: "API reference", tags: apiTags },
];
// Each operation once in the navigation, under one tag; its other tags become links.
oneTagPerOperation(document);

// Markdown from the document, the guides and the changesets is cut to the allow-list of HTML
// (no iframe, script, event handler, style, or URL loaded from outside); what went is named.
// What the sanitiser could not reach fails the build, named.
for (const what of sanitiseDocument(document)) console.warn(`removed from the reference: ${what}`);
const unsafe = documentProblems(document);
if (unsafe.length > 0) {
  console.error(`The reference's Markdown holds HTML outside the allow-list:\n  ${unsafe.join("\n  ")}`);
  process.exit(1);
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
writeFileSync(path.join(dist, "openapi.json"), `${JSON.stringify(document, null, 2)}\n`);
writeFileSync(path.join(dist, "openapi.yaml"), stringify(document, { lineWidth: 0 }));
// The page's title shows the version readers install ("unreleased" before the first release).
const scratch = mkdtempSync(path.join(tmpdir(), "quatrix-docs-"));
const pageDocument = path.join(scratch, "openapi.json");
writeFileSync(pageDocument, JSON.stringify({ ...document, info: { ...document.info, version } }));

execFileSync(
  path.join(tools, "node_modules", ".bin", "redocly"),
  [
    "build-docs",
    pageDocument,
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

/**
 * The guides of a folder, in file-name order. A guide's title is its first line when that is a
 * `# ` heading (taken out of the page: Redoc shows the title), else the file name's words.
 */
function readGuides(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((file) => {
      const text = readFileSync(path.join(dir, file), "utf8");
      const heading = text.match(/^# (.+)\n+/);
      const title = heading ? heading[1].trim() : titleOf(file);
      const markdown = (heading ? text.slice(heading[0].length) : text).replace(
        "{{error-codes}}",
        errorCodesTable(document),
      );
      return {
        title,
        slug: title
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, "-")
          .replace(/^-|-$/g, ""),
        markdown,
      };
    });
}

function titleOf(file) {
  const words = file.replace(/^\d+-/, "").replace(/\.md$/, "").split("-");
  const title = words.join(" ");
  return title === "migrating"
    ? "Migrating from quatrix_api"
    : title === "testing"
      ? "Testing your code"
      : title[0].toUpperCase() + title.slice(1);
}

/** The version readers install: the packages' (one version for all), "unreleased" before the first release. */
function releasedVersion() {
  const { version: packageVersion } = JSON.parse(readFileSync(path.join(pkg, "package.json"), "utf8"));
  if (document.info.version !== packageVersion) {
    throw new Error(
      `info.version ${document.info.version} is not the packages' ${packageVersion}: run \`npm run version\``,
    );
  }
  return packageVersion === "0.0.0" ? "unreleased" : packageVersion;
}

function errorCodesTable(doc) {
  const codes = doc.components.schemas.ErrorModel.properties.code["x-quatrix-error-codes"];
  const rows = Object.entries(codes)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([code, meaning]) => `| ${code} | ${meaning} |`);
  return ["| code | meaning |", "| --- | --- |", ...rows].join("\n");
}
