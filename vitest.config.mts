import { defineConfig } from "vitest/config";

// Repository-level tests: the document's lint, codegen freshness, and (with the release
// tooling) the breaking-change guard. Each package has its own vitest config.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
