// Releases published for real, to a registry on 127.0.0.1 (Verdaccio, test/support/registry.ts),
// from a scratch repository holding this checkout, and installed from there as a consuming team
// would install them:
//
//   1. the first release (the pending changesets) → `npm run release` publishes all three
//      packages, `latest`, and tags the commit;
//   2. a fresh project installs the client and the mock from the registry (no tarballs, no
//      workspace links), finds the release's API changes in the client's CHANGELOG.md (the
//      mock's points there), and runs the root README's quick start against the mock's CLI;
//   3. a change with a changeset → the second release, refused by the registry halfway (the
//      token it runs with may publish the client but not the mock): it fails with the client
//      out and no tag; the re-run publishes only what is missing, and tags; both versions are
//      on the registry, `latest` on the newer; the project upgrades and runs the quick start
//      again;
//   4. a prerelease (changesets pre mode): on `next` only, `latest` unmoved;
//   5. later runs: the tag missing → created, nothing published; everything done → a no-op.
//
// The scratch copy's `npm test` is bounded as in test/version-release.test.ts: what a version
// step can break (a cold `turbo run build` of every package, the change guard). The packages'
// suites and the tarball tests run on this checkout already. Each step's time is printed at the
// end.
import { type ChildProcess, type ExecFileException, execFile, spawn } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { transform } from "esbuild";
import { afterAll, expect, it } from "vitest";
import { entryOf } from "./support/changelogs.js";
import { type Registry, startRegistry } from "./support/registry.js";
import { repoRoot } from "./support/scratch.js";
import { changeset, type ScratchRepo, scratchRepo } from "./support/scratch-repo.js";

const BOUNDED_TEST = "turbo run build check:changes --concurrency=2";
const PACKAGES = ["@quatrix/user-api-client", "@quatrix/user-api-mock", "@quatrix/user-api-docs"] as const;
const [CLIENT, MOCK, DOCS] = PACKAGES;
const API_KEY = "registry-test-key";
// The releaser may publish everything; the outsider every package but the mock (step 5).
const RELEASER = "releaser";
const OUTSIDER = "outsider";

let registry: Registry | undefined;
let repo: ScratchRepo | undefined;
const consumer = mkdtempSync(path.join(tmpdir(), "quatrix-consumer-"));
const children: ChildProcess[] = [];
const times: { step: string; ms: number }[] = [];

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await registry?.close();
  repo?.dispose();
  rmSync(consumer, { recursive: true, force: true });
  const width = Math.max(...times.map((t) => t.step.length));
  console.log(
    `registry release, time per step:\n${times
      .map(({ step, ms }) => `  ${step.padEnd(width)}  ${(ms / 1000).toFixed(1).padStart(6)} s`)
      .join(
        "\n",
      )}\n  ${"total".padEnd(width)}  ${(times.reduce((sum, t) => sum + t.ms, 0) / 1000).toFixed(1).padStart(6)} s`,
  );
});

async function step<T>(name: string, body: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await body();
  } finally {
    times.push({ step: name, ms: performance.now() - start });
  }
}

interface Result {
  code: number;
  stdout: string;
  output: string;
}

// None of the outer npm's, turbo's and vitest's variables (NPM_CONFIG_PROVENANCE among them);
// a git identity for the commits and the tag.
const BASE_ENV = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(npm_|TURBO_|VITEST)/i.test(name) && name !== "NODE_ENV"),
  ),
  REDOCLY_TELEMETRY: "off",
  GIT_AUTHOR_NAME: "Scratch",
  GIT_AUTHOR_EMAIL: "scratch@example.com",
  GIT_COMMITTER_NAME: "Scratch",
  GIT_COMMITTER_EMAIL: "scratch@example.com",
};

function exec(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, env: { ...BASE_ENV, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error: ExecFileException | null, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, output: stdout + stderr });
      },
    );
  });
}

/** npm against the test's registry, as the given user. */
function npmAs(user: string, args: string[], cwd: string): Promise<Result> {
  const r = registry as Registry;
  return exec("npm", args, cwd, { NPM_CONFIG_REGISTRY: r.url, NPM_CONFIG_USERCONFIG: r.userconfig(user) });
}

