// What would make a built page load something from outside by itself (links in prose are
// fine): the page is parsed as a browser parses it (parse5) and every element and attribute
// that loads a URL is looked at, with the CSS of `style` attributes and `<style>` elements.
import { parse } from "parse5";
import { describeTag, isLocalUrl, srcsetUrls } from "./markup.mjs";

/** Attributes whose URL the browser fetches by itself, on any element. */
const LOADED = new Set(["src", "poster", "data", "background", "xlink:href", "codebase", "manifest"]);
/** Elements whose `href` is fetched (a link element, SVG's use and image), unlike `<a href>`. */
const LOADED_HREF = new Set(["link", "use", "image", "feimage", "base"]);
/** A CSS reference: `url(…)`, `image-set("…")` or `@import "…"`. */
const CSS_URL = /url\(\s*(["']?)([^"')]*)\1\s*\)|@import\s+(["'])([^"']*)\3|image-set\(\s*(["'])([^"']*)\5/gi;

function cssUrls(css) {
  return [...css.matchAll(CSS_URL)].map((m) => (m[2] ?? m[4] ?? m[6] ?? "").replace(/\\/g, ""));
}

/** The page's references to outside, each as the tag (or CSS) that holds it. Empty: self-contained. */
export function remoteReferences(html) {
  const found = new Set();
  const walk = (node) => {
    if (node.tagName) {
      for (const { name, value } of node.attrs) {
        const attribute = name.toLowerCase();
        const urls =
          LOADED.has(attribute) || (attribute === "href" && LOADED_HREF.has(node.tagName))
            ? [value]
            : attribute === "srcset" || attribute === "imagesrcset"
              ? srcsetUrls(value)
              : attribute === "style"
                ? cssUrls(value)
                : attribute === "content" && node.tagName === "meta"
                  ? [value.match(/url\s*=\s*(\S+)/i)?.[1]].filter(Boolean)
                  : [];
        for (const url of urls) if (!isLocalUrl(url)) found.add(`${describeTag(node.tagName, node.attrs)} (${url})`);
      }
      if (node.tagName === "style") {
        const css = node.childNodes.map((n) => n.value ?? "").join("");
        for (const url of cssUrls(css)) if (!isLocalUrl(url)) found.add(`<style> ${url}`);
      }
    }
    for (const child of node.childNodes ?? []) walk(child);
    if (node.content) walk(node.content);
  };
  walk(parse(html));
  return [...found];
}
