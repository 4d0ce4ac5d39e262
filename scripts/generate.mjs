#!/usr/bin/env node
// The document → the generated code of every package. One run writes every output, so the
// client's types, its operation table, its validators and the mock server's copy of the
// document always come from the same bundle.
//
//   node scripts/generate.mjs            write the outputs
//   node scripts/generate.mjs --check    fail (exit 1) when an output on disk differs from
//                                        what the document generates now
//   --root DIR                           run against another checkout (used by the tests)

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleDocument } from "./codegen/bundle.mjs";
import { renderErrorCodes } from "./codegen/error-codes.mjs";
import { renderFixtures } from "./codegen/fixtures.mjs";
import { ANNOTATION_FORMATS, FORMATS } from "./codegen/formats.mjs";
import { renderOperations } from "./codegen/operations.mjs";
import { renderSchemaTypes } from "./codegen/schema-types.mjs";
import { renderValidators } from "./codegen/validators.mjs";

const args = process.argv.slice(2);
const check = args.includes("--check");
const rootIndex = args.indexOf("--root");
const root = rootIndex >= 0 ? path.resolve(args[rootIndex + 1]) : path.resolve(fileURLToPath(import.meta.url), "../..");

const started = performance.now();
const document = bundleDocument(root);

/** Every generated file, by its path from the repository root. */
const outputs = new Map([
  ["packages/client/src/generated/schema.ts", await renderSchemaTypes(document)],
  ["packages/client/src/generated/operations.ts", renderOperations(document)],
  ["packages/client/src/generated/error-codes.ts", renderErrorCodes(document)],
  ...renderValidators(document).map(([file, text]) => [`packages/client/src/generated/${file}`, text]),
  ["packages/client/test/generated/fixtures.json", renderFixtures(document)],
  ["packages/mock-server/generated/user-api.json", `${JSON.stringify(document, null, 2)}\n`],
  ["packages/docs/generated/user-api.json", `${JSON.stringify(document, null, 2)}\n`],
  [
    "packages/mock-server/generated/formats.json",
    `${JSON.stringify({ formats: FORMATS, annotationFormats: ANNOTATION_FORMATS }, null, 2)}\n`,
  ],
]);

if (check) {
  const stale = [];
  for (const [file, text] of outputs) {
    const full = path.join(root, file);
    if (!existsSync(full)) stale.push(`${file} (missing)`);
    else if (readFileSync(full, "utf8") !== text) stale.push(`${file} (differs from the document)`);
  }
  if (stale.length > 0) {
    console.error(`Generated files are out of date with openapi/; run \`npm run generate\`:\n  ${stale.join("\n  ")}`);
    process.exit(1);
  }
  console.log(`generate --check: ${outputs.size} generated files match the document`);
} else {
  for (const [file, text] of outputs) {
    const full = path.join(root, file);
    mkdirSync(path.dirname(full), { recursive: true });
    if (!existsSync(full) || readFileSync(full, "utf8") !== text) writeFileSync(full, text);
  }
  console.log(`generated ${outputs.size} files in ${Math.round(performance.now() - started)} ms`);
}
