// The API changes between consecutive released versions, for readers and for their tools: read
// from the "API changes" section that `npm run version` writes under each version, once, in the
// client's CHANGELOG.md (scripts/api-changelog.mjs writes it; releases cut before that have it
// in every package's, the same text), then rendered as a page (changes.html), as JSON
// (changes.json) and as an Atom feed (changes.atom).
import { escapeHtml, inlineMarkdown, sitePage } from "./site-html.mjs";

const KINDS = { Added: "added", Removed: "removed", Changed: "modified" };

/**
 * The "API changes" section of `version`'s entry in a CHANGELOG.md: `{ since, changes }`, each
 * change `{ kind, breaking, where, what }`; undefined when the entry has no such section.
 */
export function apiChangesOf(changelog, version) {
  const lines = changelog.split("\n");
  const start = lines.findIndex((line) => line.trim() === `## ${version}`);
  if (start < 0) return undefined;
  let inSection = false;
  let since;
  const bullets = [];
  for (const line of lines.slice(start + 1)) {
    if (/^## /.test(line)) break;
    if (/^### /.test(line)) {
      inSection = line.trim() === "### API changes";
      continue;
    }
    if (!inSection) continue;
    const compared = line.match(/^The OpenAPI document compared with (.+):$/) ?? line.match(/^None: .* as in (.+)\.$/);
    if (compared) since = compared[1];
    if (line.startsWith("- ")) bullets.push(line.slice(2));
    else if (/^\s+\S/.test(line) && bullets.length > 0) bullets[bullets.length - 1] += ` ${line.trim()}`;
  }
  if (since === undefined && bullets.length === 0) return undefined;
  const changes = bullets.map((text) => {
    const m = text.match(/^(\*\*Breaking:\*\* )?(Added|Removed|Changed) `([^`]+)`: (.*)$/);
    return m
      ? { kind: KINDS[m[2]], breaking: m[1] !== undefined, where: m[3], what: m[4] }
      : { kind: "modified", breaking: /^\*\*Breaking:\*\*/.test(text), where: "", what: text };
  });
  return { since: since ?? null, changes };
}

/**
 * The changes of every released version (`releases`: `{ tag, version, date, changelogs }`, oldest
 * first, changelogs the texts of its packages' CHANGELOG.md; the first one with the section is
 * read), newest first, for changes.json.
 */
export function releaseChanges(releases) {
  return releases
    .map((release, index) => {
      const section = release.changelogs.map((text) => apiChangesOf(text, release.version)).find(Boolean);
      return {
        version: release.version,
        tag: release.tag,
        date: release.date,
        previous: index > 0 ? releases[index - 1].version : null,
        comparedWith: section?.since ?? null,
        reference: `${release.tag}/index.html`,
        recorded: section !== undefined,
        changes: section?.changes ?? [],
      };
    })
    .reverse();
}

const countOf = (entry) => {
  const breaking = entry.changes.filter((c) => c.breaking).length;
  const n = entry.changes.length;
  return `${n} API change${n === 1 ? "" : "s"}${breaking > 0 ? `, ${breaking} breaking` : ""}`;
};

/** A change as an HTML list item. */
function changeItem(change) {
  const mark = change.breaking ? '<span class="breaking">Breaking:</span> ' : "";
  const kind = { added: "Added", removed: "Removed", modified: "Changed" }[change.kind] ?? "Changed";
  return change.where
    ? `<li>${mark}${kind} <code>${escapeHtml(change.where)}</code>: ${inlineMarkdown(change.what)}</li>`
    : `<li>${mark}${inlineMarkdown(change.what.replace(/^\*\*Breaking:\*\* /, ""))}</li>`;
}

/** A version's changes as HTML (the page's section body and the feed entry's content). */
function changesHtml(entry) {
  if (!entry.recorded) return "<p>Its changelog records no API changes section.</p>";
  if (entry.changes.length === 0) {
    return `<p>None: the operations and schemas are as in ${escapeHtml(entry.comparedWith ?? "the version before")}.</p>`;
  }
  return `<ul>\n${entry.changes.map(changeItem).join("\n")}\n</ul>`;
}

/** changes.html: every released version's API changes, newest first. */
export function changesPage(entries, switcher) {
  const sections = entries.map((entry) => {
    const compared = entry.comparedWith ? `, compared with ${escapeHtml(entry.comparedWith)}` : "";
    return `<section aria-labelledby="${escapeHtml(entry.tag)}">
<h2 id="${escapeHtml(entry.tag)}">${escapeHtml(entry.version)}</h2>
<p class="meta">Released ${escapeHtml(entry.date.slice(0, 10))}; ${countOf(entry)}${compared}. <a href="${escapeHtml(entry.reference)}">Reference of ${escapeHtml(entry.version)}</a></p>
${changesHtml(entry)}
</section>`;
  });
  const body = `<header>
<h1>Quatrix User API: API changes</h1>
<p>What changed in the OpenAPI document from each released version to the next, as each release's changelog records it. Follow it in a feed reader with <a href="changes.atom">the Atom feed</a>, or in your tools with <a href="changes.json">changes.json</a>.</p>
${switcher}
</header>
<main>
${sections.length > 0 ? sections.join("\n") : '<p>No release yet: the unreleased reference is in <a href="next/index.html">next</a>.</p>'}
</main>`;
  return sitePage({ title: "API changes — Quatrix User API", body });
}

/** changes.json: for tools following the API. */
export function changesJson(entries) {
  return `${JSON.stringify({ title: "Quatrix User API: API changes", versions: entries }, null, 2)}\n`;
}

/** changes.atom: one entry per released version; links are relative to the feed. */
export function changesAtom(entries, updatedWhenEmpty) {
  const updated = entries[0]?.date ?? updatedWhenEmpty;
  const items = entries.map(
    (entry) => `  <entry>
    <title>${escapeHtml(`${entry.version}: ${countOf(entry)}`)}</title>
    <id>urn:quatrix:user-api:release:${escapeHtml(entry.version)}</id>
    <updated>${escapeHtml(entry.date)}</updated>
    <link rel="alternate" type="text/html" href="changes.html#${escapeHtml(entry.tag)}"/>
    <link rel="related" type="text/html" href="${escapeHtml(entry.reference)}"/>
    <content type="html">${escapeHtml(changesHtml(entry))}</content>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Quatrix User API: API changes</title>
  <subtitle>What changed in the OpenAPI document with each release.</subtitle>
  <id>urn:quatrix:user-api:changes</id>
  <updated>${escapeHtml(updated)}</updated>
  <author><name>Quatrix SDK maintainers</name></author>
  <link rel="self" type="application/atom+xml" href="changes.atom"/>
  <link rel="alternate" type="text/html" href="changes.html"/>
${items.join("\n")}
</feed>
`;
}
