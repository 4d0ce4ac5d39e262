// The site's own small pages (the list of versions, the API changes): plain, self-contained,
// accessible HTML with the colours of the reference's accessible theme.

/** Text as HTML (or XML) character data or attribute value. */
export function escapeHtml(text) {
  return String(text)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** A line of the changelogs as HTML: escaped, with its `code` spans. */
export function inlineMarkdown(text) {
  return escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}

const STYLE = `
body { margin: 0; background: #ffffff; color: #1b1b1b; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header, main { max-width: 52rem; margin: 0 auto; padding: 0 1.25rem; }
a { color: #0b4fbd; }
a:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
code { font: 0.9em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f1f3f5; padding: 0 .2em; border-radius: 3px; }
.breaking { color: #9b1c1c; font-weight: 700; }
.meta { color: #4a4a4a; }
li { margin: .25rem 0; }`;

/** A page of the site: `title`, the `body`'s HTML; `base`, the way to the site's root ("" or "../"). */
export function sitePage({ title, body, base = "" }) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="alternate" type="application/atom+xml" title="Quatrix User API changes" href="${base}changes.atom">
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
