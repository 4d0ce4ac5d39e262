// The version switcher of the docs site: a list of links to every version's reference, on every
// page. Following one keeps the reader on the same operation (or guide, or tag) when the other
// version has it, else opens that version's front page. The reference is one Redoc page whose
// places are hashes (`#/user/getuser`); each version's places are listed in the page, taken
// from that version's built document.
import { escapeHtml } from "./site-html.mjs";

/** Redoc's slug of a tag or guide title: lower case, spaces as dashes (`Getting started` → `getting-started`). */
const slug = (title) => title.toLowerCase().replace(/\s+/g, "-");

const METHODS = new Set(["get", "put", "post", "delete", "patch", "options", "head", "trace"]);

/**
 * The places of a built document (dist/openapi.json): `sections`, the hashes of its tags and
 * guides; `operations`, each operationId's hash (under its first tag, as Redoc places it).
 */
export function placesOf(document) {
  const sections = (document.tags ?? []).map((tag) => `#/${slug(tag.name)}`);
  const operations = {};
  for (const pathItem of Object.values(document.paths ?? {})) {
    for (const [method, op] of Object.entries(pathItem)) {
      if (!METHODS.has(method) || !op?.operationId) continue;
      const tag = op.tags?.[0];
      operations[op.operationId] = tag
        ? `#/${slug(tag)}/${op.operationId.toLowerCase()}`
        : `#/${op.operationId.toLowerCase()}`;
    }
  }
  return { sections, operations };
}

const STYLE = `
.quatrix-versions { position: fixed; right: 16px; bottom: 16px; z-index: 2147483000; max-width: 18rem;
  background: #ffffff; color: #1b1b1b; border: 2px solid #1b1b1b; border-radius: 6px;
  font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
.quatrix-versions summary { cursor: pointer; padding: 8px 12px; }
.quatrix-versions summary:focus-visible, .quatrix-versions a:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.quatrix-versions ul { list-style: none; margin: 0; padding: 0 12px 10px; max-height: 60vh; overflow: auto; }
.quatrix-versions li { margin: 4px 0; }
.quatrix-versions a { color: #0b4fbd; text-decoration: underline; }
.quatrix-versions a[aria-current] { color: #1b1b1b; font-weight: 700; text-decoration: none; }
.quatrix-versions hr { border: 0; border-top: 1px solid #6b6b6b; margin: 6px 0; }
.quatrix-versions.in-flow { position: static; display: inline-block; box-shadow: none; }`;

/**
 * Keeps each version link's hash on the reader's place: when the reader follows (or focuses,
 * or points at) a link, the link gets the hash of the same place in its version. Redoc moves
 * the hash as the reader scrolls without a hashchange event, so it is read at that moment.
 */
const SCRIPT = `(() => {
  const nav = document.currentScript.parentElement;
  const data = JSON.parse(nav.querySelector("script[type='application/json']").textContent);
  const here = data.versions.find((v) => v.id === data.current);
  const hashesOf = (v) => [...v.sections, ...Object.values(v.operations)];
  function placeIn(target) {
    if (!here) return "";
    const hash = decodeURIComponent(window.location.hash);
    const known = hashesOf(here)
      .filter((h) => hash === h || hash.startsWith(h + "/"))
      .sort((a, b) => b.length - a.length)[0];
    if (!known) return "";
    if (hashesOf(target).includes(known)) return hash;
    const operation = Object.keys(here.operations).find((id) => here.operations[id] === known);
    return (operation && target.operations[operation]) || "";
  }
  const update = () => {
    for (const link of nav.querySelectorAll("a[data-version]")) {
      const target = data.versions.find((v) => v.id === link.dataset.version);
      if (target) link.setAttribute("href", target.href + placeIn(target));
    }
  };
  for (const event of ["click", "focusin", "pointerover", "auxclick", "contextmenu"]) {
    nav.addEventListener(event, update, true);
  }
  window.addEventListener("hashchange", update);
  update();
})();`;

/**
 * The switcher's HTML for a page of the site. `versions`: `{ id, label, href, sections,
 * operations }` in the order shown (hrefs relative to the page); `current`: the id of the
 * page's version, if it is one; `links`: further `{ label, href }` (the changes, all versions).
 * `inFlow`: placed in the page's flow rather than fixed in its corner.
 */
export function switcherHtml({ versions, current, links = [], inFlow = false }) {
  const shown = versions.find((v) => v.id === current);
  const items = versions.map(
    (v) =>
      `<li><a href="${escapeHtml(v.href)}" data-version="${escapeHtml(v.id)}"${v.id === current ? ' aria-current="page"' : ""}>${escapeHtml(v.label)}</a></li>`,
  );
  const more = links.map((l) => `<li><a href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a></li>`);
  // `<` in the JSON is escaped so that no text of a document can end the script element.
  const data = JSON.stringify({ current, versions }).replaceAll("<", "\\u003c");
  return [
    `<nav class="quatrix-versions${inFlow ? " in-flow" : ""}" aria-label="Versions of the reference">`,
    `<style>${STYLE}</style>`,
    `<details${inFlow ? " open" : ""}><summary>${shown ? `Version: <strong>${escapeHtml(shown.label)}</strong>` : "The reference of each version"}</summary>`,
    `<ul>${items.join("")}${more.length > 0 ? `<li><hr></li>${more.join("")}` : ""}</ul>`,
    "</details>",
    `<script type="application/json">${data}</script>`,
    `<script>${SCRIPT}</script>`,
    "</nav>",
  ].join("\n");
}

const REDOC_ROOT = '<div id="redoc"';

/** Whether an HTML file of a built reference is a Redoc page (the kind that gets the switcher). */
export const isRedocPage = (html) => html.includes(REDOC_ROOT);

/** The Redoc page with the switcher before Redoc's root element (outside what Redoc hydrates). */
export function withSwitcher(html, switcher) {
  const found = html.split(REDOC_ROOT).length - 1;
  if (found !== 1) {
    throw new Error(
      `expected Redoc's root element once in the page, found it ${found} times: update site-switcher.mjs`,
    );
  }
  return html.replace(REDOC_ROOT, () => `${switcher}\n${REDOC_ROOT}`);
}
