// How long a contributor waits: a cold `npm run build` (turbo cache and outputs cleared), a
// warm one with nothing changed, one after a one-line description change in the document,
// and codegen alone. The document is restored afterwards, whatever happens.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

function timed(root, command, args) {
  const start = performance.now();
  execFileSync(command, args, {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, REDOCLY_TELEMETRY: "off" },
  });
  return Math.round(performance.now() - start) / 1000;
}

export function benchPipeline(root) {
  const clear = () => {
    for (const dir of [".turbo", "node_modules/.cache/turbo"])
      rmSync(path.join(root, dir), { recursive: true, force: true });
    for (const pkg of ["client", "mock-server", "docs", "mcp-server"]) {
      for (const dir of ["dist", "generated", "src/generated", "test/generated", ".turbo"]) {
        rmSync(path.join(root, "packages", pkg, dir), { recursive: true, force: true });
      }
    }
  };
  clear();
  const cold = timed(root, "npm", ["run", "build"]);
  const warm = timed(root, "npm", ["run", "build"]);
  const documentFile = path.join(root, "openapi", "user-api.yaml");
  const original = readFileSync(documentFile, "utf8");
  let edited;
  try {
    writeFileSync(
      documentFile,
      original.replace("description: The group's name.", "description: The group's display name."),
    );
    edited = timed(root, "npm", ["run", "build"]);
  } finally {
    writeFileSync(documentFile, original);
  }
  timed(root, "npm", ["run", "build"]); // back to the committed document's outputs
  const codegen = timed(root, process.execPath, ["scripts/generate.mjs"]);
  return { coldBuildS: cold, warmBuildS: warm, afterDescriptionChangeS: edited, codegenS: codegen };
}
