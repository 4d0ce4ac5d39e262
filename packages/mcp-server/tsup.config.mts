import { defineConfig } from "tsup";

// The library as ESM (.mjs) and CommonJS (.js); the CLI as CommonJS with its shebang-less entry
// (bin/ holds the shebang). The generated tool list and package.json are bundled in: the
// server starts without reading a file.
export default defineConfig([
  {
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: process.env["QUATRIX_BUILD"] !== "js",
    clean: true,
    target: "node20",
  },
  {
    entry: ["src/cli.ts"],
    format: ["cjs"],
    target: "node20",
    // One file: a process start then reads one module instead of hundreds (the SDK, zod, the
    // client), which is most of the time from spawn to the first answer.
    noExternal: [/.*/],
    minify: true,
  },
]);
