// Every operation once in the reference's navigation. Redoc lists an operation under each of
// its tags, so an operation tagged `[User, MFA]` showed twice. The bundled document keeps its
// tags; the page's copy gives each operation one primary tag (the most specific: the one that
// groups the fewest operations, the first listed on a tie), names the others as links at the
// end of its description, and links the operation from those tags' descriptions.
import { guideHref } from "./front-page.mjs";

const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** The operations of a document, each with its path item's key and method. */
function operationsOf(document) {
  return Object.values(document.paths ?? {}).flatMap((item) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([, op]) => op),
  );
}

/** Gives every operation of `document` one tag, in place; returns the moves, for the build's log. */
export function oneTagPerOperation(document) {
  const operations = operationsOf(document);
  const size = new Map();
  for (const op of operations) for (const tag of op.tags ?? []) size.set(tag, (size.get(tag) ?? 0) + 1);
  const moves = [];
  const alsoUnder = new Map();
  for (const op of operations) {
    const tags = op.tags ?? [];
    if (tags.length < 2) continue;
    const primary = tags.reduce((best, tag) => (size.get(tag) < size.get(best) ? tag : best));
    const others = tags.filter((t) => t !== primary);
    op.tags = [primary];
    const links = others.map((t) => `[${t}](${guideHref(t)})`).join(", ");
    op.description = `${(op.description ?? "").trimEnd()}\n\nAlso tagged: ${links}.`;
    for (const other of others) {
      const list = alsoUnder.get(other) ?? [];
      list.push(`[${op.summary ?? op.operationId}](${operationHref(primary, op.operationId)})`);
      alsoUnder.set(other, list);
    }
    moves.push(`${op.operationId}: under ${primary}, linked from ${others.join(", ")}`);
  }
  for (const tag of document.tags ?? []) {
    const links = alsoUnder.get(tag.name);
    if (links) tag.description = `${(tag.description ?? "").trimEnd()}\n\nAlso: ${links.join(" · ")}.`;
  }
  return moves;
}

/** An operation's address in the page: Redoc's `#/<tag>/<operationid>`. */
export function operationHref(tag, operationId) {
  return `${guideHref(tag)}/${operationId.toLowerCase()}`;
}
