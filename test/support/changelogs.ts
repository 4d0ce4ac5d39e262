// Where a release's "API changes" section is, read from the packages' CHANGELOG.md as a test of
// the release tooling sees them: the section once, in the client's changelog, and in every other
// package's entry a line that points to it.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { API_CHANGES_HOME, headingAnchor } from "../../scripts/api-changelog.mjs";
import { workspacePackages } from "../../scripts/workspace.mjs";

/** The entry of `version` in a changelog (from its `## ` heading to the next one), if any. */
export function entryOf(changelog: string, version: string): string | undefined {
  return changelog.split(/^## /m).find((entry) => entry.startsWith(`${version}\n`));
}

export interface ReleaseChangelogs {
  /** The home package's entry of the version (holding the section). */
  home: string;
  /** Per package name: how many "### API changes" sections its entry of the version has. */
  sections: Record<string, number>;
  /**
   * Per package name but the home's: the CHANGELOG.md its entry's pointer links to (an absolute
   * path, resolved from the package's folder) and the link's anchor; undefined without a pointer.
   */
  pointers: Record<string, { file: string; anchor: string } | undefined>;
}

/** What every package's CHANGELOG.md of the workspace at `root` says of `version`'s API changes. */
export function releaseChangelogs(root: string, version: string): ReleaseChangelogs {
  const result: ReleaseChangelogs = { home: "", sections: {}, pointers: {} };
  for (const pkg of workspacePackages(root) as { name: string; dir: string }[]) {
    const file = path.join(root, pkg.dir, "CHANGELOG.md");
    const entry = existsSync(file) ? (entryOf(readFileSync(file, "utf8"), version) ?? "") : "";
    result.sections[pkg.name] = entry.split("\n### API changes\n").length - 1;
    if (pkg.name === API_CHANGES_HOME) {
      result.home = entry;
      continue;
    }
    const link = entry.match(/^API changes of \S+: .*`([^`]+)`\]\(([^)#]+)#([^)]+)\)\.$/m);
    result.pointers[pkg.name] =
      link?.[1] === API_CHANGES_HOME && link[2] && link[3]
        ? { file: path.resolve(root, pkg.dir, link[2]), anchor: link[3] }
        : undefined;
  }
  return result;
}

/** The home's CHANGELOG.md in `root` and the anchor of `version`'s heading: where pointers lead. */
export function homeTarget(root: string, version: string): { file: string; anchor: string } {
  const home = (workspacePackages(root) as { name: string; dir: string }[]).find((p) => p.name === API_CHANGES_HOME);
  if (home === undefined) throw new Error(`${API_CHANGES_HOME} is not a package of ${root}`);
  return { file: path.join(root, home.dir, "CHANGELOG.md"), anchor: headingAnchor(version) };
}

/** Asserts-ready view: the section exactly once across every changelog, in the home's entry. */
export function sectionsOnce(changelogs: ReleaseChangelogs): Record<string, number> {
  return Object.fromEntries(Object.keys(changelogs.sections).map((name) => [name, name === API_CHANGES_HOME ? 1 : 0]));
}
