import { defineConfig } from "vitest/config";
import { reporting } from "./vitest.shared.mjs";

// Repository-level tests: the document's lint, codegen freshness, and (with the release
// tooling) the breaking-change guard. Each package has its own vitest config.
export default defineConfig({
  test: {
    ...reporting,
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
