// @ts-check
// A document that cannot be bundled (a YAML error, a $ref that resolves to nothing), told in
// one or two lines with file:line:column — instead of Redocly's report, or a stack trace.
import path from "node:path";
import { stripVTControlCharacters } from "node:util";

export class DocumentError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = "DocumentError";
  }
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
