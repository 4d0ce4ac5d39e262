// Types of sdk-reference.mjs, for the tests.
/** The Markdown of the SDK reference, from the client's built declarations (dist/index.d.ts by default). */
export function sdkReference(file?: string): string;
