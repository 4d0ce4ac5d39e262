import { defineConfig } from "tsup";

// The library, its MSW handlers and the CLI as ESM (.mjs) and CommonJS (.js), in one build with
// code splitting: the three entries are small files over shared chunks, not three copies of
// the mock. Dependencies stay external: msw (an optional peer) and @quatrix/user-api-client —
// the mock imports the client's `./internal` entry (the operation model, the validators and
// their issue wording) from the client package it depends on at the same version, so it
// answers with the very model and checks of the client released with it, without a copy.
// Only bin/ runs the CLI (dist/cli.js); the CLI has no types.
export default defineConfig({
  entry: { index: "src/index.ts", msw: "src/msw.ts", cli: "src/cli.ts" },
  format: ["esm", "cjs"],
  // `npm run dev` builds the JavaScript first (QUATRIX_BUILD=js), to restart the mock at once,
  // and the declarations after it (tsup --dts-only).
  dts: process.env["QUATRIX_BUILD"] === "js" ? false : { entry: { index: "src/index.ts", msw: "src/msw.ts" } },
  splitting: true,
  treeshake: true,
  clean: true,
  target: "node20",
});
