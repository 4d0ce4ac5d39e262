#!/usr/bin/env node
// The change guard (`npm run check:changes`, part of `npm test` and CI): checks the change in
// front of it — everything between a base and the working tree — against the changesets added
// in that same range.
//
// The base, first that applies:
//   1. BASE_REF (any git ref), as its merge-base with HEAD;
//   2. on a branch other than main: its merge-base with the upstream main branch (upstream/main,
//      origin/main or, without a remote, main);
//   3. the latest release tag `v*` reachable from HEAD;
//   4. openapi/released/user-api.yaml, the copy `npm run version` wrote at the last release.
//
// The rules:
//   - a change to openapi/user-api.yaml needs a changeset whose bump covers what `redocly diff`
//     rates it (breaking → major, added → minor, descriptions and examples → patch);
//   - a change to a package's published files (anything in packages/<dir>/ but its tests and
//     dev-only config) needs a changeset naming that package;
//   - openapi/released/ is written only by `npm run version`: with a git base, the document is
//     compared with the base's, and an edit of openapi/released/ is itself an error.
// Counted changesets: with a git base (1–3), those added or edited since the base; without one
// (4), every pending changeset — `npm run version` consumes them all, so the pending ones are
// exactly those added since the last release. In case 4 the package rule compares with the
// commit that last wrote openapi/released/ (the last version commit), or is skipped, saying so,
// outside a git checkout. When the range holds a version step (the packages' version differs
// from the base's), the released copy is the baseline and the pending changesets are counted.
//
//   --root DIR   check another checkout (used by the tests)
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bumpNeeded, diffDocuments, formatChange } from "./api-diff.mjs";
import { BUMPS, largestBump, pendingChangesets } from "./changesets.mjs";
import { sdkSurfaceDiff } from "./sdk-surface.mjs";
import { lockstepVersion, workspacePackages } from "./workspace.mjs";

const args = process.argv.slice(2);
const rootIndex = args.indexOf("--root");
const root = rootIndex >= 0 ? path.resolve(args[rootIndex + 1]) : path.resolve(fileURLToPath(import.meta.url), "../..");

const DOCUMENT = "openapi/user-api.yaml";
const RELEASED = "openapi/released/user-api.yaml";
/** Files of a package that are never published nor built into what is. */
const DEV_ONLY = [
  /^test\//,
  /\.test\.[cm]?[jt]sx?$/,
  /^vitest\.config\./,
  /^turbo\.json$/,
  /^tsconfig\.json$/,
  /^CHANGELOG\.md$/,
];

