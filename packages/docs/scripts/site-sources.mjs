// The versions the docs site publishes and their inputs: every `v*` tag of the repository (its
// released document, samples, guides and changelogs, read from git), and the working tree as
// `next`. Each version's inputs are staged in a folder laid out like the repository, with the
// bundle and operation model that `npm run generate` would write, for build.mjs --root.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { bundleDocument } from "../../../scripts/codegen/bundle.mjs";
import { buildModel } from "../../../scripts/codegen/model.mjs";

/** A released version's tag: `v` and a semantic version, prereleases included. */
const RELEASE_TAG = /^v(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/;

/** The files a page is built from, by their path in the repository. */
export function isPageInput(file) {
  return (
    file.startsWith("openapi/") ||
    file === "redocly.yaml" ||
    file.startsWith(".changeset/") ||
    /^packages\/[^/]+\/(?:CHANGELOG\.md|package\.json)$/.test(file) ||
    (file.startsWith("packages/docs/") && !file.startsWith("packages/docs/test/"))
  );
}

const git = (root, args, options = {}) =>
  execFileSync("git", args, { cwd: root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, ...options });

/**
 * The released versions, oldest first: `{ tag, version, prerelease, date }` per `v*` tag
 * (date: the tag's, ISO 8601).
 */
export function releasedVersions(root) {
  const lines = git(root, [
    "for-each-ref",
    "--format=%(refname:short)%09%(creatordate:iso-strict)",
    "refs/tags/v*",
  ]).split("\n");
  const versions = [];
  for (const line of lines) {
    const [tag = "", date = ""] = line.split("\t");
    const match = tag.match(RELEASE_TAG);
    if (!match) continue;
    versions.push({ tag, version: tag.slice(1), prerelease: match[4] !== undefined, date, parts: match.slice(1) });
  }
  return versions.sort((a, b) => compareParts(a.parts, b.parts)).map(({ parts, ...v }) => v);
}

/** Semantic-version order; a prerelease comes before its release. */
function compareParts([aMajor, aMinor, aPatch, aPre], [bMajor, bMinor, bPatch, bPre]) {
  const numbers = [
    [aMajor, bMajor],
    [aMinor, bMinor],
    [aPatch, bPatch],
  ];
  for (const [a, b] of numbers) if (Number(a) !== Number(b)) return Number(a) - Number(b);
  if (aPre === bPre) return 0;
  if (aPre === undefined) return 1;
  if (bPre === undefined) return -1;
  const as = aPre.split(".");
  const bs = bPre.split(".");
  for (let i = 0; i < Math.max(as.length, bs.length); i++) {
    if (as[i] === undefined) return -1;
    if (bs[i] === undefined) return 1;
    const numeric = /^\d+$/.test(as[i]) && /^\d+$/.test(bs[i]);
    const d = numeric ? Number(as[i]) - Number(bs[i]) : as[i].localeCompare(bs[i]);
    if (d !== 0) return d;
  }
  return 0;
}

/** Whether the clone is shallow (its history, and so its tags, cut). */
export function isShallow(root) {
  return git(root, ["rev-parse", "--is-shallow-repository"]).trim() === "true";
}

/** The date of the commit checked out (the date of `next`'s changes feed when nothing is released). */
export function headDate(root) {
  return git(root, ["log", "-1", "--format=%cI"]).trim();
}

/** Stages the page inputs as they are at `tag` into `dir`. */
export function stageTag(root, tag, dir) {
  const files = git(root, ["ls-tree", "-r", "-z", "--name-only", tag]).split("\0").filter(isPageInput);
  if (files.length === 0) throw new Error(`${tag} holds none of the docs' inputs`);
  mkdirSync(dir, { recursive: true });
  const archive = execFileSync("git", ["archive", "--format=tar", tag, "--", ...files], {
    cwd: root,
    maxBuffer: 256 * 1024 * 1024,
  });
  execFileSync("tar", ["-x", "-C", dir], { input: archive });
  return withGenerated(dir, tag);
}

/** Stages the page inputs of the working tree (tracked and new files, as git would commit them). */
export function stageWorkingTree(root, dir) {
  const listed = git(root, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]).split("\0");
  const deleted = new Set(git(root, ["ls-files", "-z", "--deleted"]).split("\0"));
  for (const file of new Set(listed)) {
    if (file === "" || deleted.has(file) || !isPageInput(file)) continue;
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    cpSync(path.join(root, file), path.join(dir, file));
  }
  return withGenerated(dir, "the working tree");
}

/** Writes the bundle and the operation model into the staged tree; returns the bundle. */
function withGenerated(dir, what) {
  let document;
  try {
    document = bundleDocument(dir);
  } catch (error) {
    throw new Error(`the document of ${what} does not bundle: ${error.message}`);
  }
  const generated = path.join(dir, "packages", "docs", "generated");
  mkdirSync(generated, { recursive: true });
  writeFileSync(path.join(generated, "user-api.json"), `${JSON.stringify(document, null, 2)}\n`);
  writeFileSync(path.join(generated, "model.json"), `${JSON.stringify(buildModel(document), null, 2)}\n`);
  return document;
}
