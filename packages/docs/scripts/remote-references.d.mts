// Types of remote-references.mjs, for the tests.
/** URLs the page would fetch by itself: src/href attributes and CSS url(), outside links excluded. */
export function remoteReferences(text: string): string[];
