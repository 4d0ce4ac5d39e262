// vitest's global set-up for the repository's tests (once per project of vitest.config.mts).
//
// 1. The place of the one prepared scratch repository (scripts/scratch-template.mjs) every
//    scratch copy of this run starts from. Under `npm test` one place serves all turbo tasks and
//    comes in QUATRIX_SCRATCH_TEMPLATE; a vitest run of its own (`npx vitest run test/x.test.ts`)
//    reserves one here and removes it when the run ends. The test files' processes inherit the
//    variable; the first that needs a copy prepares it.
// 2. Run as a turbo task, the scratch and release projects are hashed with the document's shape
//    (QUATRIX_DOCUMENT_SHAPE, scripts/document-shape.mjs), not its text: a task run without the
//    shape, or with another document's, fails here, so that turbo never caches a result under a
//    hash that does not name the document it was tested with.
import { rmSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { documentShape, SHAPE_ENV } from "../../scripts/document-shape.mjs";
import { isPlaceOf, reserveTemplate, TEMPLATE_ENV } from "../../scripts/scratch-template.mjs";
import { repoRoot } from "./scratch.js";

const HASHED_BY_SHAPE = new Set(["scratch", "release"]);

export default function setup(project: TestProject): () => void {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: set by turbo in the tasks it runs
  const underTurbo = process.env.TURBO_HASH !== undefined;
  if (underTurbo && HASHED_BY_SHAPE.has(project.name) && process.env[SHAPE_ENV] !== documentShape(repoRoot)) {
    throw new Error(
      `${SHAPE_ENV} is not the shape of openapi/user-api.yaml: run this task through \`npm test\`, ` +
        `or set ${SHAPE_ENV}=$(node scripts/document-shape.mjs) for turbo`,
    );
  }
  const inherited = process.env[TEMPLATE_ENV];
  if (isPlaceOf(inherited, repoRoot)) return () => {};
  const place = reserveTemplate(repoRoot);
  process.env[TEMPLATE_ENV] = place;
  return () => {
    rmSync(place, { recursive: true, force: true });
    if (inherited === undefined) delete process.env[TEMPLATE_ENV];
    else process.env[TEMPLATE_ENV] = inherited;
  };
}
