import { defineConfig } from "vitest/config";
import { reporting } from "../../vitest.shared.mjs";

export default defineConfig({
  test: {
    ...reporting,
    // Also the guides' code blocks that are test files (test/generated/guides/*.test.ts).
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The samples read process.env; they run one after another.
    fileParallelism: false,
  },
});
