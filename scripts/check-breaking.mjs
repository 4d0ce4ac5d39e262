#!/usr/bin/env node
// The breaking-change guard (`npm run check:breaking`): compares openapi/user-api.yaml with
// the document as last released (openapi/released/user-api.yaml, refreshed by
// `npm run version`) using `redocly diff`, and fails when the pending changesets bump less
// than the changes need — above all, a breaking change without a major changeset.
//
//   --root DIR   check another checkout (used by the tests)
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BUMPS, largestBump, pendingChangesets } from "./changesets.mjs";

const args = process.argv.slice(2);
const rootIndex = args.indexOf("--root");
const root = rootIndex >= 0 ? path.resolve(args[rootIndex + 1]) : path.resolve(fileURLToPath(import.meta.url), "../..");
const redocly = path.resolve(fileURLToPath(import.meta.url), "../../node_modules/.bin/redocly");

const base = "openapi/released/user-api.yaml";
const head = "openapi/user-api.yaml";
if (!existsSync(path.join(root, base))) {
  console.error(`${base} is missing: it is written by \`npm run version\` and must be committed`);
  process.exit(1);
}

const report = JSON.parse(
  execFileSync(redocly, ["diff", base, head, "--format", "json", "--fail-on", "none", "--config", "redocly.yaml"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  }),
);

const changes = report.changes ?? [];
const needed = changes.reduce((max, c) => Math.max(max, BUMPS.indexOf(c.impact)), 0);
const changesets = pendingChangesets(root);
const pending = largestBump(changesets);

const describe = (c) =>
  `  ${c.impact.padEnd(5)} ${c.kind.padEnd(8)} ${decodeURIComponent(c.path.replace(/^#\/paths\//, "").replaceAll("~1", "/"))}\n` +
  c.verdicts.map((v) => `          ${v.message} (${v.ruleId})`).join("\n");

console.log(
  `${head} vs ${base}: ${report.summary.major} major, ${report.summary.minor} minor, ${report.summary.patch} patch; ` +
    `pending changesets: ${changesets.length} (largest bump: ${pending})`,
);
if (BUMPS.indexOf(pending) < needed) {
  const breaking = changes.filter((c) => c.impact === "major");
  const shown = breaking.length > 0 ? breaking : changes;
  console.error(
    (breaking.length > 0
      ? `Breaking changes to the API need a major changeset (npx changeset, pick "major"):\n`
      : `The document changed and needs a ${BUMPS[needed]} changeset (npx changeset):\n`) +
      shown.map(describe).join("\n"),
  );
  process.exit(1);
}
console.log("check:breaking: the pending changesets cover the changes");
