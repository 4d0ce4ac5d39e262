// Scratch git repositories: a copy of this checkout's working tree (tracked and new files, as
// git would commit them) in a new repository on branch `main`, for tests of the release tooling
// that need history — branches, tags, a merge-base. Dependencies are not installed: the copy's
// node_modules links to this checkout's, except the workspace packages, which link to the
// copy's own packages so that a build in the copy uses the copy's code.
//
// Every copy is a `cp -a` of ONE prepared repository (scripts/scratch-template.mjs): `npm test`
// prepares it once for all its tasks, a vitest run of the repository's tests once in its global
// set-up; a process that has neither prepares its own on first use. A test just calls
// `scratchRepo()` (or `cloneRepo()`); see test/support/README.md.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  copyTemplate,
  gitIn,
  isPlaceOf,
  linkDependencies,
  prepareTemplate,
  sharedTemplate,
  TEMPLATE_ENV,
} from "../../scripts/scratch-template.mjs";
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

let ownTemplate: string | undefined;

/** The prepared repository: at the place `npm test` or the global set-up made, else this process's own. */
export function preparedTemplate(): string {
  const place = process.env[TEMPLATE_ENV];
  if (isPlaceOf(place, repoRoot)) return sharedTemplate(place, repoRoot);
  if (ownTemplate === undefined) {
    const dir = prepareTemplate(repoRoot);
    ownTemplate = dir;
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  }
  return ownTemplate;
}

/** A new repository holding this checkout's working tree, committed once on `main`. */
export function scratchRepo(options: { dependencies?: boolean } = {}): ScratchRepo {
  const dir = copyTemplate(preparedTemplate(), "quatrix-repo-");
  if (!options.dependencies) rmSync(path.join(dir, "node_modules"), { recursive: true, force: true });
  return repoAt(dir);
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
