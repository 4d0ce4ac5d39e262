// The HTML a reader's browser may meet in the Markdown of the reference (descriptions, guides,
// changesets): an allow-list of prose elements and attributes, and URLs that load nothing from
// outside. Shared by the sanitiser (markdown-sanitiser.mjs) and the checks
// (remote-references.mjs), so that what one removes the other refuses.

/** Elements allowed in Markdown, besides what Markdown itself renders (all of which are here). */
export const ALLOWED_ELEMENTS = new Set([
  "a",
  "abbr",
  "b",
  "blockquote",
  "br",
  "caption",
  "cite",
  "code",
  "dd",
  "del",
  "details",
  "div",
  "dl",
  "dt",
  "em",
  "figcaption",
  "figure",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "i",
  "img",
  "ins",
  "kbd",
  "li",
  "mark",
  "ol",
  "p",
  "picture",
  "pre",
  "q",
  "s",
  "samp",
  "small",
  "source",
  "span",
  "strong",
  "sub",
  "summary",
  "sup",
  "table",
  "tbody",
  "td",
  "tfoot",
  "th",
  "thead",
  "tr",
  "u",
  "ul",
  "var",
]);

/** Attributes allowed on every allowed element. */
const GLOBAL_ATTRIBUTES = new Set(["title", "lang", "dir", "id"]);

/** Attributes allowed on one element, besides the global ones. */
const ELEMENT_ATTRIBUTES = {
  a: new Set(["href", "rel", "target"]),
  // Markdown renders a fence's language as `class="language-ts"`.
  code: new Set(["class"]),
  img: new Set(["src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"]),
  source: new Set(["src", "srcset", "sizes", "type", "media", "width", "height"]),
  ol: new Set(["start", "type", "reversed"]),
  td: new Set(["align", "colspan", "rowspan", "style"]),
  th: new Set(["align", "colspan", "rowspan", "scope", "style"]),
  details: new Set(["open"]),
};

/** Attributes whose URL the browser loads by itself: they must be local (relative or data:). */
const LOADED_URL_ATTRIBUTES = new Set(["src"]);
const LOADED_URL_LIST_ATTRIBUTES = new Set(["srcset"]);

/** Markdown's table alignment is the one style allowed (`style="text-align:right"`). */
const ALLOWED_STYLE = /^\s*text-align\s*:\s*(left|right|center)\s*;?\s*$/i;

const PAGE = "file:///reference/index.html";

/**
 * Whether the browser, loading a URL written in the page, stays on the reader's disk: a
 * relative URL (not `//host/…`, not `/\host/…`, which browsers read as `//`), or `data:`.
 */
export function isLocalUrl(value) {
  let url;
  try {
    url = new URL(value.trim(), PAGE);
  } catch {
    // A URL the browser cannot parse loads nothing; refused anyway, as a mistake.
    return false;
  }
  if (url.protocol === "data:") return true;
  return url.protocol === "file:" && url.hostname === "";
}

/** The URLs of a `srcset` (each candidate is `URL [descriptor]`, separated by commas). */
export function srcsetUrls(value) {
  return value
    .split(/,(?=\s*\S)/)
    .map((candidate) => candidate.trim().split(/\s+/)[0] ?? "")
    .filter((url) => url !== "");
}

/** What is wrong with an attribute of an allowed element, or undefined when it may stay. */
export function attributeProblem(element, name, value) {
  const attribute = name.toLowerCase();
  if (!GLOBAL_ATTRIBUTES.has(attribute) && !ELEMENT_ATTRIBUTES[element]?.has(attribute)) {
    return attribute.startsWith("on") ? "an event handler" : "an attribute outside the allow-list";
  }
  if (attribute === "style" && !ALLOWED_STYLE.test(value)) return "a style other than text alignment";
  if (LOADED_URL_ATTRIBUTES.has(attribute) && !isLocalUrl(value)) return "a URL loaded from outside";
  if (LOADED_URL_LIST_ATTRIBUTES.has(attribute) && !srcsetUrls(value).every(isLocalUrl)) {
    return "a URL loaded from outside";
  }
  // As a browser reads a URL: tabs and newlines anywhere, and leading control characters and
  // spaces, are dropped before the scheme is looked at (`java&#x09;script:`).
  if (attribute === "href" && /^(javascript|vbscript):/i.test(schemeOf(value))) return "a script URL";
  return undefined;
}

/** A URL as a browser reads its scheme: without tabs and newlines, nor leading controls and spaces. */
function schemeOf(url) {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters a browser drops.
  return url.replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+/, "");
}

/** An element's start tag as written, for messages: `<img src="https://…">`. */
export function describeTag(name, attrs) {
  const shown = attrs.map(({ name: n, value }) => (value === "" ? ` ${n}` : ` ${n}="${value}"`)).join("");
  const tag = `<${name}${shown}>`;
  return tag.length > 160 ? `${tag.slice(0, 157)}…>` : tag;
}
