#!/usr/bin/env node
// `npm test`: every check of the repository in one turbo run that goes on past a failure, so
// one run reports every problem, and ends with a summary of the tasks that failed.
//
// Before turbo, generated files edited by hand are reported (check-generated.mjs): turbo would
// otherwise replay the codegen task from its cache and silently overwrite the edit. The edit is
// left in place, for its author to move into the document or the generator.
//
// Then a place is reserved for the one prepared scratch repository (scripts/scratch-template.mjs)
// that every task's scratch copies start from (the first test that needs one prepares it), and
// removed when turbo is done.
//
// The document's shape (scripts/document-shape.mjs) goes to turbo too: the scratch-copy and
// release sequences hash it instead of the document, so a description-only edit replays them.
//
// As many tasks at a time as the machine has cores (at least two). On a quiet 2-core machine two
// and six took the same time (9 min 32 s and 9 min 41 s, fresh clones one after the other), but
// six tripled every file's time (the registry sequence 127 s → 575 s, near its bound) and made
// time-bounded tests fail; under another load six finished sooner (13 min against 30 and more).
//
//   npm test -- <turbo options>    e.g. `npm test -- --filter=@quatrix/user-api-mock`
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { documentShape, SHAPE_ENV } from "./document-shape.mjs";
import { reserveTemplate, TEMPLATE_ENV } from "./scratch-template.mjs";

const root = path.resolve(fileURLToPath(import.meta.url), "../..");
export const TASKS = [
  "lint:openapi",
  "lint:code",
  "check:generated",
  "check:changes",
  "typecheck:repo",
  "test",
  "test:repo",
  "test:scratch",
  "test:release",
  "test:registry",
];

const handEdits = spawnSync(process.execPath, [path.join(root, "scripts/check-generated.mjs")], {
  cwd: root,
  stdio: "inherit",
});
if (handEdits.status !== 0) {
  console.error("\nnpm test: stopped before turbo, which would overwrite the hand-edited generated files above.");
  process.exit(1);
}

// Only this run's durations count: turbo puts back those of the tasks it replays, and a
// targeted `npx vitest run` left its own, which would be counted again.
for (const reports of reportDirs()) rmSync(reports, { recursive: true, force: true });

const runs = path.join(root, ".turbo", "runs");
const before = new Set(existsSync(runs) ? readdirSync(runs) : []);
const template = reserveTemplate(root);
const turbo = spawnSync(
  path.join(root, "node_modules", ".bin", "turbo"),
  [
    "run",
    ...TASKS,
    "--continue=dependencies-successful",
    `--concurrency=${Math.max(2, availableParallelism())}`,
    "--summarize",
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: "inherit", env: { ...process.env, [TEMPLATE_ENV]: template, [SHAPE_ENV]: documentShape(root) } },
);
rmSync(template, { recursive: true, force: true });

// turbo's run summary: which tasks failed, and which never ran because one they need failed.
const summaryFile = (existsSync(runs) ? readdirSync(runs) : []).find((f) => !before.has(f) && f.endsWith(".json"));
if (summaryFile !== undefined) {
  // Kept: turbo has printed its path (.turbo/ is not in git).
  const summary = JSON.parse(readFileSync(path.join(runs, summaryFile), "utf8"));
  const failed = summary.tasks.filter((t) => t.execution !== undefined && t.execution.exitCode !== 0);
  const skipped = summary.tasks.filter((t) => t.execution === undefined);
  if (failed.length > 0 || skipped.length > 0) {
    const again = (t) => (t.package === "//" ? `npm run ${t.task}` : `npx turbo run ${t.task} --filter=${t.package}`);
    const width = Math.max(...[...failed, ...skipped].map((t) => t.taskId.length));
    console.error(
      `\nnpm test: ${failed.length} of ${summary.tasks.length} tasks failed` +
        (skipped.length > 0 ? `, ${skipped.length} did not run (a task they need failed)` : "") +
        ":\n" +
        [
          ...failed.map((t) => `  ✗ ${t.taskId.padEnd(width)}  exit ${t.execution.exitCode}; again: ${again(t)}`),
          ...skipped.map((t) => `  - ${t.taskId.padEnd(width)}  not run`),
        ].join("\n"),
    );
  } else if (turbo.status === 0) {
    console.log(`\nnpm test: all ${summary.tasks.length} tasks passed`);
  }
}
printSlowest(10);
process.exit(turbo.status ?? 1);

/** The slowest test files of the vitest runs (.vitest/durations-*.json), slowest first. */
function printSlowest(count) {
  // Summed per file: the client's suite runs each file once per transport.
  const seconds = new Map();
  for (const reports of reportDirs()) {
    if (!existsSync(reports)) continue;
    for (const name of readdirSync(reports).filter((f) => /^durations-.*\.json$/.test(f))) {
      try {
        for (const { file, seconds: s } of JSON.parse(readFileSync(path.join(reports, name), "utf8"))) {
          const relative = path.relative(root, file);
          seconds.set(relative, (seconds.get(relative) ?? 0) + s);
        }
      } catch {
        // a report cut short by a crash: nothing to rank
      }
    }
  }
  if (seconds.size === 0) return;
  const files = [...seconds].map(([file, s]) => ({ file, seconds: s })).sort((a, b) => b.seconds - a.seconds);
  console.log(`\nnpm test: the ${Math.min(count, files.length)} slowest test files (seconds, replayed tasks included)`);
  for (const { file, seconds: s } of files.slice(0, count)) console.log(`  ${s.toFixed(1).padStart(7)}  ${file}`);
}

/** Where the vitest runs write their durations: the root's and each package's .vitest/. */
function reportDirs() {
  return [root, ...readdirSync(path.join(root, "packages")).map((p) => path.join(root, "packages", p))].map((dir) =>
    path.join(dir, ".vitest"),
  );
}
