#!/usr/bin/env node
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
// Browser bundles of small apps that use the client, built with esbuild (minified, split at
// dynamic imports) and measured gzipped. Used by the size check (`test/size.test.ts`, budgets
// in size-budget.json) and by the benchmark.
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const root = path.resolve(fileURLToPath(import.meta.url), "../..");

const ID = "5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c";

/**
 * The calls of the "all operations" app: every operation of the generated operation model (the
 * client's test fixtures, written by `npm run generate`), in document order, so a new operation
 * is measured without a change here. Path parameters get `id`; a body has its required fields
 * only, each with the smallest value its schema accepts (`minimalBody`).
 * @param {Record<string, { pathParams: string[], bodySchema: object | null }>} [fixtures]
 */
export function allCalls(fixtures = readFixtures()) {
  const calls = Object.entries(fixtures).map(([operationId, op]) => {
    if (!/^[A-Za-z_$][\w$]*$/.test(operationId)) throw new Error(`${operationId}: not a method name`);
    const body = op.bodySchema ? [JSON.stringify(minimalBody(op.bodySchema)).replaceAll(`"${ID}"`, "id")] : [];
    return `await client.${operationId}(${[...op.pathParams.map(() => "id"), ...body].join(", ")});`;
  });
  return `\n  const id = "${ID}";\n  ${calls.join("\n  ")}`;
}

/**
 * The smallest value a (dereferenced) schema accepts: required properties only, the first enum
 * value, one item where `minItems` asks for one; user ids are `ID`.
 * @param {any} schema
 * @returns {unknown}
 */
export function minimalBody(schema) {
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  switch (schema.type) {
    case "object":
      return Object.fromEntries((schema.required ?? []).map((name) => [name, minimalBody(schema.properties[name])]));
    case "array":
      return Array.from({ length: schema.minItems ?? 0 }, () => minimalBody(schema.items ?? {}));
    case "integer":
    case "number":
      return schema.minimum ?? 0;
    case "boolean":
      return false;
    case "string":
      if (schema.format === "uuid") return ID;
      if (schema.format === "email") return "a@example.com";
      if (schema.contentEncoding === "base64") return "cA==";
      return "a".repeat(Math.max(1, schema.minLength ?? 1));
    default:
      throw new Error(`no minimal value for the schema ${JSON.stringify(schema)}`);
  }
}

/** The generated fixtures: every operation of the document, in document order. */
function readFixtures() {
  const file = path.join(root, "packages/client/test/generated/fixtures.json");
  if (!existsSync(file)) throw new Error(`${path.relative(root, file)} is missing: run \`npm run generate\` first`);
  return JSON.parse(readFileSync(file, "utf8"));
}

/** The apps measured: what each imports and calls, and whether its validators load. */
export const APPS = {
  "one operation, validation off": {
    source: `import { createUserApiClient } from "@quatrix/user-api-client";
      const client = createUserApiClient({ apiKey: "k", validateRequests: false });
      client.listUsers().then((users) => console.log(users.length));`,
    loads: [],
  },
  "one operation, validation on": {
    source: `import { createUserApiClient } from "@quatrix/user-api-client";
      const client = createUserApiClient({ apiKey: "k" });
      client.createUser({ name: "Ada", email: "ada@example.com" }).then((user) => console.log(user.id));`,
    loads: ["request-validation"],
  },
  // Every operation of the document, however many it has.
  "all operations, validation on": {
    // Read when measured, so that importing APPS needs no generated files.
    get source() {
      return `import { createUserApiClient } from "@quatrix/user-api-client";
      const client = createUserApiClient({ apiKey: "k" });
      (async () => {${allCalls()}})();`;
    },
    loads: ["request-validation"],
  },
  "openapi-fetch surface only, one call": {
    source: `import { createUserApiClient } from "@quatrix/user-api-client";
      const client = createUserApiClient({ apiKey: "k" });
      client.GET("/user").then(({ data }) => console.log(data));`,
    loads: ["openapi-fetch"],
  },
  "bare openapi-fetch, one call (reference)": {
    source: `import createClient from "openapi-fetch";
      const client = createClient({ baseUrl: "https://api.quatrix.it/api/1.0", headers: { "X-Auth-Token": "k" } });
      client.GET("/user").then(({ data }) => console.log(data));`,
    loads: [],
  },
  "raw fetch, one call (reference)": {
    source: `fetch("https://api.quatrix.it/api/1.0/user", { headers: { "X-Auth-Token": "k" } })
      .then((r) => r.json()).then((users) => console.log(users.length));`,
    loads: [],
  },
};

/** Builds one app; its entry chunk plus the chunks it loads, minified and gzipped. */
export async function measure(name) {
  const app = APPS[name];
  const result = await esbuild.build({
    stdin: { contents: app.source, resolveDir: root, sourcefile: "app.js", loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    splitting: true,
    platform: "browser",
    target: "es2022",
    write: false,
    outdir: "/virtual",
    metafile: true,
    logLevel: "silent",
  });
  // The entry chunk, the chunks it imports, and the dynamically imported chunks the app loads
  // (validation), each with what it imports in turn.
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((file) => outputs[file].entryPoint);
  const wanted = new Set();
  const visit = (file) => {
    if (wanted.has(file)) return;
    wanted.add(file);
    for (const imported of outputs[file].imports) {
      const inputs = Object.keys(outputs[imported.path]?.inputs ?? {});
      const loaded = imported.kind !== "dynamic-import" || app.loads.some((c) => inputs.some((i) => i.includes(c)));
      if (loaded && outputs[imported.path]) visit(imported.path);
    }
  };
  visit(entry);
  const loaded = result.outputFiles.filter((f) =>
    [...wanted].some((file) => f.path.endsWith(file.replace(/^.*?\/virtual/, "/virtual"))),
  );
  const loadedInputs = [...wanted].flatMap((file) => Object.keys(outputs[file].inputs));
  const missing = app.loads.filter((chunk) => !loadedInputs.some((i) => i.includes(chunk)));
  if (missing.length > 0) throw new Error(`${name}: no chunk ${missing.join(", ")} was loaded`);
  const minified = loaded.reduce((n, f) => n + f.contents.length, 0);
  const gzip = loaded.reduce((n, f) => n + gzipSync(f.contents, { level: 9 }).length, 0);
  return { name, minified, gzip, chunks: loaded.map((f) => path.basename(f.path)) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const name of Object.keys(APPS)) {
    const { minified, gzip, chunks } = await measure(name);
    console.log(
      `${name.padEnd(42)} ${String(minified).padStart(7)} B min  ${String(gzip).padStart(6)} B gzip  (${chunks.join(", ")})`,
    );
  }
}
