#!/usr/bin/env node
// Redocly CLI as this repository runs it: no telemetry, no update notice, none of the boxed
// banners it prints on every run (the Node.js 20 end-of-life notice, the Redoc 3 notice of
// build-docs), and, instead of its advice to hide lint problems in an ignore file, the
// repository's own hint: under a zero-warnings policy every problem is fixed in the document.
//
//   node scripts/redocly.mjs <redocly arguments>     e.g. `lint openapi/user-api.yaml`
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";

const bin = path.resolve(fileURLToPath(import.meta.url), "../../node_modules/.bin/redocly");

export const LINT_HINT =
  "Fix each problem above in openapi/user-api.yaml: this repository allows no lint error or warning " +
  "and keeps no ignore file (CONTRIBUTING.md, “The spec-editing loop”).";

/** Redocly's output without its banners, and with the ignore-file advice replaced by LINT_HINT. */
export function quiet(text) {
  const kept = [];
  let inBox = false;
  for (const line of text.split("\n")) {
    const plain = stripVTControlCharacters(line);
    if (/^\s*╔/.test(plain)) {
      inBox = true;
      if (kept.at(-1)?.trim() === "") kept.pop();
      continue;
    }
    if (inBox) {
      if (/^\s*╚/.test(plain)) inBox = false;
      continue;
    }
    if (/--generate-ignore-file/.test(plain)) {
      kept.push(LINT_HINT);
      continue;
    }
    if (kept.length === 0 && plain.trim() === "") continue;
    kept.push(line);
  }
  return kept.join("\n");
}

export const redoclyEnv = () => ({
  ...process.env,
  REDOCLY_TELEMETRY: "off",
  REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
});

/** Runs Redocly to completion; its output comes back quietened. */
export function redoclySync(args, { cwd }) {
  const result = spawnSync(bin, args, { cwd, encoding: "utf8", env: redoclyEnv(), maxBuffer: 256 * 1024 * 1024 });
  const stdout = quiet(result.stdout ?? "");
  const stderr = quiet(result.stderr ?? "");
  return { status: result.status ?? 1, stdout, stderr, output: `${stdout}${stderr}` };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Redocly's stdout and stderr as one stream, so that its report keeps its order.
  const result = spawnSync("sh", ["-c", 'exec "$0" "$@" 2>&1', bin, ...process.argv.slice(2)], {
    encoding: "utf8",
    env: redoclyEnv(),
    maxBuffer: 256 * 1024 * 1024,
  });
  const output = quiet(result.stdout ?? "");
  if (output) process.stdout.write(output.endsWith("\n") ? output : `${output}\n`);
  process.exit(result.status ?? 1);
}
