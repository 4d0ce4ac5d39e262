// Three releases in a row, as a maintainer cuts them, starting from this checkout as it is —
// its pending changesets, its changelogs, whatever was released before — never from an assumed
// "nothing released yet". Each release: the document changes, a changeset is added →
// `npm run version` → `npm test` passes → `npm run release -- --dry-run` passes → commit and tag
// `v<version>` (what the real `npm run release` does after publishing). The first release takes
// the checkout's pending changesets along (the release a fresh clone would cut next); the second
// and third run in a fresh clone of the result, one in which a release was already cut and
// tagged, so that `npm run version` and the change guard take their base from that tag.
//
// The bound: the scratch copy's `npm test` is narrowed to what the version step can break —
// a cold `turbo run build` of every package (lint:openapi → codegen → client, mock, docs; the
// docs build reads the changelogs) and the change guard against the new release — and the
// version test, which once failed right after a release, runs once after each version step.
// The packages' own suites and the tarball tests run on this checkout already, and the version
// step changes none of their sources. `npm run release -- --dry-run` then runs that same
// `npm test`, replayed from the turbo cache, before it packs every package. One scratch
// repository and one clone serve the whole sequence.
import { type ExecFileException, execFile } from "node:child_process";
import { afterAll, expect, it } from "vitest";
import { parse } from "yaml";
import { lockstepChangelog } from "../packages/docs/scripts/changelog.mjs";
import { largestBump, pendingChangesets } from "../scripts/changesets.mjs";
import { homeTarget, releaseChangelogs, sectionsOnce } from "./support/changelogs.js";
import { changeset, cloneRepo, type ScratchRepo, scratchRepo } from "./support/scratch-repo.js";

const BOUNDED_TEST = "turbo run build check:changes --concurrency=2";
const PACKAGES = ["@quatrix/user-api-client", "@quatrix/user-api-mock", "@quatrix/user-api-docs"];
const DIRS = ["client", "docs", "mock-server"];

const repos: ScratchRepo[] = [];
/** How long each npm command of the sequence took: printed at the end, to keep the bound in sight. */
const timings: string[] = [];
afterAll(() => {
  for (const r of repos) r.dispose();
  if (timings.length > 0) console.log(`version-release steps:\n  ${timings.join("\n  ")}`);
});

interface Result {
  code: number;
  output: string;
}

/** npm in the scratch copy, with none of the outer npm's and turbo's variables. */
function npm(dir: string, args: string[]): Promise<Result> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(npm_|TURBO_|VITEST)/i.test(name) && name !== "NODE_ENV"),
  );
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      "npm",
      args,
      { cwd: dir, env: { ...env, REDOCLY_TELEMETRY: "off" }, maxBuffer: 64 * 1024 * 1024 },
      (error: ExecFileException | null, stdout, stderr) => {
        timings.push(`${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s  npm ${args.join(" ")}`);
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, output: stdout + stderr });
      },
    );
  });
}

type Bump = "major" | "minor" | "patch";

const versionOf = (r: ScratchRepo, dir: string) => JSON.parse(r.read(`packages/${dir}/package.json`)).version as string;

