import { defineConfig } from "tsup";

// The library and its MSW handlers (msw stays external: an optional peer) as ESM (.mjs) and
// CommonJS (.js); the CLI as CommonJS with its shebang.
// `shims` gives the CommonJS build an import.meta.url, used to find generated/user-api.json.
// The client's internal module (operation model, validators, issue wording) is bundled in, so
// the mock runs with the very model and validators it was built with; the client dependency
// is for the public types (`User`, `Group`) only.
const bundled = [/^@quatrix\/user-api-client\/internal$/];

export default defineConfig([
  {
    entry: ["src/index.ts", "src/msw.ts"],
    format: ["esm", "cjs"],
    // `npm run dev` builds the JavaScript first (QUATRIX_BUILD=js), to restart the mock at once,
    // and the declarations after it (tsup --dts-only).
    dts: process.env["QUATRIX_BUILD"] !== "js",
    clean: true,
    target: "node20",
    shims: true,
    noExternal: bundled,
  },
  {
    entry: ["src/cli.ts"],
    format: ["cjs"],
    target: "node20",
    shims: true,
    noExternal: bundled,
  },
]);
