// Types of site-changes.mjs, for the tests.
export interface ApiChange {
  kind: "added" | "removed" | "modified";
  breaking: boolean;
  where: string;
  what: string;
}

/** The "API changes" section of `version`'s entry in a CHANGELOG.md; undefined without one. */
export function apiChangesOf(
  changelog: string,
  version: string,
): { since: string | null; changes: ApiChange[] } | undefined;
