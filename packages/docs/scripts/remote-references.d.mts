// Types of remote-references.mjs, for the tests.
/** The page's references to outside, each as the tag (or CSS) that holds it. Empty: self-contained. */
export function remoteReferences(html: string): string[];
