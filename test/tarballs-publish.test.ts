// Every package as `npm publish` sees it: `npm publish --dry-run` prints no warning (npm
// "auto-corrects" — that is, silently changes — a manifest it finds invalid, such as a `bin`
// path it does not accept), and the tarball carries what a registry page and a user need: the
// LICENSE, and a repository, homepage and issue tracker pointing at this repository.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, run } from "./support/scratch.js";

const REPOSITORY = "git+https://github.com/quatrix/user-api-sdk.git";
const PACKAGES = ["client", "docs", "mock-server", "mcp-server"];

// The one warning a dry run gives on a machine that is not logged in to the registry; it says
// nothing about the package (the release script treats it the same way).
const NOT_LOGGED_IN = /^npm warn publish This command requires you to be logged in to .* \(dry-run\)$/;

describe.each(PACKAGES)("packages/%s", (dir) => {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, "packages", dir, "package.json"), "utf8"));

  it("npm publish --dry-run accepts the package without a warning", { timeout: 120_000 }, async () => {
    const result = await run(
      "npm",
      ["publish", "--dry-run", "--offline", "--json"],
      path.join(repoRoot, "packages", dir),
    );
    expect(result.code, result.stderr).toBe(0);
    const warnings = result.stderr.split("\n").filter((line) => /^npm warn/i.test(line) && !NOT_LOGGED_IN.test(line));
    expect(warnings).toEqual([]);
    const report = JSON.parse(result.stdout)[manifest.name];
    const files = (report.files as { path: string; mode: number }[]).map((f) => f.path);
    expect(files).toContain("LICENSE");
    expect(files).toContain("package.json");
    for (const target of Object.values<string>(manifest.bin ?? {})) {
      expect(files, `bin ${target}`).toContain(target);
      const mode = report.files.find((f: { path: string }) => f.path === target).mode;
      expect(mode & 0o111, `bin ${target} is executable`).not.toBe(0);
    }
  });

  it("declares MIT with its LICENSE, and points at this repository", () => {
    expect(manifest.license).toBe("MIT");
    expect(readFileSync(path.join(repoRoot, "packages", dir, "LICENSE"), "utf8")).toMatch(/^MIT License\n/);
    expect(manifest.repository).toEqual({ type: "git", url: REPOSITORY, directory: `packages/${dir}` });
    expect(manifest.homepage).toBe(`https://github.com/quatrix/user-api-sdk/tree/main/packages/${dir}#readme`);
    expect(manifest.bugs).toEqual({ url: "https://github.com/quatrix/user-api-sdk/issues" });
    expect(manifest.publishConfig).toEqual({ access: "public" });
  });
});
