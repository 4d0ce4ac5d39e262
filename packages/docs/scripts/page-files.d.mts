// Types of page-files.mjs, for the tests.
export const BUNDLE_FILE: string;
export const DATA_FILE: string;
/** The page and its scripts; throws, naming what it missed, when Redoc's output changed shape. */
export function splitPage(html: string): { html: string; files: Record<string, string> };
/** The page's one inline script: after `load`, adds the scripts in order. */
export function startScripts(files: string[]): string;
