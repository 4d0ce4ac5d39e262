// The reference as a small HTML page and two scripts beside it, instead of one 2.6 MB file.
// Redocly's build prerenders the front page and inlines Redoc's bundle and the document in one
// `<script type="module">`. Here the page keeps the prerendered HTML and its styles, so the
// browser shows it as soon as it has read 0.3 MB, and the scripts are started once the page
// has loaded, in order:
//   redoc.standalone.js   Redoc's bundle (its `export` taken off; it defines `hydrate`)
//   reference.js          the document and Redoc's options, then `hydrate(...)`
// Classic scripts, not modules: a module script cannot load from file:// (no CORS there), and
// the page must work from disk, offline.
import { Script } from "node:vm";

export const BUNDLE_FILE = "redoc.standalone.js";
export const DATA_FILE = "reference.js";

const MODULE_SCRIPT = /<script type="module">([\s\S]*?)<\/script>/;
const BUNDLE_EXPORT = "export{RedocStandalone,hydrate,init};";

/**
 * The page and its scripts; throws, naming what it missed, when Redoc's output changed shape
 * (then this file needs updating for the new Redoc version).
 */
export function splitPage(html) {
  const found = html.match(MODULE_SCRIPT);
  if (!found?.[1]?.includes("hydrate(__redoc_definition")) {
    throw new Error('expected Redoc\'s page script (`<script type="module">… hydrate(…)`) in the page');
  }
  const inline = found[1];
  const parts = inline.split(BUNDLE_EXPORT);
  if (parts.length !== 2) {
    throw new Error(
      `expected Redoc's bundle to end with \`${BUNDLE_EXPORT}\` once, found it ${parts.length - 1} times`,
    );
  }
  // `import.meta` is a syntax error outside a module; Redoc uses it only to start a search
  // worker from a URL, a branch not taken in a page (the worker comes from a Blob there).
  // (Its other mentions are inside strings given to eval, which are left alone.)
  const bundle = parts[0].replace(/(?<!")\bimport\.meta\b/g, "({ url: location.href })");
  const data = parts[1].trim();
  for (const [name, text] of [
    [BUNDLE_FILE, bundle],
    [DATA_FILE, data],
  ]) {
    try {
      new Script(text, { filename: name });
    } catch (error) {
      throw new Error(`${name} is not a valid classic script: ${error.message}`);
    }
  }
  const scripts = `<script>${startScripts([BUNDLE_FILE, DATA_FILE])}</script>`;
  return {
    html: html.replace(MODULE_SCRIPT, () => scripts),
    files: { [BUNDLE_FILE]: `${bundle.trim()}\n`, [DATA_FILE]: `${data}\n` },
  };
}

/**
 * The page's one inline script: after `load`, adds the scripts in order (`async = false`
 * keeps a dynamically added script's order), so that reading and running Redoc's 2 MB never
 * holds up the page the reader already sees.
 */
export function startScripts(files) {
  return `addEventListener("load",()=>{for(const f of ${JSON.stringify(files)}){const s=document.createElement("script");s.src=f;s.async=false;document.body.append(s)}},{once:true})`;
}
