#!/usr/bin/env node
// @ts-check
// `npm run diff`: what the change of the document does to the SDK, as a reviewer reads it — the
// client's operation methods and types before and after (scripts/sdk-surface.mjs), as a diff.
//
//   npm run diff                 against the last release (openapi/released/user-api.yaml)
//   npm run diff -- <git ref>    against the document at a commit, branch or tag (e.g. main, v0.1.0)
//   BASE_REF=<ref> npm run diff  the same, as `npm run check:changes` takes it
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sdkSurfaceDiff } from "./sdk-surface.mjs";

const root = path.resolve(fileURLToPath(import.meta.url), "../..");
const DOCUMENT = "openapi/user-api.yaml";
const RELEASED = "openapi/released/user-api.yaml";

const ref = process.argv[2] ?? process.env.BASE_REF;
let baseText;
let label;
if (ref) {
  const shown = spawnSync("git", ["show", `${ref}:${DOCUMENT}`], { cwd: root, encoding: "utf8" });
  if (shown.status !== 0) {
    console.error(`diff: ${DOCUMENT} does not exist at ${ref}: ${shown.stderr.trim()}`);
    process.exit(2);
  }
  baseText = shown.stdout;
  label = `${DOCUMENT} at ${ref}`;
} else {
  baseText = readFileSync(path.join(root, RELEASED), "utf8");
  label = `${RELEASED} (the last release)`;
}
const diff = sdkSurfaceDiff(baseText, readFileSync(path.join(root, DOCUMENT), "utf8"), {
  base: label,
  head: `${DOCUMENT} (working tree)`,
});
console.log(diff === "" ? `The SDK is the same as in ${label}.` : diff.trimEnd());
