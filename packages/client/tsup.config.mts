import { defineConfig } from "tsup";

// ESM (.mjs) and CommonJS (.js) with their own .d.mts / .d.ts. The package is not
// "type": "module", which keeps the CommonJS interop with openapi-fetch right. Validators are
// dynamic imports, so bundlers split them off for consumers who never validate.
export default defineConfig({
  // The Node.js transport is an entry of its own (`@quatrix/user-api-client/node`): the main
  // entry, and so every browser bundle, never reaches node:http.
  entry: { index: "src/index.ts", internal: "src/internal.ts", node: "src/node/index.ts" },
  format: ["esm", "cjs"],
  // `npm run dev` builds the JavaScript (QUATRIX_BUILD=js), to restart the mock at once, beside
  // the declarations (tsup --dts-only, which replaces them): the JavaScript build leaves them be.
  dts: process.env["QUATRIX_BUILD"] !== "js",
  clean: process.env["QUATRIX_BUILD"] === "js" ? ["!**/*.d.{ts,mts,cts}"] : true,
  target: "es2022",
  splitting: true,
  treeshake: true,
  sourcemap: false,
  // The published types need no Node.js types: a smaller program, a faster .d.ts build.
  tsconfig: "tsconfig.build.json",
  esbuildPlugins: [
    {
      // The node entry imports the main entry ("../index.js") as a module of the build, not a
      // copy: the classes it throws are those the client checks, and the main entry's chunks
      // are the same as without it.
      name: "main-entry-external",
      setup(build) {
        // CommonJS with splitting is built as ES modules and converted after: the output
        // extension, not the format, tells the two builds apart.
        const main = `./index${build.initialOptions.outExtension?.[".js"] ?? ".js"}`;
        build.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) =>
          args.importer.includes("/src/node/") ? { path: main, external: true } : undefined,
        );
      },
    },
  ],
});
