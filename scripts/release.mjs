#!/usr/bin/env node
// `npm run release`: publishes every package whose version is not yet on the registry (each
// after the workspace packages it depends on), then tags the commit `v<version>`. Run it on the
// commit that `npm run version` made, logged in to the registry that npm's configuration names
// (`NPM_CONFIG_REGISTRY` or `.npmrc`): `npm login`, or a token in CI.
//
// It asks the registry first (`npm view <name>@<version>`), so a re-run after a release that
// failed halfway publishes only what is missing, and a run on a commit whose version is out
// already publishes nothing (it creates the tag if that is what is missing). Before publishing
// it builds and runs `npm test`.
//
// Prereleases — a version with a `-`, or changesets' pre mode (.changeset/pre.json) — go to the
// dist-tag `next`; every other release to `latest`. Provenance is generated only when
// NPM_CONFIG_PROVENANCE=true (the release workflow, which can sign it); anywhere else the
// packages are published without it, whatever .npmrc says.
//
//   --dry-run   everything but the publish and the tag: builds, tests, runs `npm publish
//               --dry-run --offline` for every package, and prints each tarball's files, the
//               version, the dist-tag and the git tag a real release would create. Needs
//               nothing but npm and git.
//
// Before anything is published, every package to publish is packed with `npm publish --dry-run`
// and any npm warning stops the release: a package npm would "auto-correct" is not the package
// we built.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pendingChangesets } from "./changesets.mjs";
import { lockstepVersion, workspacePackages } from "./workspace.mjs";

// `npm run release --dry-run` (without `--`) reaches the script only as npm_config_dry_run.
// biome-ignore lint/suspicious/noUndeclaredEnvVars: the release never runs as a turbo task
const dryRun = process.argv.includes("--dry-run") || process.env.npm_config_dry_run === "true";
// biome-ignore lint/suspicious/noUndeclaredEnvVars: set by the release workflow only
const provenance = process.env.NPM_CONFIG_PROVENANCE === "true";
const root = path.resolve(fileURLToPath(import.meta.url), "../..");

// npm warns that a dry run is not logged in; that is about this machine, not about a package.
const NOT_LOGGED_IN = /^npm warn publish This command requires you to be logged in to .* \(dry-run\)$/;

function fail(message) {
  console.error(`release: ${message}`);
  process.exit(1);
}

function step(command, args, cwd = root) {
  console.log(`\n> ${[command, ...args].join(" ")}`);
  const result = spawnSync(command, args, { cwd, stdio: "inherit" });
  if (result.status !== 0) fail(`\`${[command, ...args].join(" ")}\` failed`);
}

