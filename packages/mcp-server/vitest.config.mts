import { defineConfig } from "vitest/config";
import { reporting } from "../../vitest.shared.mts";

export default defineConfig({
  test: {
    ...reporting,
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
  },
});
