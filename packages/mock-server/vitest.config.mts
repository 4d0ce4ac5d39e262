import { defineConfig } from "vitest/config";
import { reporting } from "../../vitest.shared.mjs";

export default defineConfig({
  test: {
    ...reporting,
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
  },
});
