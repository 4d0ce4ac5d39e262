// What every vitest run of the repository shares: besides the usual report, a JSON report per
// run in .vitest/ (named after the npm script that ran it), from which `npm test` prints the ten
// slowest test files at its end. turbo keeps the file with the task, so a replayed task's
// figures are there too.
// biome-ignore lint/suspicious/noUndeclaredEnvVars: set by npm for the script it runs
const script = process.env.npm_lifecycle_event ?? "vitest";

export const reporting = {
  reporters: ["default", "json"],
  outputFile: { json: `.vitest/report-${script.replace(/[^\w-]+/g, "-")}.json` },
};
