// Scratch git repositories: a copy of this checkout's working tree (tracked and new files, as
// git would commit them) in a new repository on branch `main`, for tests of the release tooling
// that need history — branches, tags, a merge-base. Dependencies are not installed: the copy's
// node_modules links to this checkout's, except the workspace packages, which link to the
// copy's own packages so that a build in the copy uses the copy's code.
import { execFileSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot } from "./scratch.js";

export interface ScratchRepo {
  dir: string;
  read(file: string): string;
  write(file: string, text: string): void;
  edit(file: string, change: (text: string) => string): void;
  remove(file: string): void;
  /** Runs git in the copy and returns its trimmed output; throws when git fails. */
  git(...args: string[]): string;
  /** Stages everything and commits it. */
  commit(message: string): void;
  dispose(): void;
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: "Scratch",
  GIT_AUTHOR_EMAIL: "scratch@example.com",
  GIT_COMMITTER_NAME: "Scratch",
  GIT_COMMITTER_EMAIL: "scratch@example.com",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
};

function gitIn(cwd: string, args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, ...GIT_ENV } }).trim();
}

/** The working tree's files as git sees them: tracked ones that still exist, and new ones not ignored. */
function workingTreeFiles(): string[] {
  const listed = gitIn(repoRoot, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
  const deleted = new Set(gitIn(repoRoot, ["ls-files", "-z", "--deleted"]).split("\0"));
  return [...new Set(listed.split("\0"))].filter((file) => file !== "" && !deleted.has(file));
}

/** Links node_modules to this checkout's, with the workspace packages pointing into `dir`. */
function linkDependencies(dir: string) {
  const modules = path.join(dir, "node_modules");
  mkdirSync(modules);
  for (const entry of readdirSync(path.join(repoRoot, "node_modules"))) {
    if (entry === "@quatrix" || entry === ".package-lock.json" || entry === ".cache") continue;
    symlinkSync(path.join(repoRoot, "node_modules", entry), path.join(modules, entry));
  }
  // npm's workspace links are relative (../../packages/client), so the same links in the copy
  // point at the copy's packages.
  mkdirSync(path.join(modules, "@quatrix"));
  for (const link of readdirSync(path.join(repoRoot, "node_modules", "@quatrix"))) {
    symlinkSync(
      readlinkSync(path.join(repoRoot, "node_modules", "@quatrix", link)),
      path.join(modules, "@quatrix", link),
    );
  }
}

/** A new repository holding this checkout's working tree, committed once on `main`. */
export function scratchRepo(options: { dependencies?: boolean } = {}): ScratchRepo {
  const dir = mkdtempSync(path.join(tmpdir(), "quatrix-repo-"));
  for (const file of workingTreeFiles()) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    cpSync(path.join(repoRoot, file), path.join(dir, file));
  }
  if (options.dependencies) linkDependencies(dir);
  gitIn(dir, ["init", "--quiet", "--initial-branch=main"]);
  const repo = repoAt(dir);
  repo.commit("scratch: the checkout under test");
  return repo;
}

/**
 * A clone of `origin` sharing its objects (`git clone --shared`): cheap, with `origin/main` and
 * origin's tags, and nothing git ignores (no build output, no turbo cache) — a fresh clone.
 */
export function cloneRepo(origin: ScratchRepo, options: { dependencies?: boolean } = {}): ScratchRepo {
  const dir = mkdtempSync(path.join(tmpdir(), "quatrix-clone-"));
  gitIn(tmpdir(), ["clone", "--quiet", "--shared", origin.dir, dir]);
  if (options.dependencies) linkDependencies(dir);
  return repoAt(dir);
}

function repoAt(dir: string): ScratchRepo {
  const repo: ScratchRepo = {
    dir,
    read: (file) => readFileSync(path.join(dir, file), "utf8"),
    write: (file, text) => {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    },
    edit: (file, change) => {
      const before = repo.read(file);
      const after = change(before);
      if (after === before) throw new Error(`the edit of ${file} changed nothing`);
      repo.write(file, after);
    },
    remove: (file) => rmSync(path.join(dir, file)),
    git: (...args) => gitIn(dir, args),
    commit: (message) => {
      repo.git("add", "--all");
      repo.git("commit", "--quiet", "--allow-empty", "-m", message);
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
  return repo;
}

/** A changeset file's text bumping the given packages. */
export function changeset(bumps: Record<string, "major" | "minor" | "patch">, summary: string): string {
  const lines = Object.entries(bumps).map(([name, bump]) => `"${name}": ${bump}`);
  return `---\n${lines.join("\n")}\n---\n\n${summary}\n`;
}
