// What would make a built page load something from outside by itself (links in prose are fine).

/** URLs the page would fetch by itself: src/href attributes and CSS url(), outside links excluded. */
export function remoteReferences(text) {
  const found = new Set();
  for (const m of text.matchAll(
    /<(script|img|link|iframe|source|video|audio)\b[^>]*\b(?:src|href)=["']?(https?:)?\/\/[^"'\s>]+/gi,
  ))
    found.add(m[0]);
  for (const m of text.matchAll(/url\(\s*["']?(https?:)?\/\/[^)"']+/gi)) found.add(m[0]);
  for (const m of text.matchAll(/@import\s+["']?(https?:)?\/\/[^"';]+/gi)) found.add(m[0]);
  return [...found];
}
