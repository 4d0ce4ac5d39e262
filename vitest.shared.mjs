// What every vitest run of the repository shares: besides the usual report, each test file's
// whole duration in .vitest/durations-<npm script>.json, from which `npm test` prints the ten
// slowest test files at its end. turbo keeps the file with the task, so a replayed task's
// figures are there too.
import path from "node:path";
import FileDurationsReporter from "./scripts/vitest-file-durations.mjs";

// biome-ignore lint/suspicious/noUndeclaredEnvVars: set by npm for the script it runs
const script = (process.env.npm_lifecycle_event ?? "vitest").replace(/[^\w-]+/g, "-");

export const reporting = {
  reporters: ["default", new FileDurationsReporter(path.resolve(`.vitest/durations-${script}.json`))],
};