function git(gitArgs) {
  const result = spawnSync("git", gitArgs, { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return result.status === 0 ? result.stdout : undefined;
}
const gitLine = (gitArgs) => git(gitArgs)?.trim() || undefined;
const short = (commit) => commit.slice(0, 10);

/** Where the range starts: `{ label, commit? }`; without a commit, openapi/released/ is the base. */
function findBase() {
  const top = gitLine(["rev-parse", "--show-toplevel"]);
  if (top === undefined || realpathSync(top) !== realpathSync(root))
    return { label: `${RELEASED} (not a git checkout)`, git: false };
  const head = gitLine(["rev-parse", "--verify", "--quiet", "HEAD"]);
  if (head === undefined) return { label: `${RELEASED} (no commit yet)`, git: false };

  const baseRef = process.env.BASE_REF;
  if (baseRef) {
    const commit = gitLine(["merge-base", baseRef, "HEAD"]);
    if (commit === undefined) fail(`BASE_REF=${baseRef} is not a commit that shares history with HEAD`);
    return { label: `BASE_REF=${baseRef} (merge-base ${short(commit)})`, commit };
  }
  // On main itself (or detached at a commit of it, as CI may be), the change in front of the
  // guard is everything since the last release.
  const branch = gitLine(["symbolic-ref", "--quiet", "--short", "HEAD"]);
  for (const ref of ["refs/remotes/upstream/main", "refs/remotes/origin/main", "refs/heads/main"]) {
    if (gitLine(["rev-parse", "--verify", "--quiet", ref]) === undefined) continue;
    const commit = gitLine(["merge-base", ref, "HEAD"]);
    const onMain = branch === "main" || (branch === undefined && commit === head);
    if (commit !== undefined && !onMain) {
      return { label: `the merge-base with ${ref.replace(/^refs\/(remotes|heads)\//, "")} (${short(commit)})`, commit };
    }
    break;
  }
  const tag = gitLine(["describe", "--tags", "--abbrev=0", "--match", "v[0-9]*", "HEAD"]);
  if (tag !== undefined) return { label: `the release tag ${tag}`, commit: gitLine(["rev-parse", `${tag}^{commit}`]) };
  return { label: RELEASED, git: true };
}

function fail(message) {
  console.error(`check:changes: ${message}`);
  process.exit(1);
}

const atCommit = (commit, file) => git(["show", `${commit}:${file}`]);
const read = (file) => (existsSync(path.join(root, file)) ? readFileSync(path.join(root, file), "utf8") : undefined);

/** Files that differ between `commit` and the working tree, untracked ones included. */
function changedFiles(commit) {
  const diffed = git(["diff", "--name-only", "--no-renames", commit, "--"]) ?? "";
  const untracked = git(["ls-files", "--others", "--exclude-standard"]) ?? "";
  return [...new Set(`${diffed}\n${untracked}`.split("\n").filter(Boolean))].sort();
}

const base = findBase();
const packages = workspacePackages(root);
const version = lockstepVersion(packages);
const pending = pendingChangesets(root);

// A version step in the range (`npm run version` bumped the packages since the base) consumed
// the changesets of what came before it; the released copy it wrote is then the baseline.
const versionAt = (commit) => JSON.parse(atCommit(commit, `${packages[0].dir}/package.json`) ?? "{}").version;
const versionedInRange = base.commit !== undefined && versionAt(base.commit) !== version;
// `npm run version` ran and is not committed yet: everything goes into the release it makes.
const versionUncommitted = base.git !== false && versionAt("HEAD") !== version;

const problems = [];
let baseline;
let counted;
let packageBase;
let packageNote;
const restore = (commit) => `restore it (git checkout ${commit} -- ${RELEASED})`;
if (base.commit === undefined || versionedInRange) {
  counted = pending;
  if (base.git === false || versionUncommitted) {
    baseline = read(RELEASED);
    packageNote = versionUncommitted
      ? "packages: every change goes into the release being made (the version step is not committed yet)"
      : "packages: not checked (no git history to compare with: run in a git checkout, or set BASE_REF)";
  } else {
    // The committed copy, written by the last version commit, which the package rule starts from.
    baseline = atCommit("HEAD", RELEASED);
    if (baseline !== undefined && baseline !== read(RELEASED)) {
      problems.push(`${RELEASED} was edited, but only \`npm run version\` writes it: ${restore("HEAD")}`);
    }
    packageBase = gitLine(["log", "-1", "--format=%H", "--", RELEASED]);
  }
  if (baseline === undefined) fail(`${RELEASED} is missing: \`npm run version\` writes it, and it must be committed`);
} else {
  baseline = atCommit(base.commit, DOCUMENT);
  if (baseline === undefined) fail(`${DOCUMENT} does not exist at ${base.label}`);
  counted = pending.filter((c) => atCommit(base.commit, `.changeset/${c.file}`) !== c.text);
  packageBase = base.commit;
  const releasedAtBase = atCommit(base.commit, RELEASED);
  if (releasedAtBase !== undefined && releasedAtBase !== read(RELEASED)) {
    problems.push(
      `${RELEASED} changed since ${base.label}, but only \`npm run version\` writes it: ${restore(short(base.commit))}`,
    );
  }
}

const describeChangeset = (c) =>
  `.changeset/${c.file} (${Object.entries(c.bumps)
    .map(([name, bump]) => `${name} ${bump}`)
    .join(", ")})`;

// The document.
const changes = diffDocuments(root, baseline, read(DOCUMENT) ?? "");
const needed = bumpNeeded(changes);
const covering = BUMPS.indexOf(largestBump(counted));
console.log(`check:changes: base ${base.label}; changesets counted: ${counted.length}`);
for (const c of counted) console.log(`  ${describeChangeset(c)}`);
console.log(
  changes.length === 0
    ? "API changes: none"
    : `API changes (${changes.length}, needing a ${needed} changeset):\n${changes.map((c) => `  ${formatChange(c)}`).join("\n")}`,
);
// What the document change does to the SDK, for the reviewer (the same as `npm run diff`).
const sdkDiff = sdkSurfaceDiff(baseline, read(DOCUMENT) ?? "", { base: base.label, head: DOCUMENT });
if (sdkDiff !== "") console.log(`SDK changes (npm run diff):\n${sdkDiff.replace(/^/gm, "  ").trimEnd()}`);
const changesetFile = (bump, names) =>
  `      ---\n${names.map((n) => `      "${n}": ${bump}\n`).join("")}      ---\n\n      What changed, for the users of the package.`;
if (BUMPS.indexOf(needed) > covering) {
  const uncovered = changes.filter((c) => BUMPS.indexOf(c.impact) > covering);
  problems.push(
    `${needed === "major" ? "Breaking changes to the API need a major changeset" : `The document changed and needs a ${needed} changeset`}` +
      ` (the changesets counted bump at most ${BUMPS[covering]}):\n` +
      uncovered.map((c) => `    ${formatChange(c)}  → needs ${c.impact}`).join("\n") +
      `\n  Add one: \`npx changeset\`, pick ${needed} and describe the change, or write .changeset/<name>.md:\n` +
      changesetFile(needed, ["@quatrix/user-api-client"]),
  );
}

// The packages' published files.
if (packageBase === undefined) {
  console.log(packageNote);
} else {
  const files = changedFiles(packageBase);
  const uncovered = [];
  for (const pkg of packages) {
    const prefix = `${pkg.dir}/`;
    const published = files
      .filter((f) => f.startsWith(prefix))
      .map((f) => f.slice(prefix.length))
      .filter((f) => !DEV_ONLY.some((pattern) => pattern.test(f)));
    if (published.length === 0) continue;
    const naming = counted.filter((c) => c.bumps[pkg.name] !== undefined);
    const shown = published.slice(0, 5).join(", ") + (published.length > 5 ? `, … (${published.length} files)` : "");
    console.log(
      `${pkg.name}: ${shown} changed; ` +
        (naming.length > 0 ? `named by ${naming.map((c) => c.file).join(", ")}` : "no changeset names it"),
    );
    if (naming.length === 0) uncovered.push({ pkg, shown });
  }
  if (uncovered.length > 0) {
    problems.push(
      `Published files changed, and no changeset counted names their package:\n` +
        uncovered.map(({ pkg, shown }) => `    ${pkg.name} (${pkg.dir}: ${shown})`).join("\n") +
        `\n  Add one: \`npx changeset\`, select ${uncovered.map(({ pkg }) => pkg.name).join(" and ")}, ` +
        `or write .changeset/<name>.md:\n` +
        changesetFile(
          "patch",
          uncovered.map(({ pkg }) => pkg.name),
        ),
    );
  }
}

if (problems.length > 0) {
  console.error(`\ncheck:changes failed (base: ${base.label}):\n\n${problems.map((p) => `- ${p}`).join("\n\n")}`);
  process.exit(1);
}
console.log("check:changes: every change is covered by a changeset counted");