function git(args) {
  const result = spawnSync("git", args, { cwd: root, encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** `npm publish` of one package, as JSON; any npm warning but the dry run's login notice fails. */
function publish(pkg, distTag, asDryRun) {
  const args = [
    "publish",
    "--json",
    "--tag",
    distTag,
    `--provenance=${provenance && !asDryRun}`,
    ...(asDryRun ? ["--dry-run", "--offline"] : []),
  ];
  const result = spawnSync("npm", args, { cwd: path.join(root, pkg.dir), encoding: "utf8" });
  const warnings = result.stderr
    .split("\n")
    .filter((line) => /^npm warn/i.test(line) && !(asDryRun && NOT_LOGGED_IN.test(line)));
  if (result.status !== 0) fail(`npm ${args.join(" ")} failed for ${pkg.name}:\n${result.stderr}${result.stdout}`);
  if (warnings.length > 0) fail(`npm warned about ${pkg.name}; fix its package.json:\n  ${warnings.join("\n  ")}`);
  const report = JSON.parse(result.stdout);
  return report[pkg.name] ?? report;
}

/**
 * Whether the registry has `pkg` at its version. A package the registry has never seen answers
 * E404; one it has, without that version, answers nothing. Any other failure (no network, no
 * access) stops the release rather than guess.
 */
function onRegistry(pkg) {
  const spec = `${pkg.name}@${pkg.version}`;
  const result = spawnSync("npm", ["view", spec, "version", "--json"], { cwd: root, encoding: "utf8" });
  if (result.status === 0) {
    const answer = result.stdout.trim();
    const versions = answer === "" ? [] : [JSON.parse(answer)].flat();
    return versions.includes(pkg.version);
  }
  if (/\bE404\b/.test(result.stdout + result.stderr)) return false;
  fail(`could not ask the registry for ${spec} (\`npm view ${spec} version\`):\n${result.stderr}${result.stdout}`);
}

/** changesets' pre mode state (`changeset pre enter <tag>`), when .changeset/pre.json exists. */
function preState() {
  const file = path.join(root, ".changeset", "pre.json");
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined;
}

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

const packages = workspacePackages(root);
let version;
try {
  version = lockstepVersion(packages);
} catch (error) {
  fail(error.message);
}
const tag = `v${version}`;
const pre = preState();
// In pre mode `changeset version` keeps the changesets it has applied, listed in pre.json.
const applied = new Set(pre?.changesets ?? []);
const pending = pendingChangesets(root).filter((c) => !applied.has(c.file.replace(/\.md$/, "")));
const distTag = version.includes("-") || pre?.mode === "pre" ? "next" : "latest";
const tagged = () => git(["rev-parse", "--verify", "--quiet", `refs/tags/${tag}`]) !== undefined;

function createTag() {
  if (git(["tag", "-a", tag, "-m", `Release ${version}`]) === undefined) fail(`could not create the tag ${tag}`);
}

/** Packs each package as `npm publish --dry-run` and prints its tarball's files. */
function packCheck(toPack) {
  for (const pkg of toPack) {
    if (!existsSync(path.join(root, pkg.dir, "package.json"))) fail(`${pkg.dir}/package.json is missing`);
    const packed = publish(pkg, distTag, true);
    console.log(
      `\n${packed.id} — ${packed.files.length} files, ${kB(packed.size)} packed, ${kB(packed.unpackedSize)} unpacked`,
    );
    for (const file of packed.files) console.log(`  ${kB(file.size).padStart(9)}  ${file.path}`);
  }
}

if (dryRun) {
  step("npm", ["run", "build"]);
  step("npm", ["test"]);
  console.log(`\nrelease ${version} (dry run): ${packages.map((p) => p.name).join(" → ")}`);
  packCheck(packages);
  console.log(
    `\nA release would publish ${packages.length} packages at ${version} to the dist-tag ${distTag} ` +
      `and create the git tag ${tag}.`,
  );
  console.log("It publishes only the packages whose version the registry does not have yet.");
  if (tagged()) console.log(`Note: ${tag} exists already, so ${version} was released; run \`npm run version\` first.`);
  if (pending.length > 0)
    console.log(`Note: ${pending.length} pending changesets are not in ${version}: run \`npm run version\` first.`);
  process.exit(0);
}

if (git(["rev-parse", "--git-dir"]) === undefined) fail("not a git repository: the release tags its commit");
if (pending.length > 0) fail(`${pending.length} pending changesets: run \`npm run version\` and commit it first`);
if (git(["status", "--porcelain"]) !== "") fail("the working tree has changes: commit the version first");

const missing = packages.filter((pkg) => !onRegistry(pkg));
const present = packages.filter((pkg) => !missing.includes(pkg));
if (missing.length === 0) {
  if (tagged()) {
    console.log(`${version} is published and tagged ${tag}: nothing to release (\`npm run version\` makes the next).`);
  } else {
    createTag();
    console.log(`${version} was published already; created the missing tag ${tag}: git push origin ${tag}`);
  }
  process.exit(0);
}

if (present.length > 0)
  console.log(`on the registry already: ${present.map((p) => `${p.name}@${version}`).join(", ")}`);
step("npm", ["run", "build"]);
step("npm", ["test"]);

console.log(`\nrelease ${version} to the dist-tag ${distTag}: ${missing.map((p) => p.name).join(" → ")}`);
packCheck(missing);

for (const pkg of missing) {
  const published = publish(pkg, distTag, false);
  console.log(
    `published ${published.id ?? `${pkg.name}@${version}`} (${distTag}${provenance ? ", with provenance" : ""})`,
  );
  // The line `changeset publish` prints, which changesets/action reads to report what was published.
  console.log(`New tag: ${pkg.name}@${version}`);
}
if (!tagged()) createTag();
console.log(`\nreleased ${version} and tagged ${tag}; push the tag: git push origin ${tag}`);
