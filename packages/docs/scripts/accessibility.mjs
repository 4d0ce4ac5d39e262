// Post-build fixes that make Redoc's page pass axe-core without serious or critical violations.
// Redoc 3 takes no theme options from redocly.yaml, so the colours are CSS custom properties
// (theme/accessible.css) set after Redoc's own, and one label is corrected in its script.
import { readFileSync } from "node:fs";

const STYLESHEET = new URL("../theme/accessible.css", import.meta.url);

/**
 * The example switcher of a request body is a menu button labelled "Example" while it shows the
 * chosen example's summary, so a screen reader announces a name that does not match what is
 * seen (axe: label-content-name-mismatch). Its label becomes "Example: <summary>".
 * In Redoc's script: `e` the example keys, `t` the chosen index, `r` the examples by key.
 */
const EXAMPLE_SWITCHER_LABEL = {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Redoc's script, as text.
  from: '"aria-label":`Example`,options:e.map((e,t)=>({key:e,value:String(t),label:r[e]?.summary??`Example ${t+1}`}))',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Redoc's script, as text.
  to: '"aria-label":`Example: ${r[e[Number(t)]]?.summary??`Example ${Number(t)+1}`}`,options:e.map((e,t)=>({key:e,value:String(t),label:r[e]?.summary??`Example ${t+1}`}))',
};

/** The page with the accessible theme and labels; throws when Redoc's script changed shape. */
export function makeAccessible(html) {
  const found = html.split(EXAMPLE_SWITCHER_LABEL.from).length - 1;
  if (found !== 1) {
    throw new Error(
      `expected Redoc's example switcher label once in the page, found it ${found} times: update scripts/accessibility.mjs for this Redoc version`,
    );
  }
  const css = readFileSync(STYLESHEET, "utf8");
  return html
    .replace(EXAMPLE_SWITCHER_LABEL.from, () => EXAMPLE_SWITCHER_LABEL.to)
    .replace("</head>", () => `<style data-quatrix="accessible">\n${css}</style>\n</head>`);
}
