#!/usr/bin/env node
// `npm run docs:site`: the versioned docs site, a static folder that works from file:// and
// offline. One reference page per released version (each `v*` tag's document, samples, guides
// and changelog, built by build.mjs), `latest/` (the newest release that is not a prerelease),
// `next/` (the working tree: what main will release), a version switcher on every page, the
// API changes between consecutive releases (changes.html, changes.json, changes.atom) and an
// index of the versions.
//
//   --root DIR   publish another repository's tags and working tree (default: this one)
//   --out DIR    write the site there (default: packages/docs/site/ of the root)
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { remoteReferences } from "./remote-references.mjs";
import { changesAtom, changesJson, changesPage, releaseChanges } from "./site-changes.mjs";
import { escapeHtml, sitePage } from "./site-html.mjs";
import { headDate, isShallow, releasedVersions, stageTag, stageWorkingTree } from "./site-sources.mjs";
import { isRedocPage, placesOf, switcherHtml, withSwitcher } from "./site-switcher.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const option = (name) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const root = path.resolve(option("--root") ?? path.resolve(here, "../../.."));
const out = path.resolve(option("--out") ?? path.join(root, "packages", "docs", "site"));
const started = performance.now();

const work = mkdtempSync(path.join(tmpdir(), "quatrix-site-"));
try {
  buildSite();
} catch (error) {
  console.error(`docs:site: ${error.message}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}

function buildSite() {
  // The folder is replaced as a whole: only an empty one or an earlier site.
  if (existsSync(out) && readdirSync(out).length > 0 && !existsSync(path.join(out, "changes.atom"))) {
    throw new Error(`${out} is not empty and holds no earlier site: refusing to replace it`);
  }
  // A shallow clone has no tags: the site would silently lack every release.
  if (isShallow(root)) {
    console.warn(
      "warning: this clone is shallow, so the site shows only the releases whose tags it has (fetch with full history: fetch-depth: 0)",
    );
  }
  const releases = releasedVersions(root);
  /** Every version's page, built into the work folder: `{ id, label, dir, places, version, ... }`. */
  const pages = [];
  const changelogs = [];
  for (const release of releases) {
    const stage = path.join(work, "stage", release.tag);
    const document = stageTag(root, release.tag, stage);
    if (document.info?.version !== release.version) {
      throw new Error(
        `${release.tag}'s openapi/user-api.yaml has info.version ${document.info?.version}: a release tag must point at its version's commit`,
      );
    }
    changelogs.push({ ...release, changelogs: changelogsOf(stage) });
    const label = release.prerelease ? `${release.version} (prerelease)` : release.version;
    pages.push({ id: release.tag, label, ...buildPage(stage, release.tag, release.version), release });
  }
  const nextStage = path.join(work, "stage", "next");
  stageWorkingTree(root, nextStage);
  const next = { id: "next", label: "next (unreleased)", ...buildPage(nextStage, "next", "next (unreleased)") };

  const newest = releases.filter((r) => !r.prerelease).at(-1);
  const newestPage = newest && pages.find((p) => p.id === newest.tag);
  const latest = newestPage && { ...newestPage, id: "latest", label: `latest (${newest.version})` };
  // The switcher's order: latest, the releases newest first, next.
  const shown = [...(latest ? [latest] : []), ...[...pages].reverse(), next];
  const versionsFrom = (base) =>
    shown.map((p) => ({ id: p.id, label: p.label, href: `${base}${p.id}/index.html`, ...p.places }));
  const links = (base) => [
    { label: "API changes", href: `${base}changes.html` },
    { label: "All versions", href: `${base}index.html` },
  ];

  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const page of shown) {
    const dir = path.join(out, page.id);
    cpSync(page.dir, dir, { recursive: true });
    const switcher = switcherHtml({ versions: versionsFrom("../"), current: page.id, links: links("../") });
    // Every Redoc page of the version's folder gets the switcher (its links are relative to the
    // folder); index.html must be one.
    if (!isRedocPage(readFileSync(path.join(dir, "index.html"), "utf8"))) {
      throw new Error(`${page.id}/index.html is not a Redoc page: update site-switcher.mjs`);
    }
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".html"))) {
      const html = readFileSync(path.join(dir, file), "utf8");
      if (isRedocPage(html)) writeFileSync(path.join(dir, file), withSwitcher(html, switcher));
    }
  }
  if (!latest) {
    mkdirSync(path.join(out, "latest"));
    writeFileSync(path.join(out, "latest", "index.html"), noReleasePage());
  }

  const entries = releaseChanges(changelogs);
  const rootSwitcher = switcherHtml({ versions: versionsFrom(""), links: links(""), inFlow: true });
  writeFileSync(path.join(out, "index.html"), indexPage(shown));
  writeFileSync(path.join(out, "changes.html"), changesPage(entries, rootSwitcher));
  writeFileSync(path.join(out, "changes.json"), changesJson(entries));
  writeFileSync(path.join(out, "changes.atom"), changesAtom(entries, headDate(root)));

  const remote = [];
  for (const file of htmlFiles(out)) {
    for (const ref of remoteReferences(readFileSync(file, "utf8"))) remote.push(`${path.relative(out, file)}: ${ref}`);
  }
  if (remote.length > 0) throw new Error(`the site would load from outside:\n  ${remote.join("\n  ")}`);

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `built the docs site in ${path.relative(process.cwd(), out) || "."}/ in ${seconds} s: ${shown.map((p) => p.id).join(", ")}; ` +
      `changes.html, changes.json, changes.atom (${entries.length} releases)`,
  );
}

/** Builds one version's reference from a staged tree with build.mjs; returns its folder and places. */
function buildPage(stage, id, version) {
  const dir = path.join(work, "pages", id);
  execFileSync(process.execPath, [path.join(here, "build.mjs"), "--root", stage, "--out", dir, "--version", version], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  });
  const built = JSON.parse(readFileSync(path.join(dir, "openapi.json"), "utf8"));
  return { dir, places: placesOf(built) };
}

/** The texts of a staged tree's packages' CHANGELOG.md. */
function changelogsOf(stage) {
  const packages = path.join(stage, "packages");
  return readdirSync(packages)
    .sort((a, b) => (a === "docs" ? -1 : b === "docs" ? 1 : a.localeCompare(b)))
    .map((dir) => path.join(packages, dir, "CHANGELOG.md"))
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file, "utf8"));
}

function htmlFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".html"))
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
}

function indexPage(shown) {
  const rows = shown.map((p) => {
    const what =
      p.id === "latest"
        ? "the newest release"
        : p.id === "next"
          ? "unreleased: the document and samples on main"
          : `released ${escapeHtml(p.release.date.slice(0, 10))}`;
    return `<li><a href="${escapeHtml(p.id)}/index.html">${escapeHtml(p.label)}</a> — ${what}</li>`;
  });
  const body = `<header>
<h1>Quatrix User API reference</h1>
<p>The reference of every released version of the Quatrix User API SDK, and of the next one. Each page has a version switcher that keeps you on the same operation when the other version has it.</p>
</header>
<main>
<h2>Versions</h2>
<ul>
${rows.join("\n")}
</ul>
<h2>What changed</h2>
<p><a href="changes.html">API changes between versions</a>, also as an <a href="changes.atom">Atom feed</a> and as <a href="changes.json">JSON</a>.</p>
</main>`;
  return sitePage({ title: "Quatrix User API reference — versions", body });
}

function noReleasePage() {
  const body = `<main>
<h1>No release yet</h1>
<p>The Quatrix User API SDK has not been released: read <a href="../next/index.html">the unreleased reference (next)</a>, or see <a href="../index.html">all versions</a>.</p>
</main>`;
  return sitePage({ title: "No release yet — Quatrix User API reference", body, base: "../" });
}