async function release(user: string): Promise<Result> {
  return npmAs(user, ["run", "release"], (repo as ScratchRepo).dir);
}

interface Packument {
  versions: string[];
  "dist-tags": Record<string, string>;
}

async function view(name: string): Promise<Packument> {
  const result = await npmAs(RELEASER, ["view", name, "versions", "dist-tags", "--json"], consumer);
  expect(result.code, result.output).toBe(0);
  const answer = JSON.parse(result.stdout);
  return { versions: [answer.versions].flat(), "dist-tags": answer["dist-tags"] };
}

async function versionStep(r: ScratchRepo): Promise<string> {
  const versioned = await exec("npm", ["run", "version"], r.dir);
  expect(versioned.code, versioned.output).toBe(0);
  const version = JSON.parse(r.read("packages/client/package.json")).version as string;
  r.commit(`Version ${version}`);
  return version;
}

const tags = (r: ScratchRepo) => r.git("tag", "--list", "v*").split("\n").filter(Boolean);

/** The version the pending changesets make of 0.0.0: their largest bump. */
function firstVersion(r: ScratchRepo): string {
  const bumps = r
    .git("ls-files", ".changeset")
    .split("\n")
    .filter((file) => /\.changeset\/(?!README).*\.md$/.test(file))
    .flatMap((file) => [...r.read(file).matchAll(/^\s*["']?@quatrix\/[^"':]+["']?\s*:\s*(major|minor|patch)\s*$/gm)])
    .map((m) => m[1]);
  if (bumps.includes("major")) return "1.0.0";
  if (bumps.includes("minor")) return "0.1.0";
  return "0.0.1";
}

