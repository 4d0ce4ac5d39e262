// @ts-check
// The record `npm run generate` keeps of what it wrote: each generated file's SHA-256.
import { createHash } from "node:crypto";

export const MANIFEST = "packages/client/src/generated/generated-files.json";

/** @param {string | Buffer} text */
export const sha256 = (text) => createHash("sha256").update(text).digest("hex");
