// A vitest reporter: how long each test file took in all — its environment, the harness, its
// import with the suite callbacks, its setup files, and its tests and hooks (a scratch copy
// built in `beforeAll` counts) — written as JSON for `npm test`'s "slowest test files".
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export default class FileDurationsReporter {
  /** @param {string} file where to write the durations */
  constructor(file) {
    this.file = file;
  }

  /** @param {readonly import("vitest/node").TestModule[]} testModules */
  onTestRunEnd(testModules) {
    const files = testModules.map((module) => {
      const d = module.diagnostic();
      const ms = d.environmentSetupDuration + d.prepareDuration + d.collectDuration + d.setupDuration + d.duration;
      return { file: module.moduleId, seconds: Math.round(ms) / 1000 };
    });
    mkdirSync(path.dirname(this.file), { recursive: true });
    writeFileSync(this.file, `${JSON.stringify(files)}\n`);
  }
}
