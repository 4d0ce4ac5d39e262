// The parts of the versioned site that need no page build: the order of the releases read from
// tags, and the reading of the "API changes" sections that `npm run version` writes (read back
// from what the repository's own writer, scripts/api-changelog.mjs, produces), and what
// site.mjs refuses to overwrite.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { apiChangesOf } from "../scripts/site-changes.mjs";
import { releasedVersions } from "../scripts/site-sources.mjs";

interface WrittenChange {
  impact: "major" | "minor" | "patch";
  kind: "added" | "removed" | "modified";
  where: string;
  what: string;
}
interface ApiChangelogWriter {
  apiChangesSection(changes: WrittenChange[], since: string): string;
  addToVersionEntry(changelog: string, version: string, section: string): string;
}
// Loaded at run time: the root's scripts are compiled with the repository's settings, not this package's.
const WRITER = new URL("../../../scripts/api-changelog.mjs", import.meta.url).href;
const { apiChangesSection, addToVersionEntry } = (await import(WRITER)) as ApiChangelogWriter;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("releasedVersions", () => {
  it("reads the v* tags in semantic-version order, prereleases before their release, other tags left out", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "quatrix-site-tags-"));
    dirs.push(dir);
    const git = (...args: string[]) =>
      execFileSync("git", args, {
        cwd: dir,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: "Scratch",
          GIT_AUTHOR_EMAIL: "scratch@example.com",
          GIT_COMMITTER_NAME: "Scratch",
          GIT_COMMITTER_EMAIL: "scratch@example.com",
          GIT_CONFIG_NOSYSTEM: "1",
          GIT_CONFIG_GLOBAL: "/dev/null",
        },
      });
    git("init", "--quiet", "--initial-branch=main");
    writeFileSync(path.join(dir, "file"), "x");
    git("add", "file");
    git("commit", "--quiet", "-m", "one");
    expect(releasedVersions(dir)).toEqual([]);
    for (const tag of [
      "v0.10.0",
      "v0.2.0",
      "v0.2.0-next.10",
      "v0.2.0-next.2",
      "v1.0.0",
      "version-1",
      "v1.0",
      "x1.0.0",
    ]) {
      git("tag", tag);
    }
    git("tag", "-a", "v0.9.1", "-m", "annotated");
    const versions = releasedVersions(dir);
    expect(versions.map((v) => v.tag)).toEqual([
      "v0.2.0-next.2",
      "v0.2.0-next.10",
      "v0.2.0",
      "v0.9.1",
      "v0.10.0",
      "v1.0.0",
    ]);
    expect(versions.filter((v) => v.prerelease).map((v) => v.version)).toEqual(["0.2.0-next.2", "0.2.0-next.10"]);
    for (const v of versions) expect(Number.isNaN(Date.parse(v.date)), v.tag).toBe(false);
  });
});

describe("apiChangesOf", () => {
  const changelog = (sections: Record<string, string>) => {
    let text = "# @quatrix/user-api-docs\n";
    for (const version of Object.keys(sections)) text += `\n## ${version}\n\n### Minor Changes\n\n- abc1234: A note.\n`;
    for (const [version, section] of Object.entries(sections)) text = addToVersionEntry(text, version, section);
    return text;
  };

  it("reads back every change the writer lists, with its kind and whether it breaks", () => {
    const written: WrittenChange[] = [
      { impact: "major", kind: "removed", where: "GET /user/pgp-key/{id}", what: "removed path" },
      { impact: "minor", kind: "added", where: "JobResp › queued", what: "added property `queued`" },
      { impact: "patch", kind: "modified", where: "JobResp › job_id", what: "description changed" },
    ];
    const text = changelog({
      "1.0.0": apiChangesSection(written, "0.1.0"),
      "0.1.0": apiChangesSection([], "0.0.0"),
    });
    expect(apiChangesOf(text, "1.0.0")).toEqual({
      since: "0.1.0",
      changes: [
        { kind: "removed", breaking: true, where: "GET /user/pgp-key/{id}", what: "removed path" },
        { kind: "added", breaking: false, where: "JobResp › queued", what: "added property `queued`" },
        { kind: "modified", breaking: false, where: "JobResp › job_id", what: "description changed" },
      ],
    });
    expect(apiChangesOf(text, "0.1.0")).toEqual({ since: "0.0.0", changes: [] });
  });

  it("is undefined for a version without an entry or without the section", () => {
    const text = "# pkg\n\n## 0.2.0\n\n### Patch Changes\n\n- A fix.\n";
    expect(apiChangesOf(text, "0.2.0")).toBeUndefined();
    expect(apiChangesOf(text, "0.3.0")).toBeUndefined();
  });
});

describe("site.mjs --out", () => {
  it("refuses to replace a folder that is neither empty nor an earlier site, before building anything", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "quatrix-site-out-"));
    dirs.push(dir);
    writeFileSync(path.join(dir, "notes.txt"), "mine");
    const site = new URL("../scripts/site.mjs", import.meta.url).pathname;
    const run = spawnSync(process.execPath, [site, "--out", dir], { encoding: "utf8", timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("is not empty and holds no earlier site: refusing to replace it");
    expect(existsSync(path.join(dir, "notes.txt"))).toBe(true);
  });
});
