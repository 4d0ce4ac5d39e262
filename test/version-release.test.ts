// Two releases in a row, as a maintainer cuts them, on a scratch repository: add a changeset →
// `npm run version` → `npm test` passes → `npm run release -- --dry-run` passes → commit and
// tag `v<version>` (what the real `npm run release` does after publishing) → and again.
//
// The bound: the scratch copy's `npm test` is narrowed to what the version step can break —
// a cold `turbo run build` of every package (lint:openapi → codegen → client, mock, docs; the
// docs build reads the changelogs) and the change guard against the new release — and the
// version test, which once failed right after a release, runs once after each version step.
// The packages' own suites and the tarball tests run on this checkout already, and the version
// step changes none of their sources. `npm run release -- --dry-run` then runs that same
// `npm test`, replayed from the scratch copy's turbo cache, before it packs every package.
import { type ExecFileException, execFile } from "node:child_process";
import { afterAll, expect, it } from "vitest";
import { parse } from "yaml";
import { changeset, type ScratchRepo, scratchRepo } from "./support/scratch-repo.js";

const BOUNDED_TEST = "turbo run build check:changes --concurrency=2";

let repo: ScratchRepo | undefined;
afterAll(() => repo?.dispose());

interface Result {
  code: number;
  output: string;
}

/** npm in the scratch copy, with none of the outer npm's and turbo's variables. */
function npm(dir: string, args: string[]): Promise<Result> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(npm_|TURBO_|VITEST)/i.test(name) && name !== "NODE_ENV"),
  );
  return new Promise((resolve) => {
    execFile(
      "npm",
      args,
      { cwd: dir, env: { ...env, REDOCLY_TELEMETRY: "off" }, maxBuffer: 64 * 1024 * 1024 },
      (error: ExecFileException | null, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, output: stdout + stderr });
      },
    );
  });
}

const versionOf = (r: ScratchRepo, dir: string) => JSON.parse(r.read(`packages/${dir}/package.json`)).version as string;

it("cuts two releases in a row: version → test → release --dry-run, twice", { timeout: 900_000 }, async () => {
  repo = scratchRepo({ dependencies: true });
  const r = repo;
  r.edit("package.json", (text) => {
    const manifest = JSON.parse(text);
    manifest.scripts.test = BOUNDED_TEST;
    return `${JSON.stringify(manifest, null, 2)}\n`;
  });
  for (const file of r.git("ls-files", ".changeset").split("\n")) {
    if (/\.changeset\/(?!README|config).*\.md$/.test(file)) r.remove(file);
  }
  r.commit("scratch: a bounded npm test, no pending changesets");

  const [major = 0, minor = 0] = versionOf(r, "client").split(".").map(Number);
  // Each release changes the document too: its CHANGELOG lists that API change.
  const releases = [
    {
      bump: "minor" as const,
      version: `${major}.${minor + 1}.0`,
      change: (y: string) =>
        y.replace(
          "        job_id:\n          type: string\n          format: uuid\n          description: The job's id.\n",
          "        job_id:\n          type: string\n          format: uuid\n          description: The job's id.\n" +
            "        queued:\n          type: boolean\n          description: Whether the job waits for another.\n",
        ),
      listed: /^- Added `.*› queued`: /m,
    },
    {
      bump: "patch" as const,
      version: `${major}.${minor + 1}.1`,
      change: (y: string) =>
        y.replace("description: Whether the job waits for another.", "description: Whether it waits."),
      listed: /^- Changed `.*› queued`: description changed$/m,
    },
  ];

  for (const [index, { bump, version, change, listed }] of releases.entries()) {
    r.edit("openapi/user-api.yaml", change);
    r.write(
      `.changeset/release-${index + 1}.md`,
      changeset({ "@quatrix/user-api-mock": bump }, `Release ${index + 1}: a ${bump} change.`),
    );

    const versioned = await npm(r.dir, ["run", "version"]);
    expect(versioned.code, versioned.output).toBe(0);
    for (const dir of ["client", "docs", "mock-server"]) expect(versionOf(r, dir), dir).toBe(version);
    expect(parse(r.read("openapi/user-api.yaml")).info.version).toBe(version);
    for (const dir of ["client", "docs", "mock-server"]) {
      const entry = r.read(`packages/${dir}/CHANGELOG.md`).split(/^## /m)[1] ?? "";
      expect(entry.startsWith(`${version}\n`), dir).toBe(true);
      expect(entry, dir).toContain("### API changes");
      expect(entry, dir).toMatch(listed);
    }

    const tested = await npm(r.dir, ["test"]);
    expect(tested.code, tested.output).toBe(0);
    const versionTest = await npm(r.dir, ["exec", "--", "vitest", "run", "test/version.test.ts"]);
    expect(versionTest.code, versionTest.output).toBe(0);

    const dryRun = await npm(r.dir, ["run", "release", "--", "--dry-run"]);
    expect(dryRun.code, dryRun.output).toBe(0);
    expect(dryRun.output).toContain(`create the git tag v${version}`);
    for (const name of ["@quatrix/user-api-client", "@quatrix/user-api-mock", "@quatrix/user-api-docs"]) {
      expect(dryRun.output).toContain(`${name}@${version} — `);
    }
    expect(dryRun.output).toMatch(/^ +[\d.]+ kB {2}LICENSE$/m);
    expect(dryRun.output).toMatch(/^ +[\d.]+ kB {2}dist\/index\.mjs$/m);
    expect(r.git("tag", "--list", "v*")).not.toContain(`v${version}`);

    // What the real release does after publishing.
    r.commit(`Version ${version}`);
    r.git("tag", "-a", `v${version}`, "-m", `Release ${version}`);
  }

  const changelog = r.read("packages/mock-server/CHANGELOG.md");
  for (const { version } of releases) expect(changelog).toContain(`## ${version}`);
  expect(changelog).toContain("Release 2: a patch change.");

  // The docs' Changelog page: each lockstep release once, its notes and API changes once.
  const docs = JSON.parse(r.read("packages/docs/dist/openapi.json"));
  const page: string = docs.tags.find((t: { name: string }) => t.name === "Changelog").description;
  for (const { version, listed } of releases) {
    expect(page.split(`## ${version}\n`).length - 1, version).toBe(1);
    expect(page).toMatch(listed);
  }
  expect(page.split("### API changes").length - 1).toBe(releases.length);
  expect(page).toContain("Release 1: a minor change.");
  expect(page).not.toContain("Updated dependencies");
});
