// `npm run version` on a scratch copy with a changeset of its own (the repository's pending
// changesets are left out, so the test passes whether or not any are pending — also right after
// a release): every package, the document's info.version, the released document and the
// lockfile end up on one version, and the changeset becomes changelogs — with the release's
// "API changes" section once, in the client's CHANGELOG.md, which the other packages' entries
// link to. Run again, it changes nothing.
import { existsSync, readFileSync, symlinkSync } from "node:fs";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { parse } from "yaml";
import { homeTarget, releaseChangelogs, sectionsOnce } from "./support/changelogs.js";
import { repoRoot, run, type Scratch, scratchCopy } from "./support/scratch.js";

const PACKAGES = ["client", "docs", "mock-server", "mcp-server"];
let scratch: Scratch | undefined;
const packageName = (s: Scratch, dir: string) => JSON.parse(s.read(`packages/${dir}/package.json`)).name as string;
afterAll(() => scratch?.remove());

it("bumps every package together and makes the rest agree", async () => {
  scratch = scratchCopy([
    "package.json",
    "package-lock.json",
    ".changeset/config.json",
    "openapi",
    "redocly.yaml",
    ...PACKAGES.map((p) => `packages/${p}/package.json`),
  ]);
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(scratch.dir, "node_modules"));
  const s = scratch;
  const before = JSON.parse(s.read("packages/client/package.json")).version as string;
  s.write(
    ".changeset/version-test.md",
    '---\n"@quatrix/user-api-client": minor\n---\n\nThe version test\'s own change.\n',
  );

  const result = await run(process.execPath, [`${repoRoot}scripts/version.mjs`, "--root", s.dir], repoRoot);
  expect(result.code, result.stderr + result.stdout).toBe(0);

  const versions = PACKAGES.map((p) => JSON.parse(s.read(`packages/${p}/package.json`)).version as string);
  const [version] = versions;
  expect(new Set(versions).size).toBe(1);
  const [major = 0, minor = 0] = before.split(".").map(Number);
  expect(version).toBe(`${major}.${minor + 1}.0`);
  expect(parse(s.read("openapi/user-api.yaml")).info.version).toBe(version);
  expect(s.read("openapi/released/user-api.yaml")).toBe(s.read("openapi/user-api.yaml"));
  const lock = JSON.parse(s.read("package-lock.json"));
  for (const p of PACKAGES) expect(lock.packages[`packages/${p}`].version, p).toBe(version);
  // The API changes, exactly once across every changelog: in the client's entry of the version;
  // every other package's entry points to it (its name, and a link that resolves, from the
  // package's folder, to the client's changelog and the version's heading).
  const changelogs = releaseChangelogs(s.dir, version ?? "");
  expect(changelogs.sections, "API changes sections per package").toEqual(sectionsOnce(changelogs));
  expect(Object.keys(changelogs.sections).sort()).toEqual(PACKAGES.map((p) => packageName(s, p)).sort());
  for (const [name, pointer] of Object.entries(changelogs.pointers)) {
    expect(pointer, `${name}'s entry points to the client's`).toEqual(homeTarget(s.dir, version ?? ""));
  }
  // The API changes since the last release: openapi/released/, as this copy has no git tag.
  expect(changelogs.home).toMatch(
    /\n### API changes\n\n(The first release\.\n\n)?(None: |The OpenAPI document compared with )/,
  );
  // Said once the draft (0.0.0) is what the version is cut from, and only then.
  expect(changelogs.home.includes("\n### API changes\n\nThe first release.\n")).toBe(before === "0.0.0");
  // Rewording the document's info or servers changes no API.
  expect(changelogs.home).not.toMatch(/`(info|servers)\b[^`]*`: description changed/);

  // Run again with nothing pending: nothing changes, no second section.
  const files = [
    ...PACKAGES.flatMap((p) => [`packages/${p}/CHANGELOG.md`, `packages/${p}/package.json`]),
    "openapi/user-api.yaml",
  ];
  const first = files.map((f) => s.read(f));
  const again = await run(process.execPath, [`${repoRoot}scripts/version.mjs`, "--root", s.dir], repoRoot);
  expect(again.code, again.stderr + again.stdout).toBe(0);
  expect(again.stdout).toContain("nothing to version");
  expect(files.map((f) => s.read(f))).toEqual(first);
  // Internal dependencies follow the new version.
  expect(JSON.parse(s.read("packages/docs/package.json")).devDependencies["@quatrix/user-api-client"]).toBe(version);
  // The changesets were used up, and the guard sees no change left to cover.
  expect(existsSync(path.join(s.dir, ".changeset/version-test.md"))).toBe(false);
  const guard = await run(process.execPath, [`${repoRoot}scripts/check-changes.mjs`, "--root", s.dir], repoRoot);
  expect(guard.code, guard.stderr).toBe(0);
  expect(readFileSync(path.join(s.dir, "packages/client/CHANGELOG.md"), "utf8")).toContain(
    "The version test's own change.",
  );
});
