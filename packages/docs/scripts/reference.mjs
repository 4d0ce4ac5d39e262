// The reference's document, as the page shows it: the bundled document with a TypeScript and a
// curl sample per operation, the front page, the guides (with the SDK reference and the
// changelog) as tags that group no operation, one tag per operation in the navigation, and its
// Markdown cut to the allow-list. build.mjs builds the page from it; `npm run dev` calls it in
// its own process on each save, so that the modules (and the TypeScript compiler of the SDK
// reference) stay loaded between saves.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import { lockstepChangelog } from "./changelog.mjs";
import { curlSample } from "./curl-sample.mjs";
import { frontPage } from "./front-page.mjs";
import { withoutMarks, writeGuideCode } from "./guide-code.mjs";
import { oneTagPerOperation } from "./navigation.mjs";
import { documentProblems, sanitiseDocument } from "./sanitise-markdown.mjs";
import { sdkReference } from "./sdk-reference.mjs";

/** A reason the reference cannot be built, told as it is (the build prints it and fails). */
export class ReferenceProblem extends Error {}

/**
 * The page's document (a new object; `document` itself is changed too) and the version its title
 * shows. Throws a ReferenceProblem for a missing sample or a version that is not the packages'.
 * @param {{ root: string, document: any, model: any, version?: string, guideCode?: string }} options
 *   root: the tree the inputs are read from; document, model: the bundle and the operation model
 *   `npm run generate` made; version: the title's version (default: the packages' version);
 *   guideCode: where the guides' TypeScript blocks are written (default: not written)
 * @returns {{ document: any, version: string, removed: string[], unsafe: string[] }} removed: what the
 *   sanitiser took out of the Markdown; unsafe: what it could not reach (the build fails on it)
 */
export function referenceDocument({ root, document, model, version: versionOption, guideCode }) {
  const pkg = path.join(root, "packages", "docs");
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
    throw new ReferenceProblem(
      `Every operation needs a curl and a TypeScript sample; missing:\n  ${missing.join("\n  ")}`,
    );
  }

  // The guides, first in the navigation, as tags that group no operation.
  const guideGroups = [
    { name: "Guides", guides: readGuides(path.join(pkg, "guides"), document) },
    { name: "Task guides", guides: readGuides(path.join(pkg, "guides", "tasks"), document) },
  ];
  // The guides written here; their code is extracted for the tests. Then the generated pages.
  const writtenGuides = guideGroups.flatMap((g) => g.guides);
  guideGroups[0].guides.push(
    { title: "SDK reference", slug: "sdk-reference", markdown: sdkReference() },
    { title: "Changelog", slug: "changelog", markdown: lockstepChangelog(root) },
  );
  const guides = guideGroups.flatMap((g) => g.guides);

  // The front page: for readers of the API (the document's history is in openapi/CORRECTIONS.md).
  const front = frontPage(readFileSync(path.join(pkg, "front-page.md"), "utf8"), {
    document,
    curlSamples,
    guideGroups,
  });
  const version = versionOption ?? releasedVersion(pkg, document);
  if (guideCode) {
    writeGuideCode([{ title: "Overview", slug: "overview", markdown: front }, ...writtenGuides], guideCode);
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
  const removed = sanitiseDocument(document);
  return { document, version, removed, unsafe: documentProblems(document) };
}

/** Writes the document beside the page, as JSON and YAML. */
export function writeDocumentFiles(dist, document) {
  writeFileSync(path.join(dist, "openapi.json"), `${JSON.stringify(document, null, 2)}\n`);
  writeFileSync(path.join(dist, "openapi.yaml"), stringify(document, { lineWidth: 0 }));
}

/** The document the page renders: the title shows the version readers install. */
export function pageDocument(document, version) {
  return { ...document, info: { ...document.info, version } };
}

const DEFINITION = /^const __redoc_definition = .*;\n/;

/**
 * The page's data script (page-files.mjs: DATA_FILE) for another document, from the one a build
 * of the page wrote: the same Redoc options and start, the new document. Redoc renders it over
 * the page's prerendered HTML (its `hydrate` renders anew where the two differ). Undefined when
 * the script is not of the shape Redocly writes (then only a full build makes it).
 * @param {string} built the data script of a build
 * @param {unknown} document what pageDocument returns
 */
export function dataScriptFor(built, document) {
  if (!DEFINITION.test(built)) return undefined;
  return built.replace(DEFINITION, () => `const __redoc_definition = ${JSON.stringify(document)};\n`);
}

/**
 * The guides of a folder, in file-name order. A guide's title is its first line when that is a
 * `# ` heading (taken out of the page: Redoc shows the title), else the file name's words.
 */
function readGuides(dir, document) {
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
function releasedVersion(pkg, document) {
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
