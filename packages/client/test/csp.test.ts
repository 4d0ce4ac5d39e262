// The client runs under a strict Content-Security-Policy (no 'unsafe-eval'): neither its
// build, validators included, nor openapi-fetch generates code at run time.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { expect, it } from "vitest";

const dist = new URL("../dist/", import.meta.url);
const EVAL = /\bnew Function\s*\(|\beval\s*\(|\bFunction\s*\(\s*["'`]/;

it("no file of the build, validators included, evaluates code", () => {
  const files = readdirSync(dist).filter((f) => /\.(m?js)$/.test(f));
  expect(files.some((f) => f.startsWith("request-validation"))).toBe(true);
  expect(files.some((f) => f.startsWith("response-validation"))).toBe(true);
  for (const file of files) expect(readFileSync(new URL(file, dist), "utf8"), file).not.toMatch(EVAL);
});

it("neither does openapi-fetch", () => {
  const require = createRequire(import.meta.url);
  const entry = require.resolve("openapi-fetch");
  expect(readFileSync(entry, "utf8")).not.toMatch(EVAL);
  expect(path.basename(entry)).toMatch(/\.c?js$/);
});
