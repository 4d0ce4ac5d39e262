#!/usr/bin/env node
// `npm run version`: applies the pending changesets to every package at once (they share one
// version: the `fixed` group), then makes the rest of the repository agree with it — the
// document's info.version (and so the docs), the released copy of the document that the
// change guard compares against, and the lockfile — and adds to each package's CHANGELOG.md,
// under the new version, the "API changes" section: every change of the document since the
// last release (the `v*` tag's document when there is one, else openapi/released/).
//
//   --root DIR   version another checkout (used by the tests)
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { addToVersionEntry, apiChangesSection } from "./api-changelog.mjs";
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

run(bin("changeset"), ["version"]);

const packages = workspacePackages(root);
let version;
try {
  version = lockstepVersion(packages);
} catch (error) {
  console.error(error.message);
  process.exit(1);
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
for (const pkg of packages) {
  const changelog = path.join(root, pkg.dir, "CHANGELOG.md");
  writeFileSync(changelog, addToVersionEntry(readFileSync(changelog, "utf8"), version, section));
}

run("npm", ["install", "--package-lock-only", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"]);
console.log(
  `version ${version}: ${packages.map((p) => p.name).join(", ")} (CHANGELOG.md with ${apiChanges.length} API changes), ` +
    "info.version, openapi/released/user-api.yaml, package-lock.json",
);
