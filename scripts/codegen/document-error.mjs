// @ts-check
// A document that cannot be bundled (a YAML error, a $ref that resolves to nothing), told in
// one or two lines with file:line:column — instead of Redocly's report, or a stack trace.
import { readFileSync } from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { isMap, isSeq, LineCounter, parseDocument } from "yaml";

export class DocumentError extends Error {
  /**
   * @param {string} message
   * @param {string[]} [pointer] where in the document, as keys from its root (e.g. a document the
   *   operation model refuses); `locateDocumentError` turns it into file:line:column
   */
  constructor(message, pointer) {
    super(message);
    this.name = "DocumentError";
    this.pointer = pointer;
  }
}

/**
 * A DocumentError with a pointer, told as `file:line:col: message`: the line and column of the
 * deepest key of the pointer found in the source document (where it is written by hand, before
 * bundling); without one, `file: message`.
 * @param {DocumentError} error
 * @param {string} root the repository's root
 * @param {string} [source] the document, from the root
 */
export function locateDocumentError(error, root, source = "openapi/user-api.yaml") {
  if (!error.pointer) return error.message;
  let where = source;
  try {
    const lineCounter = new LineCounter();
    const document = parseDocument(readFileSync(path.join(root, source), "utf8"), { lineCounter });
    /** @type {unknown} */
    let node = document.contents;
    for (const key of error.pointer) {
      /** @type {{ range?: [number, number, number] | null | undefined } | undefined} */
      let at;
      if (isMap(node)) {
        const pair = node.items.find((p) => String(/** @type {any} */ (p.key)?.value ?? p.key) === key);
        at = /** @type {any} */ (pair?.key);
        node = pair?.value;
      } else if (isSeq(node)) {
        node = node.items[Number(key)];
        at = /** @type {any} */ (node);
      } else break;
      if (!at?.range) break;
      const { line, col } = lineCounter.linePos(at.range[0]);
      where = `${source}:${line}:${col}`;
    }
  } catch {
    // The document was bundled, so it parses; if not, the file alone still says where to look.
  }
  return `${where}: ${error.message}`;
}

/**
 * The first problem in the output of a failed `redocly bundle`, as `file:line:col: message`.
 * @param {string} output Redocly's output
 * @param {string} root the repository's root
 * @param {string} source the document, from the root
 */
export function documentErrorFrom(output, root, source) {
  const text = stripVTControlCharacters(output);
  /** @param {string} file */
  const relative = (file) => path.relative(root, path.resolve(root, file));
  // A problem found by a rule: "[1] file:line:col at #/pointer", a blank line, the message.
  const problem = text.match(/^\[\d+\] (\S+?):(\d+):(\d+) at (\S+)\s*\n\s*\n(.+)$/m);
  if (problem) {
    const [, file = source, line, col, pointer, message = ""] = problem;
    return new DocumentError(`${relative(file)}:${line}:${col}: ${message.trim()}\n  in ${pointer}`);
  }
  // A YAML error: `- <message> in "<file>" (line:col)`.
  const yaml = text.match(/^\s*- (.+?) in "(.+?)" \((\d+):(\d+)\)\s*$/m);
  if (yaml) {
    const [, message, file = source, line, col] = yaml;
    return new DocumentError(`${relative(file)}:${line}:${col}: ${message} (YAML)`);
  }
  const last = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !/^[╔║╚]/.test(l))
    .at(-1);
  return new DocumentError(`${source}: cannot be bundled${last ? `: ${last}` : ""}`);
}
