import { defineConfig } from "vitest/config";
import { reporting } from "../../vitest.shared.mjs";

export default defineConfig({
  test: {
    ...reporting,
    include: ["test/**/*.test.ts"],
    // Two files at a time: the default is one on a 2-core machine, and files wait on servers,
    // child processes and a browser.
    maxWorkers: 2,
    testTimeout: 30_000,
  },
});
