import { defineConfig } from "vitest/config";
import { reporting } from "../../vitest.shared.mjs";

// The behaviour suite runs twice, once per transport (test/support/transport.ts reads which):
// every rule of the client must hold on both. Checks of the build itself (smoke, CSP, types,
// builds), tests that drive a bundled client in a child process on fetch (memory,
// tls-downgrade) and the Node transport's own tests (test/node/) run once.
const ONCE = [
  "test/smoke.test.ts",
  "test/csp.test.ts",
  "test/builds.test.ts",
  "test/memory.test.ts",
  "test/tls-downgrade.test.ts",
];

export default defineConfig({
  test: {
    ...reporting,
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/support/capture-console.ts"],
    // A bound for a call that hangs, not a measure of speed: `npm test` runs other suites beside
    // this one, and the property-based files take several seconds alone on a 2-core machine.
    testTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "fetch",
          exclude: ["test/node/**"],
          env: { QUATRIX_TEST_TRANSPORT: "fetch" },
          typecheck: {
            enabled: true,
            include: ["test/**/*.test-d.ts"],
            tsconfig: "./tsconfig.json",
          },
        },
      },
      {
        extends: true,
        test: {
          name: "node",
          exclude: ONCE,
          env: { QUATRIX_TEST_TRANSPORT: "node" },
        },
      },
    ],
  },
});
