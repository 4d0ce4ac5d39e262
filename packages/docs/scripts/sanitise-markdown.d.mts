// Types of sanitise-markdown.mjs, for the tests.
/** Markdown with its HTML cut to the allow-list and its remote images made links; what went. */
export function sanitiseMarkdown(text: string): { markdown: string; removed: string[] };
/** What the rendered Markdown would hold outside the allow-list. Empty when the text is safe to publish. */
export function markdownProblems(text: string): string[];
/** Sanitises every Markdown field of a document in place; returns what went, by JSON pointer. */
export function sanitiseDocument(document: unknown): string[];
/** What the document's Markdown would still render outside the allow-list, by JSON pointer. */
export function documentProblems(document: unknown): string[];
