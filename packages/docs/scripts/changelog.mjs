// The Changelog page, the lockstep changelog: the packages share one version, so each release is
// shown once, with the notes of every package's CHANGELOG.md merged under it, section by section,
// each line once — the "API changes" section from the client's CHANGELOG.md, the one place
// `npm run version` writes it (releases cut before that have it in every package's, shown once
// all the same) — after the pending changesets as "Unreleased". A line of an entry before its
// first section (the other packages' pointer to the client's API changes) is left out.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** `## version` → `### section` → its bullet items (a bullet with its indented lines). */
function parseChangelog(text) {
  const versions = new Map();
  let version;
  let section;
  for (const line of text.split("\n")) {
    const versionHeading = line.match(/^## (.+)$/);
    if (versionHeading) {
      version = versionHeading[1].trim();
      if (!versions.has(version)) versions.set(version, new Map());
      section = undefined;
      continue;
    }
    if (version === undefined) continue;
    const sections = versions.get(version);
    const sectionHeading = line.match(/^### (.+)$/);
    if (sectionHeading) {
      section = sectionHeading[1].trim();
      if (!sections.has(section)) sections.set(section, []);
      continue;
    }
    if (section === undefined) continue;
    const items = sections.get(section);
    if (items.length === 0 && line.trim() === "") continue;
    if (/^[-*] /.test(line) || items.length === 0) items.push(line);
    else items[items.length - 1] += `\n${line}`;
  }
  return versions;
}

const isDependencyUpdate = (item) => /^[-*] (?:[0-9a-f]{7,}: )?Updated dependencies\b/.test(item);

/** The merged release notes, newest release first, as Markdown. */
export function lockstepChangelog(root) {
  const parts = [];
  const pending = readdirSync(path.join(root, ".changeset"))
    .filter((f) => f.endsWith(".md") && f !== "README.md")
    .sort()
    .map((f) =>
      readFileSync(path.join(root, ".changeset", f), "utf8")
        .replace(/^---[\s\S]*?---\s*/, "")
        .trim(),
    );
  if (pending.length > 0) parts.push(`## Unreleased\n\n${pending.map((p) => `- ${p}`).join("\n")}`);

  const merged = new Map();
  for (const dir of readdirSync(path.join(root, "packages")).sort()) {
    const file = path.join(root, "packages", dir, "CHANGELOG.md");
    if (!existsSync(file)) continue;
    for (const [version, sections] of parseChangelog(readFileSync(file, "utf8"))) {
      if (!merged.has(version)) merged.set(version, new Map());
      const into = merged.get(version);
      for (const [section, items] of sections) {
        if (!into.has(section)) into.set(section, []);
        const list = into.get(section);
        for (const item of items.map((i) => i.trimEnd()).filter((i) => i !== "" && !isDependencyUpdate(i))) {
          if (!list.includes(item)) list.push(item);
        }
      }
    }
  }
  const byNewest = [...merged.keys()].sort((a, b) => compareVersions(b, a));
  for (const version of byNewest) {
    const sections = [...merged.get(version)].filter(([, items]) => items.length > 0);
    const body = sections.map(([section, items]) => `### ${section}\n\n${items.join("\n")}`).join("\n\n");
    parts.push(`## ${version}${body ? `\n\n${body}` : ""}`);
  }
  return parts.length > 0 ? parts.join("\n\n") : "No release yet.";
}

function compareVersions(a, b) {
  const pa = a.split(/[.-]/).map((n) => Number.parseInt(n, 10) || 0);
  const pb = b.split(/[.-]/).map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
