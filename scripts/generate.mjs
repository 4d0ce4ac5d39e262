#!/usr/bin/env node
// @ts-check
// The document → the generated code of every package. One run bundles the document, builds the
// operation model from it (scripts/codegen/model.mjs) and writes every output from that model,
// so the client's types, operation table, validators, the fixtures, the mock server's and the
// docs' copies all come from the same bundle. Then it reports, in one list, what each new or
// changed operation still lacks outside the generated code.
//
//   node scripts/generate.mjs            write the outputs, then report
//   node scripts/generate.mjs --check    fail (exit 1) when an output on disk differs from
//                                        what the document generates now
//   --no-report                          write the outputs only: turbo's cached codegen task,
//                                        whose inputs are the document and the generator
//   --report-only                        the report alone, from the model the last run wrote;
//                                        `npm run generate` runs it after turbo, never cached,
//                                        since it reads samples, mock rules and changesets
//   --root DIR                           run against another checkout (used by the tests)

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleDocument } from "./codegen/bundle.mjs";
import { DocumentError, locateDocumentError } from "./codegen/document-error.mjs";
import { renderErrorCodes } from "./codegen/error-codes.mjs";
import { renderFixtures } from "./codegen/fixtures.mjs";
import { renderMcpTools } from "./codegen/mcp-tools.mjs";
import { buildModel } from "./codegen/model.mjs";
import { renderModel, renderOperations } from "./codegen/operations.mjs";
import { missingParts } from "./codegen/report.mjs";
import { renderSchemaTypes } from "./codegen/schema-types.mjs";
import { renderValidators } from "./codegen/validators.mjs";
import { MANIFEST, sha256 } from "./generated-manifest.mjs";

const MODEL_FILE = "packages/docs/generated/model.json";
const args = process.argv.slice(2);
const check = args.includes("--check");
const rootIndex = args.indexOf("--root");
const root =
  rootIndex >= 0 ? path.resolve(args[rootIndex + 1] ?? ".") : path.resolve(fileURLToPath(import.meta.url), "../..");

if (args.includes("--report-only")) {
  const modelFile = path.join(root, MODEL_FILE);
  if (!existsSync(modelFile)) {
    console.error(`generate --report-only: ${MODEL_FILE} is missing; run \`npm run generate\``);
    process.exit(1);
  }
  process.exit(report(JSON.parse(readFileSync(modelFile, "utf8"))));
}

const started = performance.now();
/** @type {ReturnType<typeof bundleDocument>} */
let document;
/** @type {ReturnType<typeof buildModel>} */
let model;
try {
  document = bundleDocument(root);
  model = buildModel(document);
} catch (error) {
  if (!(error instanceof DocumentError)) throw error;
  console.error(`generate: ${locateDocumentError(error, root)}`);
  process.exit(1);
}
const documentJson = `${JSON.stringify(document, null, 2)}\n`;

/**
 * Every generated file, by its path from the repository root: all rendered before any is
 * written, so a document the generator cannot handle leaves the outputs as they were.
 * @type {Map<string, string>}
 */
let outputs;
try {
  outputs = new Map(
    /** @type {[string, string][]} */ ([
      ["packages/client/src/generated/schema.ts", await renderSchemaTypes(document)],
      ["packages/client/src/generated/operations.ts", renderOperations(model)],
      ["packages/client/src/generated/model.ts", renderModel(model)],
      ["packages/client/src/generated/error-codes.ts", renderErrorCodes(document)],
      ...renderValidators(model).map(([file, text]) => [`packages/client/src/generated/${file}`, text]),
      ["packages/client/test/generated/fixtures.json", renderFixtures(model)],
      ["packages/mock-server/generated/user-api.json", documentJson],
      ["packages/docs/generated/user-api.json", documentJson],
      ["packages/mcp-server/generated/tools.json", renderMcpTools(model, document)],
      [MODEL_FILE, `${JSON.stringify(model, null, 2)}\n`],
    ]),
  );
} catch (error) {
  // A document the model accepted but an emitter cannot render: a generator gap, told in one
  // line (the first of the emitter's message), with nothing written.
  if (error instanceof DocumentError) {
    console.error(`generate: ${locateDocumentError(error, root)}`);
  } else {
    const first = String(/** @type {Error} */ (error)?.message ?? error).split("\n")[0];
    console.error(
      `generate: openapi/user-api.yaml: the generator cannot render this document (${first}); nothing was written`,
    );
  }
  process.exit(1);
}

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
  // What was written, so that a later hand edit is told apart from a stale file (check-generated.mjs).
  const manifest = Object.fromEntries([...outputs].map(([file, text]) => [file, sha256(text)]));
  writeFileSync(path.join(root, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(
    `generated ${outputs.size} files for ${model.operations.length} operations in ${Math.round(performance.now() - started)} ms`,
  );
  if (!args.includes("--no-report")) process.exitCode = report(model);
}

/**
 * What the operations still lack outside the generated code; 1 when a part is required.
 * @param {import("./codegen/model.mjs").ApiModel} model
 */
function report(model) {
  const { errors, notices } = missingParts(root, model);
  for (const line of notices) console.log(`notice: ${line}`);
  if (errors.length === 0) return 0;
  console.error(`The document's operations still lack:\n  ${errors.join("\n  ")}`);
  return 1;
}
