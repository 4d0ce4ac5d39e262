#!/usr/bin/env node
// `npm run version`: applies the pending changesets to every package at once (they share one
// version: the `fixed` group), then makes the rest of the repository agree with it — the
// document's info.version (and so the docs), the released copy of the document that the
// breaking-change guard compares against, and the lockfile.
//
//   --root DIR   version another checkout (used by the tests)
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const rootIndex = args.indexOf("--root");
const root = rootIndex >= 0 ? path.resolve(args[rootIndex + 1]) : path.resolve(fileURLToPath(import.meta.url), "../..");
const bin = (name) => path.resolve(fileURLToPath(import.meta.url), "../../node_modules/.bin", name);
const run = (command, commandArgs) => execFileSync(command, commandArgs, { cwd: root, stdio: "inherit" });

run(bin("changeset"), ["version"]);

const packages = ["client", "docs", "mock-server"].map((dir) => {
  const manifest = JSON.parse(readFileSync(path.join(root, "packages", dir, "package.json"), "utf8"));
  return { name: manifest.name, version: manifest.version };
});
const versions = new Set(packages.map((p) => p.version));
if (versions.size !== 1) {
  console.error(`The packages must share one version (changesets "fixed" group), found: ${JSON.stringify(packages)}`);
  process.exit(1);
}
const [version] = versions;

// info.version is the first `version:` under `info:`; edited as text to keep the document's layout.
const documentFile = path.join(root, "openapi", "user-api.yaml");
const text = readFileSync(documentFile, "utf8");
const updated = text.replace(/^(info:\n(?:[ \t]+.*\n|\n)*?[ \t]+version:[ \t]*)\S+/m, `$1${version}`);
if (updated === text && !text.match(new RegExp(`^[ \\t]+version:[ \\t]*${version.replaceAll(".", "\\.")}$`, "m"))) {
  console.error("info.version not found in openapi/user-api.yaml");
  process.exit(1);
}
writeFileSync(documentFile, updated);

mkdirSync(path.join(root, "openapi", "released"), { recursive: true });
copyFileSync(documentFile, path.join(root, "openapi", "released", "user-api.yaml"));

run("npm", ["install", "--package-lock-only", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"]);
console.log(
  `version ${version}: ${packages.map((p) => p.name).join(", ")}, info.version, openapi/released/user-api.yaml, package-lock.json`,
);
