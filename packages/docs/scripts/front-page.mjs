// The reference's front page, from front-page.md: what the API does (the document's own
// description), its base URLs, a first call and the guides, filled in from the document so
// that they cannot drift from it.
//
//   {{description}}      info.description
//   {{servers}}          a table of the document's servers
//   {{curl OPERATION}}   the generated curl sample of an operation
//   {{guides}}           a list of links to the guides, by navigation group

/** The page's Markdown; throws on a placeholder it does not know. */
export function frontPage(template, { document, curlSamples, guideGroups }) {
  return template.replace(/\{\{([^}]+)\}\}/g, (placeholder, inner) => {
    const [name, argument] = inner.trim().split(/\s+/);
    if (name === "description") return document.info.description.trim();
    if (name === "servers") return serversTable(document.servers);
    if (name === "guides") return guideLinks(guideGroups);
    if (name === "curl") {
      const sample = curlSamples.get(argument);
      if (sample === undefined) throw new Error(`front-page.md: ${placeholder} names no operation`);
      return sample;
    }
    throw new Error(`front-page.md: unknown placeholder ${placeholder}`);
  });
}

/** The address of a guide's page in the reference. */
export function guideHref(title) {
  return `#/${title.toLowerCase().replace(/\s+/g, "-")}`;
}

function serversTable(servers) {
  const rows = servers.map((s) => {
    const variables = Object.entries(s.variables ?? {})
      .map(([name, v]) => ` \`{${name}}\`: ${v.description.replace(/\.$/, "")}.`)
      .join("");
    return `| \`${s.url}\` | ${s.description}${variables} |`;
  });
  return ["| base URL | what it is |", "| --- | --- |", ...rows].join("\n");
}

function guideLinks(groups) {
  return groups
    .map(({ name, guides }) => `**${name}**: ${guides.map((g) => `[${g.title}](${guideHref(g.title)})`).join(" · ")}`)
    .join("\n\n");
}
