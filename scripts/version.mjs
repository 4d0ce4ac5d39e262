#!/usr/bin/env node
// `npm run version`: applies the pending changesets to every package at once (they share one
// version: the `fixed` group), then makes the rest of the repository agree with it — the
// document's info.version (and so the docs), the released copy of the document that the
// change guard compares against, and the lockfile — and adds, under the new version, the
// "API changes" section: every change of the document since the last release (the `v*` tag's
// document when there is one, else openapi/released/). The section is written once, in the
// client's CHANGELOG.md (scripts/api-changelog.mjs says why); the other packages' entries of the
// version point to it in one line. With no pending changeset it changes nothing: run twice, it
// writes each section once.
//
//   --root DIR   version another checkout (used by the tests)
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import {
  API_CHANGES_HOME,
  addPointerToVersionEntry,
  addToVersionEntry,
  apiChangesPointer,
  apiChangesSection,
} from "./api-changelog.mjs";
import { diffDocuments } from "./api-diff.mjs";
import { lockstepVersion, workspacePackages } from "./workspace.mjs";

const args = process.argv.slice(2);
const rootIndex = args.indexOf("--root");
const root = rootIndex >= 0 ? path.resolve(args[rootIndex + 1]) : path.resolve(fileURLToPath(import.meta.url), "../..");
const bin = (name) => path.resolve(fileURLToPath(import.meta.url), "../../node_modules/.bin", name);
const run = (command, commandArgs) => execFileSync(command, commandArgs, { cwd: root, stdio: "inherit" });

const git = (args) => {
  const result = spawnSync("git", args, { cwd: root, encoding: "utf8" });
  return result.status === 0 ? result.stdout : undefined;
};

/** The document as last released: at the latest `v*` tag, else the copy in openapi/released/. */
function lastReleasedDocument() {
  const top = git(["rev-parse", "--show-toplevel"])?.trim();
  const inGit = top !== undefined && realpathSync(top) === realpathSync(root);
  const tag = inGit ? git(["describe", "--tags", "--abbrev=0", "--match", "v[0-9]*", "HEAD"])?.trim() : undefined;
  const atTag = tag ? git(["show", `${tag}:openapi/user-api.yaml`]) : undefined;
  if (atTag !== undefined) return atTag;
  const released = path.join(root, "openapi", "released", "user-api.yaml");
  return existsSync(released) ? readFileSync(released, "utf8") : undefined;
}

// The API changes are taken before anything is versioned: both documents still carry the last
// release's info.version.
const documentFile = path.join(root, "openapi", "user-api.yaml");
const lastReleased = lastReleasedDocument();
const apiChanges =
  lastReleased === undefined ? [] : diffDocuments(root, lastReleased, readFileSync(documentFile, "utf8"));
const since = lastReleased === undefined ? "no earlier release" : parse(lastReleased).info.version;

/** The one version of the packages; exits with the reason when they differ. */
function sharedVersion(packages) {
  try {
    return lockstepVersion(packages);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}

const before = sharedVersion(workspacePackages(root));
run(bin("changeset"), ["version"]);

const packages = workspacePackages(root);
const version = sharedVersion(packages);
// No pending changeset: changesets changed nothing, and neither does this (a second run after a
// version step adds no second section).
if (version === before) {
  console.log(`version ${version}: no pending changeset, nothing to version`);
  process.exit(0);
}

// info.version is the first `version:` under `info:`; edited as text to keep the document's layout.
const text = readFileSync(documentFile, "utf8");
const updated = text.replace(/^(info:\n(?:[ \t]+.*\n|\n)*?[ \t]+version:[ \t]*)\S+/m, `$1${version}`);
if (updated === text && !text.match(new RegExp(`^[ \\t]+version:[ \\t]*${version.replaceAll(".", "\\.")}$`, "m"))) {
  console.error("info.version not found in openapi/user-api.yaml");
  process.exit(1);
}
writeFileSync(documentFile, updated);

mkdirSync(path.join(root, "openapi", "released"), { recursive: true });
copyFileSync(documentFile, path.join(root, "openapi", "released", "user-api.yaml"));

// The draft the repository started from carries 0.0.0: cutting a version from it is the first release.
const section = apiChangesSection(apiChanges, since, { firstRelease: since === "0.0.0" || lastReleased === undefined });
const home = packages.find((p) => p.name === API_CHANGES_HOME);
if (home === undefined) {
  console.error(`${API_CHANGES_HOME}, whose CHANGELOG.md holds the API changes, is not a package of the workspace`);
  process.exit(1);
}
for (const pkg of packages) {
  const changelog = path.join(root, pkg.dir, "CHANGELOG.md");
  const text = readFileSync(changelog, "utf8");
  if (pkg === home) {
    writeFileSync(changelog, addToVersionEntry(text, version, section));
  } else {
    // A link relative to the package's folder, as GitHub and the registry's page resolve it.
    const target = path.posix.join(path.relative(pkg.dir, home.dir).split(path.sep).join("/"), "CHANGELOG.md");
    writeFileSync(changelog, addPointerToVersionEntry(text, version, apiChangesPointer(version, target)));
  }
}

run("npm", ["install", "--package-lock-only", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"]);
console.log(
  `version ${version}: ${packages.map((p) => p.name).join(", ")} (${home.dir}/CHANGELOG.md with ${apiChanges.length} API changes, the others pointing to it), ` +
    "info.version, openapi/released/user-api.yaml, package-lock.json",
);
