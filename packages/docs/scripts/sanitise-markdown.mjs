// Markdown that reaches the reference (the document's descriptions, the guides, the changesets in
// the Changelog) may carry HTML, and Redoc renders that HTML. The sanitiser keeps only the
// allow-list of markup.mjs: other elements go (an `<iframe>`, a `<script>`, a `<link>`), so do
// attributes outside the list (event handlers, `style`), and images whose URL is not local
// (`<img src=https://…>`, a remote `srcset`, `![x](https://…)`, which becomes a plain link).
// Markdown is parsed as Redoc parses it (markdown-it, HTML on), and only the HTML and image
// tokens are rewritten in the source, so headings, lists and code stay as written.
//
// `markdownProblems` then renders the result as Redoc does and parses it with a browser's
// HTML parser (parse5): anything outside the allow-list left there fails the build, named.
import MarkdownIt from "markdown-it";
import { parseFragment, serialize } from "parse5";
import { ALLOWED_ELEMENTS, attributeProblem, describeTag, isLocalUrl } from "./markup.mjs";

const markdown = new MarkdownIt({ html: true });

/** The Markdown fields of an OpenAPI document: Redoc renders these as Markdown. */
const MARKDOWN_KEYS = new Set(["description", "summary"]);

/** Elements that lose their reason to be when their URL goes. */
const LOADING_ELEMENTS = new Set(["img", "source"]);

/**
 * Walks a parse5 fragment and removes what the allow-list does not hold; returns what went.
 * Elements outside the list go with their content (an iframe's fallback, a script's code).
 */
function cleanTree(parent, removed) {
  parent.childNodes = parent.childNodes.filter((node) => {
    if (node.nodeName === "#comment") return false;
    if (!node.tagName) return true;
    if (!ALLOWED_ELEMENTS.has(node.tagName)) {
      removed.push(describeTag(node.tagName, node.attrs));
      return false;
    }
    const kept = node.attrs.filter(({ name, value }) => attributeProblem(node.tagName, name, value) === undefined);
    if (kept.length !== node.attrs.length) {
      removed.push(describeTag(node.tagName, node.attrs));
      node.attrs = kept;
    }
    if (LOADING_ELEMENTS.has(node.tagName) && !kept.some((a) => a.name === "src" || a.name === "srcset")) {
      return false;
    }
    cleanTree(node, removed);
    return true;
  });
}

/** A block of HTML, cleaned; unchanged (as written) when nothing had to go. */
function sanitiseHtmlBlock(html) {
  const removed = [];
  const fragment = parseFragment(html);
  const hadComments = /<!--/.test(html);
  cleanTree(fragment, removed);
  if (removed.length === 0 && !hadComments) return { html, removed };
  return { html: `${serialize(fragment)}\n`, removed };
}

/**
 * One tag of inline HTML (markdown-it gives start and end tags apart): a start tag rebuilt
 * from its allowed attributes, an end tag kept when its element is allowed.
 */
function sanitiseHtmlTag(tag) {
  const end = tag.match(/^<\/\s*([A-Za-z][A-Za-z0-9-]*)\s*>$/);
  if (end) {
    const name = end[1].toLowerCase();
    return ALLOWED_ELEMENTS.has(name) ? { html: tag, removed: [] } : { html: "", removed: [tag] };
  }
  const fragment = parseFragment(tag);
  const element = fragment.childNodes.find((n) => n.tagName);
  if (!element) return { html: "", removed: /^<!--/.test(tag) ? [] : [tag] };
  const removed = [];
  cleanTree(fragment, removed);
  if (removed.length === 0) return { html: tag, removed };
  if (!fragment.childNodes.includes(element)) return { html: "", removed };
  const attrs = element.attrs.map(
    ({ name, value }) => ` ${name}="${value.replace(/&/g, "&amp;").replace(/"/g, "&quot;")}"`,
  );
  return { html: `<${element.tagName}${attrs.join("")}>`, removed };
}

/** The first thing in a Markdown text to change: a token of HTML or a remote image. */
function firstOffender(tokens) {
  for (const token of tokens) {
    if (token.type === "html_block") {
      const clean = sanitiseHtmlBlock(token.content);
      if (clean.html !== token.content) return { lines: token.map, from: token.content, ...clean };
    }
    if (token.type !== "inline") continue;
    let images = 0;
    for (const child of flatten(token.children ?? [])) {
      if (child.type === "html_inline") {
        const clean = sanitiseHtmlTag(child.content);
        if (clean.html !== child.content) return { lines: token.map, from: child.content, ...clean };
      }
      if (child.type === "image") {
        images++;
        const src = child.attrGet("src") ?? "";
        if (!isLocalUrl(src)) return { lines: token.map, image: images, removed: [`![${child.content}](${src})`] };
      }
    }
  }
  return undefined;
}

