// The "API changes" section `npm run version` writes under each new version of the packages'
// CHANGELOG.md: every change of the document since the last release, as `redocly diff` rates
// it, with the breaking ones marked.
const KINDS = { added: "Added", removed: "Removed", modified: "Changed" };

/** Prose of the document's `info` and `servers` (a reworded description): no change of the API. */
const isProseOnly = (change) => change.impact === "patch" && /^(info|servers)\b/.test(change.where);

/**
 * The section's Markdown for `changes` (from api-diff.mjs) since the release `since`; on the
 * first release (`firstRelease`), `since` is the draft the document started from. A change inside
 * a named schema names every operation that uses it.
 */
export function apiChangesSection(changes, since, { firstRelease = false } = {}) {
  const lines = ["### API changes", ""];
  if (firstRelease) lines.push("The first release.", "");
  const listed = changes.filter((c) => !isProseOnly(c));
  if (listed.length === 0) {
    lines.push(`None: the OpenAPI document's operations and schemas are as in ${since}.`);
    return `${lines.join("\n")}\n`;
  }
  lines.push(`The OpenAPI document compared with ${since}:`, "");
  for (const change of listed) {
    const mark = change.impact === "major" ? "**Breaking:** " : "";
    const users =
      change.schema && change.usedBy?.length > 0
        ? ` (in \`${change.schema}\`, so in ${change.usedBy.map((id) => `\`${id}\``).join(", ")})`
        : "";
    lines.push(`- ${mark}${KINDS[change.kind] ?? "Changed"} \`${change.where}\`: ${change.what}${users}`);
  }
  return `${lines.join("\n")}\n`;
}

/** `changelog` with `section` at the end of the entry of `version` (the first `## version`). */
export function addToVersionEntry(changelog, version, section) {
  const heading = `\n## ${version}\n`;
  const start = changelog.indexOf(heading);
  if (start < 0) throw new Error(`no "## ${version}" entry in the changelog`);
  const next = changelog.indexOf("\n## ", start + heading.length);
  const end = next < 0 ? changelog.length : next + 1;
  const entry = changelog.slice(0, end).replace(/\n*$/, "\n\n");
  return `${entry}${section}${next < 0 ? "" : "\n"}${changelog.slice(end)}`;
}
