// vitest's global set-up for the repository's tests: the place of the one prepared scratch
// repository (scripts/scratch-template.mjs) every scratch copy of this run starts from. Under
// `npm test` one place serves all turbo tasks and comes in QUATRIX_SCRATCH_TEMPLATE; a vitest run
// of its own (`npx vitest run test/x.test.ts`) reserves one here and removes it when the run
// ends. The test files' processes inherit the variable; the first that needs a copy prepares it.
import { rmSync } from "node:fs";
import { isPlaceOf, reserveTemplate, TEMPLATE_ENV } from "../../scripts/scratch-template.mjs";
import { repoRoot } from "./scratch.js";

export default function setup(): () => void {
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