function flatten(tokens) {
  return tokens.flatMap((t) => [t, ...flatten(t.children ?? [])]);
}

/** Markdown with its HTML cut to the allow-list and its remote images made links; what went. */
export function sanitiseMarkdown(text) {
  let source = text;
  const removed = [];
  // One change at a time, the text parsed again after each: positions stay right.
  for (let round = 0; round < 10_000; round++) {
    const offender = firstOffender(markdown.parse(source, {}));
    if (!offender) break;
    const lines = source.split("\n");
    const [first, last] = offender.lines ?? [0, lines.length];
    const block = lines.slice(first, last).join("\n");
    let changed;
    if (offender.image !== undefined) {
      // The n-th image's `![` (not an escaped `\![`) loses its `!`: a link, loading nothing.
      let seen = 0;
      changed = block.replace(/(?<!\\)!\[/g, (match) => (++seen === offender.image ? "[" : match));
    } else {
      const from = offender.from.trimEnd();
      const at = block.indexOf(from);
      changed = at < 0 ? block : `${block.slice(0, at)}${offender.html.trimEnd()}${block.slice(at + from.length)}`;
    }
    if (changed === block) {
      // Not found where markdown-it saw it (e.g. inside a blockquote's prefixes): left to the
      // check, which fails the build naming it.
      break;
    }
    removed.push(...offender.removed);
    source = [...lines.slice(0, first), ...changed.split("\n"), ...lines.slice(last)].join("\n");
  }
  return { markdown: source, removed };
}

/**
 * What the rendered Markdown would hold outside the allow-list: rendered as Redoc renders it,
 * parsed as a browser parses it. Empty when the text is safe to publish.
 */
export function markdownProblems(text) {
  const problems = [];
  const walk = (parent) => {
    for (const node of parent.childNodes ?? []) {
      if (!node.tagName) continue;
      if (!ALLOWED_ELEMENTS.has(node.tagName)) {
        problems.push(`${describeTag(node.tagName, node.attrs)}: an element outside the allow-list`);
        continue;
      }
      for (const { name, value } of node.attrs) {
        const problem = attributeProblem(node.tagName, name, value);
        if (problem) problems.push(`${describeTag(node.tagName, node.attrs)}: ${problem} (${name})`);
      }
      walk(node);
    }
  };
  walk(parseFragment(markdown.render(text)));
  return problems;
}

/** Visits every Markdown field of a document: `visit(text, where)` returns the new text. */
function eachMarkdownField(node, where, visit) {
  if (Array.isArray(node)) {
    node.forEach((item, i) => {
      eachMarkdownField(item, `${where}/${i}`, visit);
    });
    return;
  }
  if (node === null || typeof node !== "object") return;
  for (const [key, value] of Object.entries(node)) {
    const at = `${where}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    if (MARKDOWN_KEYS.has(key) && typeof value === "string") node[key] = visit(value, at);
    else if (key !== "x-codeSamples") eachMarkdownField(value, at, visit);
  }
}

/** Sanitises every Markdown field of a document in place; returns what went, by JSON pointer. */
export function sanitiseDocument(document) {
  const removed = [];
  eachMarkdownField(document, "#", (text, where) => {
    const clean = sanitiseMarkdown(text);
    for (const what of clean.removed) removed.push(`${where}: ${what}`);
    return clean.markdown;
  });
  return removed;
}

/**
 * What the document's Markdown would still render outside the allow-list, and the URLs outside
 * Markdown that Redoc would load by itself (a logo's `x-logo.url`, an example's
 * `externalValue`) when not local; by JSON pointer.
 */
export function documentProblems(document) {
  const problems = [];
  eachMarkdownField(document, "#", (text, where) => {
    for (const problem of markdownProblems(text)) problems.push(`${where}: ${problem}`);
    return text;
  });
  const walk = (node, where) => {
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      const at = `${where}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      const loaded = key === "externalValue" ? value : key === "x-logo" ? value?.url : undefined;
      if (typeof loaded === "string" && !isLocalUrl(loaded))
        problems.push(`${at}: ${loaded}: a URL loaded from outside`);
      walk(value, at);
    }
  };
  walk(document, "#");
  return problems;
}
