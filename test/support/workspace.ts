// A scratch copy of the whole workspace — the document, the scripts and the packages —
// that builds and tests on its own: its node_modules links every installed dependency of the
// repository (no install) and points the workspace packages at the copy's own packages.
// It is a copy of the one prepared scratch repository (scripts/scratch-template.mjs) without
// its history: a checkout's files, as a contributor's copy without git would hold them.
import { rmSync } from "node:fs";
import path from "node:path";
import { copyTemplate } from "../../scripts/scratch-template.mjs";
import { type Scratch, scratchAt } from "./scratch.js";
import { preparedTemplate } from "./scratch-repo.js";

export const PACKAGES = {
  client: "user-api-client",
  "mock-server": "user-api-mock",
  docs: "user-api-docs",
  "mcp-server": "user-api-mcp",
};

export function scratchWorkspace(): Scratch {
  const dir = copyTemplate(preparedTemplate(), "quatrix-scratch-");
  rmSync(path.join(dir, ".git"), { recursive: true, force: true });
  return scratchAt(dir);
}
