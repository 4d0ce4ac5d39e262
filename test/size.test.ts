// The size budget: browser bundles of small apps that use the built client stay within the
// budgets kept in size-budget.json.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { APPS, measure } from "../scripts/bundle-size.mjs";
import { repoRoot } from "./support/scratch.js";

const budgets: Record<string, number> = JSON.parse(readFileSync(`${repoRoot}size-budget.json`, "utf8"));

describe("bundle size", () => {
  const names = Object.keys(budgets).filter((name) => !name.startsWith("$"));
  it("every budget names an app that is measured", () => {
    for (const name of names) expect(Object.keys(APPS)).toContain(name);
  });
  for (const name of names) {
    it(`${name}: within ${budgets[name]} B gzipped`, async () => {
      const { gzip, chunks } = await measure(name);
      console.log(`${name}: ${gzip} B gzip (${chunks.join(", ")})`);
      expect(gzip).toBeLessThanOrEqual(budgets[name] ?? 0);
    });
  }
  it("the validators are not in the bundle of an app that does not validate", async () => {
    const off = await measure("one operation, validation off");
    expect(off.chunks.some((c) => c.startsWith("request-validation"))).toBe(false);
    const on = await measure("one operation, validation on");
    expect(on.gzip - off.gzip).toBeGreaterThan(1000);
  });
});