/** Starts the mock's CLI installed in the consumer project; resolves with its base URL. */
function startMockCli(): Promise<{ baseUrl: string; stop(): void }> {
  const cli = spawn(
    path.join(consumer, "node_modules/.bin/quatrix-user-api-mock"),
    ["--port", "0", "--api-key", API_KEY, "--quiet"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  children.push(cli);
  return new Promise((resolve, reject) => {
    let out = "";
    cli.stdout?.on("data", (chunk: Buffer) => {
      out += chunk;
      if (out.includes("\n")) resolve({ baseUrl: out.split("\n")[0]?.trim() ?? "", stop: () => cli.kill("SIGTERM") });
    });
    cli.on("exit", (code) => reject(new Error(`the mock's CLI exited with ${code}`)));
  });
}

/** The root README's consumer quick start, as the consumer project runs it (TypeScript → ESM). */
async function writeQuickStart() {
  const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const section = readme.split(/^## Consumer quick start$/m)[1] ?? "";
  const code = section.match(/```ts\n([\s\S]*?)```/)?.[1];
  expect(code, "the README's quick start has a ts block").toBeDefined();
  const { code: js } = await transform(code ?? "", { loader: "ts", format: "esm", target: "node20" });
  writeFileSync(path.join(consumer, "quick-start.mjs"), js);
}

/** Runs the quick start against the installed mock's CLI, as the README tells a consumer to. */
async function runQuickStart(version: string) {
  for (const name of [CLIENT, MOCK]) {
    const dir = path.join(consumer, "node_modules", name);
    expect(lstatSync(dir).isSymbolicLink(), `${name} is a copy, not a link`).toBe(false);
    expect(JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).version, name).toBe(version);
  }
  const mock = await startMockCli();
  try {
    expect(mock.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/1\.0$/);
    const result = await exec(process.execPath, ["quick-start.mjs"], consumer, {
      QUATRIX_BASE_URL: mock.baseUrl,
      QUATRIX_API_KEY: API_KEY,
    });
    expect(result.code, result.output).toBe(0);
    // listUsers' emails, the new user's id, then the refused duplicate: 400, its message, a request id.
    expect(result.stdout).toMatch(/^\[[\s\S]*'[^']+@[^']+'[\s\S]*\]$/m);
    expect(result.stdout).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/m);
    expect(result.output).toMatch(/^400 \S.* \S+$/m);
    expect(result.output).not.toContain(API_KEY);
  } finally {
    mock.stop();
  }
}

it("releases to a real registry: first, second, prerelease, halfway failure and re-run", {
  timeout: 900_000,
}, async () => {
  await step("start the registry (Verdaccio, 2 users)", async () => {
    registry = await startRegistry({
      users: [RELEASER, OUTSIDER],
      packages: { [MOCK]: { access: "$all", publish: RELEASER } },
    });
  });

  const r = await step("scratch repository: this checkout, bounded npm test", async () => {
    repo = scratchRepo({ dependencies: true });
    repo.edit("package.json", (text) => {
      const manifest = JSON.parse(text);
      manifest.scripts.test = BOUNDED_TEST;
      return `${JSON.stringify(manifest, null, 2)}\n`;
    });
    repo.commit("scratch: a bounded npm test");
    return repo;
  });

  // 1. The first release: the pending changesets.
  const first = firstVersion(r);
  await step(`version ${first} (the pending changesets)`, async () => {
    expect(await versionStep(r)).toBe(first);
  });
  await step(`release ${first}`, async () => {
    const released = await release(RELEASER);
    expect(released.code, released.output).toBe(0);
    for (const name of PACKAGES) expect(released.stdout).toContain(`New tag: ${name}@${first}`);
    expect(released.output).toContain(`released ${first} and tagged v${first}`);
    expect(released.output).not.toContain("provenance");
    expect(tags(r)).toEqual([`v${first}`]);
    for (const name of PACKAGES) {
      expect(await view(name), name).toEqual({ versions: [first], "dist-tags": { latest: first } });
    }
  });

  // 2. A consuming team installs from the registry and follows the README.
  await step(`consumer: install ${first} from the registry`, async () => {
    mkdirSync(consumer, { recursive: true });
    writeFileSync(
      path.join(consumer, "package.json"),
      `${JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2)}\n`,
    );
    // The scope's registry: everything else (openapi-fetch) comes from npm's usual registry.
    writeFileSync(path.join(consumer, ".npmrc"), `@quatrix:registry=${(registry as Registry).url}\n`);
    const installed = await exec(
      "npm",
      ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", CLIENT, MOCK],
      consumer,
    );
    expect(installed.code, installed.output).toBe(0);
    // What was installed is what this test published: the same tarball, byte for byte.
    const lock = JSON.parse(readFileSync(path.join(consumer, "package-lock.json"), "utf8"));
    for (const name of [CLIENT, MOCK]) {
      const integrity = await npmAs(RELEASER, ["view", `${name}@${first}`, "dist.integrity"], consumer);
      expect(integrity.code, integrity.output).toBe(0);
      expect(lock.packages[`node_modules/${name}`].integrity, name).toBe(integrity.stdout.trim());
    }
    // What a consumer reads in node_modules: the release's API changes once, in the client's
    // changelog; the mock's entry names the client's changelog as the place to read them.
    const changelogEntry = (name: string) =>
      entryOf(readFileSync(path.join(consumer, "node_modules", name, "CHANGELOG.md"), "utf8"), first) ?? "";
    expect(changelogEntry(CLIENT).split("\n### API changes\n")).toHaveLength(2);
    expect(changelogEntry(MOCK)).not.toContain("### API changes");
    expect(changelogEntry(MOCK)).toMatch(
      new RegExp(`^API changes of ${first.replaceAll(".", "\\.")}: .*\`${CLIENT}\``, "m"),
    );
  });
  await step("consumer: README quick start against the mock's CLI", async () => {
    await writeQuickStart();
    await runQuickStart(first);
  });

  // 3. A change with a changeset → the second release, which the registry refuses halfway (the
  //    token it runs with may publish the client, not the mock); the re-run finishes it.
  const [major = 0, minor = 0, patch = 0] = first.split(".").map(Number);
  const second = `${major}.${minor}.${patch + 1}`;
  await step(`version ${second} (a change with a changeset)`, async () => {
    r.edit("packages/mock-server/README.md", (text) => `${text}\nReleased to a registry.\n`);
    r.write(".changeset/second.md", changeset({ [MOCK]: "patch" }, "The README says it was released."));
    r.commit("A change, with its changeset");
    expect(await versionStep(r)).toBe(second);
  });
  await step(`release ${second}, refused after the client`, async () => {
    const refused = await release(OUTSIDER);
    expect(refused.code, refused.output).not.toBe(0);
    expect(refused.output).toContain(`New tag: ${CLIENT}@${second}`);
    expect(refused.output).toContain(`failed for ${MOCK}`);
    expect(refused.output).toMatch(/\b403\b/);
    expect(tags(r)).toEqual([`v${first}`]);
    expect(await view(CLIENT)).toEqual({ versions: [first, second], "dist-tags": { latest: second } });
    for (const name of [MOCK, DOCS]) {
      expect(await view(name), name).toEqual({ versions: [first], "dist-tags": { latest: first } });
    }
  });
  await step(`release ${second} again: only what is missing`, async () => {
    const rerun = await release(RELEASER);
    expect(rerun.code, rerun.output).toBe(0);
    expect(rerun.output).toContain(`on the registry already: ${CLIENT}@${second}`);
    expect(rerun.output).not.toContain(`New tag: ${CLIENT}@`);
    expect(rerun.output).toContain(`New tag: ${MOCK}@${second}`);
    expect(rerun.output).toContain(`New tag: ${DOCS}@${second}`);
    expect(tags(r)).toEqual([`v${first}`, `v${second}`]);
    for (const name of PACKAGES) {
      expect(await view(name), name).toEqual({ versions: [first, second], "dist-tags": { latest: second } });
    }
  });
  await step(`consumer: upgrade to ${second}, quick start again`, async () => {
    const upgraded = await exec(
      "npm",
      [
        "install",
        "--prefer-online",
        "--no-audit",
        "--no-fund",
        "--ignore-scripts",
        `${CLIENT}@latest`,
        `${MOCK}@latest`,
      ],
      consumer,
    );
    expect(upgraded.code, upgraded.output).toBe(0);
    expect(readFileSync(path.join(consumer, "node_modules", MOCK, "README.md"), "utf8")).toContain(
      "Released to a registry.",
    );
    await runQuickStart(second);
  });

  // 4. A prerelease: on `next` only, `latest` unmoved.
  const prerelease = `${major}.${minor + 1}.0-next.0`;
  await step(`version ${prerelease} (changeset pre enter next)`, async () => {
    const entered = await exec("npm", ["exec", "--", "changeset", "pre", "enter", "next"], r.dir);
    expect(entered.code, entered.output).toBe(0);
    r.edit("packages/mock-server/README.md", (text) => `${text}\nPrereleases are on \`next\`.\n`);
    r.write(".changeset/prerelease.md", changeset({ [MOCK]: "minor" }, "A feature, tried out first."));
    r.commit("A feature, with its changeset");
    expect(await versionStep(r)).toBe(prerelease);
  });
  await step(`release ${prerelease}`, async () => {
    const released = await release(RELEASER);
    expect(released.code, released.output).toBe(0);
    expect(released.output).toContain(`release ${prerelease} to the dist-tag next`);
    expect(tags(r)).toEqual([`v${first}`, `v${second}`, `v${prerelease}`]);
    for (const name of PACKAGES) {
      expect(await view(name), name).toEqual({
        versions: [first, second, prerelease],
        "dist-tags": { latest: second, next: prerelease },
      });
    }
  });

  // 5. Runs with nothing to publish: the tag alone (deleted, say, by a failed push), then nothing.
  await step("release again: the missing tag, then nothing", async () => {
    r.git("tag", "--delete", `v${prerelease}`);
    const tagOnly = await release(RELEASER);
    expect(tagOnly.code, tagOnly.output).toBe(0);
    expect(tagOnly.output).toContain(`created the missing tag v${prerelease}`);
    expect(tagOnly.output).not.toContain("New tag:");
    expect(tags(r)).toContain(`v${prerelease}`);
    const noop = await release(RELEASER);
    expect(noop.code, noop.output).toBe(0);
    expect(noop.output).toContain("nothing to release");
    expect((await view(CLIENT)).versions).toHaveLength(3);
  });
});
