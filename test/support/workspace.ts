// A scratch copy of the whole workspace — the document, the scripts and the packages —
// that builds and tests on its own: its node_modules links every installed dependency of the
// repository (no install) and points the workspace packages at the copy's own packages.
import { cpSync, mkdirSync, readdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import { repoRoot, type Scratch, scratchCopy } from "./scratch.js";

const SKIPPED = new Set(["node_modules", "dist", ".turbo", "test-results", "generated"]);

export const PACKAGES = {
  client: "user-api-client",
  "mock-server": "user-api-mock",
  docs: "user-api-docs",
  "mcp-server": "user-api-mcp",
};

export function scratchWorkspace(): Scratch {
  const scratch = scratchCopy([
    "openapi",
    "redocly.yaml",
    "scripts",
    "test",
    ".changeset",
    "package.json",
    "tsconfig.base.json",
    "vitest.config.mts",
    "vitest.shared.mjs",
    "vitest.shared.d.mts",
    "biome.json",
  ]);
  for (const pkg of Object.keys(PACKAGES)) {
    cpSync(path.join(repoRoot, "packages", pkg), path.join(scratch.dir, "packages", pkg), {
      recursive: true,
      filter: (source) => !SKIPPED.has(path.basename(source)),
    });
  }
  const modules = path.join(scratch.dir, "node_modules");
  mkdirSync(path.join(modules, "@quatrix"), { recursive: true });
  for (const entry of readdirSync(path.join(repoRoot, "node_modules"))) {
    if (entry !== "@quatrix") symlinkSync(path.join(repoRoot, "node_modules", entry), path.join(modules, entry));
  }
  for (const [dir, name] of Object.entries(PACKAGES))
    symlinkSync(path.join(scratch.dir, "packages", dir), path.join(modules, "@quatrix", name));
  return scratch;
}
