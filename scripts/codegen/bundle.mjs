// @ts-check
// Bundles openapi/user-api.yaml with Redocly into one JSON document. Internal $refs are kept,
// so the named schemas stay named in the generated types.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { documentErrorFrom } from "./document-error.mjs";

const redocly = path.resolve(import.meta.dirname, "../../node_modules/.bin/redocly");

/**
 * @param {string} root the repository's root
 * @param {string} [source] the document, from the root
 * @returns {import("openapi-typescript").OpenAPI3 & Record<string, any>}
 */
export function bundleDocument(root, source = "openapi/user-api.yaml") {
  const dir = mkdtempSync(path.join(tmpdir(), "quatrix-bundle-"));
  try {
    const out = path.join(dir, "user-api.json");
    const result = spawnSync(redocly, ["bundle", source, "--ext", "json", "-o", out], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    });
    try {
      return JSON.parse(readFileSync(out, "utf8"));
    } catch {
      throw documentErrorFrom(`${result.stdout}\n${result.stderr}`, root, source);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
