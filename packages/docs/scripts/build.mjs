#!/usr/bin/env node
// Builds the API reference: the bundled document, plus a TypeScript sample per operation (from
// examples/<operationId>.ts) and the guides (from guides/*.md, the error codes and the
// changesets), rendered by Redocly into one self-contained dist/index.html.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { remoteReferences } from "./remote-references.mjs";
import { sdkReference } from "./sdk-reference.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(here, "..");
const root = path.resolve(pkg, "../..");
const dist = path.join(pkg, "dist");

// The bundle `npm run generate` made from the document (this build runs after it).
const bundled = path.join(pkg, "generated", "user-api.json");
if (!existsSync(bundled)) {
  console.error("generated/user-api.json is missing: run `npm run generate` first");
  process.exit(1);
}
const document = JSON.parse(readFileSync(bundled, "utf8"));
// The operation model generated from the same bundle: the list of operations to document.
const model = JSON.parse(readFileSync(path.join(pkg, "generated", "model.json"), "utf8"));

// One sample per operation; a missing one fails the build.
const missing = [];
for (const op of model.operations) {
  const file = path.join(pkg, "examples", `${op.operationId}.ts`);
  if (!existsSync(file)) {
    missing.push(path.relative(root, file));
    continue;
  }
  // The bundle's operation object the model entry came from (path and method are its address).
  const operation = document.paths[op.path][op.method.toLowerCase()];
  operation["x-codeSamples"] = [{ lang: "TypeScript", label: "TypeScript", source: readFileSync(file, "utf8").trim() }];
}
if (missing.length > 0) {
  console.error(`Every operation needs a TypeScript sample; missing:\n  ${missing.join("\n  ")}`);
  process.exit(1);
}

// The guides, first in the navigation, as tags that group no operation.
const guides = readdirSync(path.join(pkg, "guides"))
  .filter((f) => f.endsWith(".md"))
  .sort()
  .map((file) => ({
    name: titleOf(file),
    description: readFileSync(path.join(pkg, "guides", file), "utf8").replace(
      "{{error-codes}}",
      errorCodesTable(document),
    ),
  }));
guides.push({ name: "SDK reference", description: sdkReference() });
guides.push({ name: "Changelog", description: changelog() });
const apiTags = document.tags.map((t) => t.name);
document.tags = [...guides.map((g) => ({ ...g, "x-traitTag": true })), ...document.tags];
document["x-tagGroups"] = [
  { name: "Guides", tags: guides.map((g) => g.name) },
  { name: "API reference", tags: apiTags },
];

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
writeFileSync(path.join(dist, "openapi.json"), `${JSON.stringify(document, null, 2)}\n`);
writeFileSync(path.join(dist, "openapi.yaml"), stringify(document, { lineWidth: 0 }));

execFileSync(
  path.join(root, "node_modules", ".bin", "redocly"),
  [
    "build-docs",
    path.join(dist, "openapi.json"),
    "--output",
    path.join(dist, "index.html"),
    "--inlineBundle",
    "--config",
    path.join(root, "redocly.yaml"),
  ],
  {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  },
);

// The page must load nothing from outside: the sidebar logo is the one remote image Redoc
// uses; an inline empty image takes its place.
const EMPTY_IMAGE = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/%3E";
const htmlFile = path.join(dist, "index.html");
let html = readFileSync(htmlFile, "utf8");
for (const logo of ["https://cdn.redoc.ly/redoc/logo-mini-full.svg", "https://cdn.redoc.ly/redoc/logo-mini.svg"]) {
  html = html.replaceAll(logo, EMPTY_IMAGE);
}
writeFileSync(htmlFile, html);
const remote = remoteReferences(html);
if (remote.length > 0) {
  console.error(`dist/index.html would load from outside:\n  ${remote.join("\n  ")}`);
  process.exit(1);
}
console.log(`built dist/index.html (${Math.round(html.length / 1024)} KiB), dist/openapi.json, dist/openapi.yaml`);

function titleOf(file) {
  const words = file.replace(/^\d+-/, "").replace(/\.md$/, "").split("-");
  const title = words.join(" ");
  return title === "migrating"
    ? "Migrating from quatrix_api"
    : title === "testing"
      ? "Testing your code"
      : title[0].toUpperCase() + title.slice(1);
}

function errorCodesTable(doc) {
  const codes = doc.components.schemas.ErrorModel.properties.code["x-quatrix-error-codes"];
  const rows = Object.entries(codes)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([code, meaning]) => `| ${code} | ${meaning} |`);
  return ["| code | meaning |", "| --- | --- |", ...rows].join("\n");
}

/** Released entries from the packages' CHANGELOG.md, and the pending changesets. */
function changelog() {
  const parts = [];
  const pending = readdirSync(path.join(root, ".changeset"))
    .filter((f) => f.endsWith(".md") && f !== "README.md")
    .sort()
    .map((f) =>
      readFileSync(path.join(root, ".changeset", f), "utf8")
        .replace(/^---[\s\S]*?---\s*/, "")
        .trim(),
    );
  if (pending.length > 0) parts.push(`## Unreleased\n\n${pending.map((p) => `- ${p}`).join("\n")}`);
  const released = path.join(root, "packages", "client", "CHANGELOG.md");
  if (existsSync(released)) {
    parts.push(
      readFileSync(released, "utf8")
        .replace(/^# .*\n/, "")
        .trim(),
    );
  }
  return parts.length > 0 ? parts.join("\n\n") : "No release yet.";
}
