import { configDefaults, defineConfig } from "vitest/config";
import { reporting } from "./vitest.shared.mjs";

// Repository-level tests: the document's lint, codegen freshness, and (with the release
// tooling) the breaking-change guard. Each package has its own vitest config.
//
// Three projects, one turbo task each (`npm run test:repo`, `test:scratch`, `test:release` and
// `test:registry`):
// - scratch: sequences in scratch copies of the checkout that change the document themselves and
//   build and test the copy; the checkout's prose (descriptions, summaries) cannot change their
//   outcome, so turbo hashes the document's shape for them, not its text (scripts/document-shape.mjs),
//   and they need no build of the checkout. A new test belongs here only if both hold.
// - release: the release sequences, one turbo task per file (the same reasoning about prose).
// - repo: everything else; it runs after the checkout's builds.
const SCRATCH = [
  "test/new-operation.test.ts",
  "test/rename-property.test.ts",
  "test/dev-loop.test.ts",
  "test/document-variations.test.ts",
  "test/generate-report.test.ts",
  "test/change-guard.test.ts",
  "test/query-parameters.test.ts",
  "test/new-mock-rule.test.ts",
  "test/recursive-schema.test.ts",
];
const RELEASE = ["test/version-release.test.ts", "test/registry-release.test.ts"];

export default defineConfig({
  test: {
    ...reporting,
    // The one prepared scratch repository every scratch copy of the run starts from.
    globalSetup: ["test/support/global-setup.ts"],
    // Most files here spend their time waiting on child processes (builds, npm, git, a browser)
    // in scratch copies: more files at once than the default (cores - 1, one file on a 2-core
    // machine) keeps the cores busy instead of waiting for one sequence after another.
    maxWorkers: 3,
    // Bounds for a step that hangs, not measures of speed: a type check or a pack takes seconds
    // alone and minutes on a 2-core machine busy with the rest of `npm test` (60 s was hit).
    testTimeout: 180_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: {
          name: "repo",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...SCRATCH, ...RELEASE],
        },
      },
      // Their steps are builds, installs and whole suites in a copy, as long as the machine is
      // busy: a bound for a step that hangs, not a measure of speed.
      { extends: true, test: { name: "scratch", include: SCRATCH, testTimeout: 300_000, hookTimeout: 600_000 } },
      { extends: true, test: { name: "release", include: RELEASE } },
    ],
  },
});
