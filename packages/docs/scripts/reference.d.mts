// Types of reference.mjs, for the tests and `npm run dev`.
/** A reason the reference cannot be built, told as it is. */
export class ReferenceProblem extends Error {}
/** An OpenAPI document, as parsed JSON. */
type Document = Record<string, unknown>;
/** The page's document and the version its title shows; `document` itself is changed too. */
export function referenceDocument(options: {
  root: string;
  document: Document;
  model: { operations: unknown[] };
  version?: string | undefined;
  guideCode?: string | undefined;
}): { document: Document; version: string; removed: string[]; unsafe: string[] };
/** Writes the document beside the page, as JSON and YAML. */
export function writeDocumentFiles(dist: string, document: unknown): void;
/** The document the page renders: the title shows the version readers install. */
export function pageDocument<T extends { info: object }>(document: T, version: string): T;
/** The page's data script for another document, from the one a build wrote; undefined when not Redocly's. */
export function dataScriptFor(built: string, document: unknown): string | undefined;
