#!/usr/bin/env node
// Generated files edited by hand, found before turbo can replay the codegen task from its cache
// and silently overwrite the edit. `npm run generate` records the SHA-256 of every file it
// writes in the manifest; a generated file that no longer has its recorded hash was changed
// by something else. (A file that is merely stale — the document changed since — still has
// its recorded hash: turbo regenerates it, and `generate --check` verifies the result.)
//
//   --root DIR   check another checkout (used by the tests)
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MANIFEST, sha256 } from "./generated-manifest.mjs";

const args = process.argv.slice(2);
const rootIndex = args.indexOf("--root");
const root = rootIndex >= 0 ? path.resolve(args[rootIndex + 1]) : path.resolve(fileURLToPath(import.meta.url), "../..");

const manifestFile = path.join(root, MANIFEST);
if (!existsSync(manifestFile)) {
  console.log("check:generated: nothing generated yet");
  process.exit(0);
}
const recorded = JSON.parse(readFileSync(manifestFile, "utf8"));
const edited = Object.entries(recorded)
  .filter(([file, hash]) => existsSync(path.join(root, file)) && sha256(readFileSync(path.join(root, file))) !== hash)
  .map(([file]) => file);
if (edited.length > 0) {
  console.error(
    `Generated files were edited by hand:\n  ${edited.join("\n  ")}\n` +
      "They are written from openapi/user-api.yaml by `npm run generate` and never edited: make the change " +
      "in the document or in scripts/codegen/, then run `npm run generate` (it also restores these files).",
  );
  process.exit(1);
}
console.log(`check:generated: ${Object.keys(recorded).length} generated files as \`npm run generate\` wrote them`);
