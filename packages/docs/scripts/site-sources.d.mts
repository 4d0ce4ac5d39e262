// Types of site-sources.mjs, for the tests.
export interface ReleasedVersion {
  tag: string;
  version: string;
  prerelease: boolean;
  date: string;
}

/** The released versions (`v*` tags), oldest first. */
export function releasedVersions(root: string): ReleasedVersion[];
