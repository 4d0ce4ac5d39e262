// The "API changes" section `npm run version` writes under each new version: every change of the
// document since the last release, as `redocly diff` rates it, with the breaking ones marked.
// The packages are released together (one version), so the section is written once, in the
// client's CHANGELOG.md (API_CHANGES_HOME: the changes are changes of the client's API, and its
// changelog is published with it), and the other packages' entries of that version point to it
// in one line.
const KINDS = { added: "Added", removed: "Removed", modified: "Changed" };

/** The package whose CHANGELOG.md holds each release's "API changes" section. */
export const API_CHANGES_HOME = "@quatrix/user-api-client";

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
  // Before the first release there is no version to compare with, only the draft's number.
  const before = firstRelease ? "the draft it started from" : since;
  const listed = changes.filter((c) => !isProseOnly(c));
  if (listed.length === 0) {
    lines.push(`None: the OpenAPI document's operations and schemas are as in ${before}.`);
    return `${lines.join("\n")}\n`;
  }
  lines.push(`The OpenAPI document compared with ${before}:`, "");
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

/** Where `## version` starts and ends in `changelog` (the first such heading); throws without one. */
function versionEntry(changelog, version) {
  const heading = `\n## ${version}\n`;
  const start = changelog.indexOf(heading);
  if (start < 0) throw new Error(`no "## ${version}" entry in the changelog`);
  const next = changelog.indexOf("\n## ", start + heading.length);
  return { bodyStart: start + heading.length, end: next < 0 ? changelog.length : next + 1 };
}

/**
 * `changelog` with `section` at the end of the entry of `version` (the first `## version`), in
 * place of the entry's "API changes" section when it has one already: writing twice gives one.
 */
export function addToVersionEntry(changelog, version, section) {
  const { bodyStart, end } = versionEntry(changelog, version);
  const others = changelog.slice(bodyStart, end).replace(/(^|\n)### API changes\n[\s\S]*?(?=\n### |$)/, "$1");
  const body = others.trim() === "" ? "\n" : others.replace(/\n*$/, "\n\n");
  const rest = changelog.slice(end);
  return `${changelog.slice(0, bodyStart)}${body}${section}${rest === "" ? "" : "\n"}${rest}`;
}

/** GitHub's (and npm's) anchor of a Markdown heading: `## 1.2.0-next.0` → `120-next0`. */
export function headingAnchor(text) {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/**
 * The line a package's entry of `version` has in place of the section: the home package's name
 * (what a reader of node_modules/ looks for) and a link to its entry, `homeChangelog` being the
 * home's CHANGELOG.md relative to this package's folder in the repository (the link GitHub and
 * npm's pages resolve).
 */
export function apiChangesPointer(version, homeChangelog) {
  return `API changes of ${version}: listed once for every package, in [the CHANGELOG.md of \`${API_CHANGES_HOME}\`](${homeChangelog}#${headingAnchor(version)}).`;
}

/**
 * `changelog` with `line` first in the entry of `version`, before its `###` sections (the docs'
 * Changelog page, which merges the packages' sections, leaves it out); once, however often written.
 */
export function addPointerToVersionEntry(changelog, version, line) {
  const { bodyStart, end } = versionEntry(changelog, version);
  const body = changelog.slice(bodyStart, end);
  if (body.includes(line)) return changelog;
  const sections = body.replace(/^\n*/, "");
  const last = end === changelog.length;
  return `${changelog.slice(0, bodyStart)}\n${line}\n${sections === "" && last ? "" : "\n"}${sections}${changelog.slice(end)}`;
}
