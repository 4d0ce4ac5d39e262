#!/usr/bin/env node
// `npm run release`: builds, tests, publishes every package (each after the workspace packages
// it depends on) and tags the commit `v<version>`. Run it on the commit that `npm run version`
// made, logged in to npm (`npm login`, or an automation token in CI).
//
//   --dry-run   everything but the publish and the tag: builds, tests, runs `npm publish
//               --dry-run --offline` for every package, and prints each tarball's files, the
//               version and the tag a real release would create. Needs nothing but npm and git.
//
// Before anything is published, every package is packed with `npm publish --dry-run` and any
// npm warning stops the release: a package npm would "auto-correct" is not the package we built.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pendingChangesets } from "./changesets.mjs";
import { lockstepVersion, workspacePackages } from "./workspace.mjs";

// `npm run release --dry-run` (without `--`) reaches the script only as npm_config_dry_run.
// biome-ignore lint/suspicious/noUndeclaredEnvVars: the release never runs as a turbo task
const dryRun = process.argv.includes("--dry-run") || process.env.npm_config_dry_run === "true";
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
function publish(pkg, asDryRun) {
  const args = ["publish", "--json", ...(asDryRun ? ["--dry-run", "--offline"] : [])];
  const result = spawnSync("npm", args, { cwd: path.join(root, pkg.dir), encoding: "utf8" });
  const warnings = result.stderr
    .split("\n")
    .filter((line) => /^npm warn/i.test(line) && !(asDryRun && NOT_LOGGED_IN.test(line)));
  if (result.status !== 0) fail(`npm ${args.join(" ")} failed for ${pkg.name}:\n${result.stderr}${result.stdout}`);
  if (warnings.length > 0) fail(`npm warned about ${pkg.name}; fix its package.json:\n  ${warnings.join("\n  ")}`);
  const report = JSON.parse(result.stdout);
  return report[pkg.name] ?? report;
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
const pending = pendingChangesets(root);
const tagged = git(["rev-parse", "--verify", "--quiet", `refs/tags/${tag}`]) !== undefined;

if (!dryRun) {
  if (git(["rev-parse", "--git-dir"]) === undefined) fail("not a git repository: the release tags its commit");
  if (pending.length > 0) fail(`${pending.length} pending changesets: run \`npm run version\` and commit it first`);
  if (tagged) fail(`${tag} exists already: ${version} was released; run \`npm run version\` for the next one`);
  if (git(["status", "--porcelain"]) !== "") fail("the working tree has changes: commit the version first");
}

step("npm", ["run", "build"]);
step("npm", ["test"]);

console.log(`\nrelease ${version}${dryRun ? " (dry run)" : ""}: ${packages.map((p) => p.name).join(" → ")}`);
for (const pkg of packages) {
  if (!existsSync(path.join(root, pkg.dir, "package.json"))) fail(`${pkg.dir}/package.json is missing`);
  const packed = publish(pkg, true);
  console.log(
    `\n${packed.id} — ${packed.files.length} files, ${kB(packed.size)} packed, ${kB(packed.unpackedSize)} unpacked`,
  );
  for (const file of packed.files) console.log(`  ${kB(file.size).padStart(9)}  ${file.path}`);
}

if (dryRun) {
  console.log(`\nA release would publish ${packages.length} packages at ${version} and create the git tag ${tag}.`);
  if (tagged) console.log(`Note: ${tag} exists already, so ${version} was released; run \`npm run version\` first.`);
  if (pending.length > 0)
    console.log(`Note: ${pending.length} pending changesets are not in ${version}: run \`npm run version\` first.`);
  process.exit(0);
}

for (const pkg of packages) {
  const published = publish(pkg, false);
  console.log(`published ${published.id ?? `${pkg.name}@${version}`}`);
}
if (git(["tag", "-a", tag, "-m", `Release ${version}`]) === undefined) fail(`could not create the tag ${tag}`);
console.log(`\nreleased ${version} and tagged ${tag}; push the tag: git push origin ${tag}`);