/** `version` raised by `bump`, as changesets raises it (a major of 0.x gives 1.0.0). */
function bumped(version: string, bump: Bump): string {
  const [major = 0, minor = 0, patch = 0] = version.split(".").map(Number);
  if (bump === "major") return `${major + 1}.0.0`;
  if (bump === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

/** How many `### API changes` sections a changelog (or the docs' Changelog page) has. */
const apiSections = (markdown: string) => markdown.split("### API changes").length - 1;

interface Release {
  bump: Bump;
  change: (yaml: string) => string;
  /** The line the release's "API changes" section has for the change. */
  listed: RegExp;
}

// Each release changes the document too: its CHANGELOG lists that API change.
const RELEASES: Release[] = [
  {
    bump: "minor",
    // Anchored on job_id's structure, not its description: test:release is hashed with the
    // document's shape (scripts/document-shape.mjs), so no description may decide this edit.
    change: (y) =>
      y.replace(
        / {8}job_id:\n {10}type: string\n {10}format: uuid\n {10}description: .*\n/,
        (jobId) =>
          `${jobId}        queued:\n          type: boolean\n          description: Whether the job waits for another.\n`,
      ),
    listed: /^- Added `.*› queued`: /m,
  },
  {
    bump: "minor",
    change: (y) =>
      y.replace(
        "          description: Whether the job waits for another.\n",
        "          description: Whether the job waits for another.\n" +
          "        position:\n          type: integer\n          description: The job's place in the queue.\n",
      ),
    listed: /^- Added `.*› position`: /m,
  },
  {
    bump: "patch",
    change: (y) => y.replace("description: Whether the job waits for another.", "description: Whether it waits."),
    // A change inside a named schema names the operations that use it.
    listed: /^- Changed `.*› queued`: description changed( \(in `JobResp`, so in .*\))?$/m,
  },
];

/** One release on `r`: change, changeset, version, test, dry run, commit and tag. Returns its version. */
async function cutRelease(r: ScratchRepo, index: number, { bump, change, listed }: Release): Promise<string> {
  const before = versionOf(r, "client");
  r.edit("openapi/user-api.yaml", change);
  r.write(
    `.changeset/release-${index + 1}.md`,
    changeset({ "@quatrix/user-api-mock": bump }, `Release ${index + 1}: a ${bump} change.`),
  );
  // The version the pending changesets make, these of the checkout included (the group is fixed).
  const version = bumped(before, largestBump(pendingChangesets(r.dir)) as Bump);

  const versioned = await npm(r.dir, ["run", "version"]);
  expect(versioned.code, versioned.output).toBe(0);
  for (const dir of DIRS) expect(versionOf(r, dir), dir).toBe(version);
  expect(parse(r.read("openapi/user-api.yaml")).info.version).toBe(version);
  for (const dir of DIRS) {
    const entry = r.read(`packages/${dir}/CHANGELOG.md`).split(/^## /m)[1] ?? "";
    expect(entry.startsWith(`${version}\n`), dir).toBe(true);
  }
  // The release's API changes: exactly once across every package's changelog, in the client's
  // entry, which every other package's entry points to.
  const changelogs = releaseChangelogs(r.dir, version);
  expect(changelogs.sections).toEqual(sectionsOnce(changelogs));
  expect(changelogs.home).toMatch(listed);
  for (const [name, pointer] of Object.entries(changelogs.pointers)) {
    expect(pointer, name).toEqual(homeTarget(r.dir, version));
  }

  const tested = await npm(r.dir, ["test"]);
  expect(tested.code, tested.output).toBe(0);
  const versionTest = await npm(r.dir, ["exec", "--", "vitest", "run", "test/version.test.ts"]);
  expect(versionTest.code, versionTest.output).toBe(0);

  const dryRun = await npm(r.dir, ["run", "release", "--", "--dry-run"]);
  expect(dryRun.code, dryRun.output).toBe(0);
  expect(dryRun.output).toContain(`create the git tag v${version}`);
  for (const name of PACKAGES) expect(dryRun.output).toContain(`${name}@${version} — `);
  expect(dryRun.output).toMatch(/^ +[\d.]+ kB {2}LICENSE$/m);
  expect(dryRun.output).toMatch(/^ +[\d.]+ kB {2}dist\/index\.mjs$/m);
  expect(r.git("tag", "--list", "v*")).not.toContain(`v${version}`);

  // What the real release does after publishing.
  r.commit(`Version ${version}`);
  r.git("tag", "-a", `v${version}`, "-m", `Release ${version}`);
  return version;
}

it("cuts three releases in a row from the checkout's state: version → test → release --dry-run → tag", {
  timeout: 1_200_000,
}, async () => {
  const origin = scratchRepo({ dependencies: true });
  repos.push(origin);
  origin.edit("package.json", (text) => {
    const manifest = JSON.parse(text);
    manifest.scripts.test = BOUNDED_TEST;
    return `${JSON.stringify(manifest, null, 2)}\n`;
  });
  origin.commit("scratch: a bounded npm test");
  // The state the sequence starts from: the releases the changelogs already hold.
  const sectionsBefore = apiSections(lockstepChangelog(origin.dir));

  const versions: string[] = [];
  const [first, ...next] = RELEASES as [Release, ...Release[]];
  versions.push(await cutRelease(origin, 0, first));

  // A fresh clone of a repository in which a release was cut and tagged.
  const clone = cloneRepo(origin, { dependencies: true });
  repos.push(clone);
  expect(clone.git("tag", "--list", `v${versions[0]}`)).toBe(`v${versions[0]}`);
  for (const [i, release] of next.entries()) versions.push(await cutRelease(clone, i + 1, release));

  expect(new Set(versions).size).toBe(RELEASES.length);
  expect(clone.git("tag", "--list", "v*").split("\n")).toEqual(expect.arrayContaining(versions.map((v) => `v${v}`)));
  const changelog = clone.read("packages/mock-server/CHANGELOG.md");
  for (const version of versions) expect(changelog).toContain(`## ${version}`);
  expect(changelog).toContain("Release 3: a patch change.");
  // After the three, still once each: no release wrote into another's entry.
  for (const version of versions) {
    const changelogs = releaseChangelogs(clone.dir, version);
    expect(changelogs.sections, version).toEqual(sectionsOnce(changelogs));
  }

  // The docs' Changelog page (the lockstep changelog): each release once, its notes and API
  // changes once, on top of the releases it showed before; no package's pointer line.
  const docs = JSON.parse(clone.read("packages/docs/dist/openapi.json"));
  const page: string = docs.tags.find((t: { name: string }) => t.name === "Changelog").description;
  for (const version of versions) expect(page.split(`## ${version}\n`).length - 1, version).toBe(1);
  for (const { listed } of RELEASES) expect(page).toMatch(listed);
  expect(apiSections(page)).toBe(sectionsBefore + RELEASES.length);
  expect(page).toContain("Release 1: a minor change.");
  expect(page).not.toContain("## Unreleased");
  expect(page).not.toContain("Updated dependencies");
  expect(page).not.toMatch(/^API changes of /m);
});
