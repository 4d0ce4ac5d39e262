// The size budget: browser bundles of small apps that use the built client, and the installed
// size of a package's own files, stay within the budgets kept in size-budget.json.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { APPS, measure } from "../scripts/bundle-size.mjs";
import { workspacePackages } from "../scripts/workspace.mjs";
import { liveDocument, modelOf } from "./support/document.js";
import { repoRoot, run } from "./support/scratch.js";

const INSTALLED = "installed bytes";
const PARAMETERS = "query, header and cookie parameters";
/**
 * A budget in bytes; or the bytes at a number of operations plus an allowance per operation
 * more, so a new operation fails the budget only when what one operation costs grows. Every app
 * has the latter: the client carries every operation (its method, table entry and validators),
 * whichever it calls.
 */
type Budget = number | { bytes: number; atOperations: number; perOperation: number };
const budgets: Record<string, Budget> & {
  [INSTALLED]: Record<string, number>;
  [PARAMETERS]: { once: number; perParameter: number };
} = JSON.parse(readFileSync(`${repoRoot}size-budget.json`, "utf8"));
const model = modelOf(liveDocument());
const operations = model.operations.length;
// The query, header and cookie parameters of the document: their code is in a bundle only then.
const parameters = model.operations.flatMap((op) => op.parameters.filter((p) => p.in !== "path")).length;
const forParameters = parameters > 0 ? budgets[PARAMETERS].once + budgets[PARAMETERS].perParameter * parameters : 0;
const bytesOf = (budget: Budget | undefined): number =>
  forParameters +
  (budget === undefined
    ? 0
    : typeof budget === "number"
      ? budget
      : budget.bytes + budget.perOperation * Math.max(0, operations - budget.atOperations));

describe("bundle size", () => {
  const names = Object.keys(budgets).filter(
    (name) => !name.startsWith("$") && name !== INSTALLED && name !== PARAMETERS,
  );
  it("every budget names an app that is measured", () => {
    for (const name of names) expect(Object.keys(APPS)).toContain(name);
  });
  it("every app's budget scales with the operations, allowing a new operation what one costs today", () => {
    for (const name of names) {
      const b = budgets[name];
      expect(typeof b, `${name}: every app carries every operation`).toBe("object");
      if (typeof b !== "object") continue;
      expect(b.atOperations).toBeGreaterThan(0);
      // Measured per operation added: 22 B gzip without validators; with them, up to 134 B (a
      // POST with a body), 140 B for the app that calls every operation.
      expect(b.perOperation, name).toBeGreaterThanOrEqual(name.endsWith("validation off") ? 22 : 134);
    }
  });
  for (const name of names) {
    it(`${name}: within ${bytesOf(budgets[name])} B gzipped (${operations} operations, ${parameters} query, header or cookie parameters)`, async () => {
      const { gzip, chunks } = await measure(name);
      console.log(`${name}: ${gzip} B gzip (${chunks.join(", ")})`);
      expect(gzip).toBeLessThanOrEqual(bytesOf(budgets[name]));
    });
  }
  it("the validators are not in the bundle of an app that does not validate", async () => {
    const off = await measure("one operation, validation off");
    expect(off.chunks.some((c) => c.startsWith("request-validation"))).toBe(false);
    const on = await measure("one operation, validation on");
    expect(on.gzip - off.gzip).toBeGreaterThan(1000);
  });
});

describe("installed size", () => {
  const packages = Object.entries(budgets[INSTALLED]).filter(([name]) => !name.startsWith("$"));
  it("every budget names a package of the workspace", () => {
    expect(packages.length).toBeGreaterThan(0);
    const known = workspacePackages(repoRoot).map((p: { name: string }) => p.name);
    for (const [name] of packages) expect(known).toContain(name);
  });
  for (const [name, budget] of packages) {
    it(`${name}: its own files within ${budget} B installed`, async () => {
      const dir = workspacePackages(repoRoot).find((p: { name: string }) => p.name === name)?.dir;
      expect(dir).toBeTruthy();
      const packed = await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], `${repoRoot}${dir}`);
      expect(packed.code, packed.stderr).toBe(0);
      const [info] = JSON.parse(packed.stdout) as { unpackedSize: number; files: { path: string }[] }[];
      console.log(`${name}: ${info?.unpackedSize} B installed (${info?.files.length} files)`);
      // Built: a package without its dist/ would pass any budget.
      expect(info?.files.some((f) => f.path.startsWith("dist/"))).toBe(true);
      expect(info?.unpackedSize).toBeLessThanOrEqual(budget);
    });
  }
});
