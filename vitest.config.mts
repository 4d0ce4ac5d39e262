import { defineConfig } from "vitest/config";
import { reporting } from "./vitest.shared.mjs";

// Repository-level tests: the document's lint, codegen freshness, and (with the release
// tooling) the breaking-change guard. Each package has its own vitest config.
export default defineConfig({
  test: {
    ...reporting,
    include: ["test/**/*.test.ts"],
    // The one prepared scratch repository every scratch copy of the run starts from.
    globalSetup: ["test/support/global-setup.ts"],
    // Most files here spend their time waiting on child processes (builds, npm, git, a browser)
    // in scratch copies: more files at once than the default (cores - 1, one file on a 2-core
    // machine) keeps the cores busy instead of waiting for one sequence after another.
    maxWorkers: 3,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
