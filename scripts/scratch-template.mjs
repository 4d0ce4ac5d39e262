// The one prepared scratch repository that the tests' scratch copies start from: this checkout's
// working tree (tracked and new files, as git would commit them) committed once on `main` in a
// new repository, with node_modules linking the checkout's (no install) and the workspace
// packages pointing at the copy's own packages. A test's scratch copy is then one `cp -a` of it
// instead of a file-by-file copy, a `git init`, an add and a commit of its own.
//
// `npm test` (scripts/test.mjs) reserves a place for it before turbo starts and hands it to every
// task in QUATRIX_SCRATCH_TEMPLATE; a vitest run outside `npm test` reserves one in its global
// set-up (test/support/global-setup.ts). The first test that needs a copy prepares it there, the
// others wait for it and copy it; a test process with no place prepares its own on first use.
// Nothing is built in it: each copy is a fresh clone's state.
import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The environment variable naming the shared place of the prepared repository: a folder holding
 * `root` (the checkout it copies), and once prepared, `repo/` and `ready`.
 */
export const TEMPLATE_ENV = "QUATRIX_SCRATCH_TEMPLATE";

const checkout = path.resolve(fileURLToPath(import.meta.url), "../..");

/** A fixed git identity and no machine configuration, for the commits in scratch copies. */
export const GIT_ENV = {
  GIT_AUTHOR_NAME: "Scratch",
  GIT_AUTHOR_EMAIL: "scratch@example.com",
  GIT_COMMITTER_NAME: "Scratch",
  GIT_COMMITTER_EMAIL: "scratch@example.com",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
};

/**
 * Runs git in `cwd`; returns its trimmed output, throws when it fails.
 * @param {string} cwd
 * @param {string[]} args
 */
export function gitIn(cwd, args) {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, ...GIT_ENV } }).trim();
}

/**
 * The working tree's files as git sees them: tracked ones that still exist, and new ones not ignored.
 * @param {string} root
 */
function workingTreeFiles(root) {
  const listed = gitIn(root, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
  const deleted = new Set(gitIn(root, ["ls-files", "-z", "--deleted"]).split("\0"));
  return [...new Set(listed.split("\0"))].filter((file) => file !== "" && !deleted.has(file));
}

/**
 * Links `dir`'s node_modules to the checkout's, with the workspace packages pointing into `dir`.
 * @param {string} dir
 * @param {string} root the checkout whose dependencies are linked
 */
export function linkDependencies(dir, root = checkout) {
  const modules = path.join(dir, "node_modules");
  mkdirSync(modules);
  for (const entry of readdirSync(path.join(root, "node_modules"))) {
    if (entry === "@quatrix" || entry === ".package-lock.json" || entry === ".cache") continue;
    symlinkSync(path.join(root, "node_modules", entry), path.join(modules, entry));
  }
  // npm's workspace links are relative (../../packages/client), so the same links in the copy
  // point at the copy's packages.
  mkdirSync(path.join(modules, "@quatrix"));
  for (const link of readdirSync(path.join(root, "node_modules", "@quatrix"))) {
    symlinkSync(readlinkSync(path.join(root, "node_modules", "@quatrix", link)), path.join(modules, "@quatrix", link));
  }
}

/**
 * Prepares the repository the scratch copies start from in `dir` (a new folder by default);
 * returns the folder.
 * @param {string} [root] the checkout to copy (default: this one)
 * @param {string} [dir]
 */
export function prepareTemplate(root = checkout, dir = mkdtempSync(path.join(tmpdir(), "quatrix-template-"))) {
  for (const file of workingTreeFiles(root)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    cpSync(path.join(root, file), path.join(dir, file));
  }
  linkDependencies(dir, root);
  gitIn(dir, ["init", "--quiet", "--initial-branch=main"]);
  gitIn(dir, ["add", "--all"]);
  gitIn(dir, ["commit", "--quiet", "--allow-empty", "-m", "scratch: the checkout under test"]);
  return dir;
}

/**
 * A shared place for the prepared repository of `root`, for TEMPLATE_ENV. Nothing is copied
 * yet: the first test that needs a scratch copy prepares it (sharedTemplate), so a run whose
 * tests need none, or whose tasks turbo replays, pays nothing. The caller removes the folder.
 * @param {string} [root]
 */
export function reserveTemplate(root = checkout) {
  const place = mkdtempSync(path.join(tmpdir(), "quatrix-template-"));
  writeFileSync(path.join(place, "root"), path.resolve(root));
  return place;
}

/**
 * Whether `place` is a shared place for the prepared repository of `root` (a test running inside
 * a scratch copy inherits the variable, but needs copies of that copy, not of the checkout).
 * @param {string | undefined} place
 * @param {string} [root]
 * @returns {place is string}
 */
export function isPlaceOf(place, root = checkout) {
  if (place === undefined || place === "" || !existsSync(path.join(place, "root"))) return false;
  return readFileSync(path.join(place, "root"), "utf8") === path.resolve(root);
}

/**
 * The prepared repository at the shared place `place` (see isPlaceOf), prepared by whichever
 * process asks first while the others wait for it.
 * @param {string} place
 * @param {string} [root]
 */
export function sharedTemplate(place, root = checkout) {
  const repo = path.join(place, "repo");
  const ready = path.join(place, "ready");
  let mine = false;
  try {
    mkdirSync(path.join(place, "lock"));
    mine = true;
  } catch {
    // another process prepares it
  }
  if (mine) {
    mkdirSync(repo);
    prepareTemplate(root, repo);
    writeFileSync(ready, "");
    return repo;
  }
  const deadline = Date.now() + 300_000;
  while (!existsSync(ready)) {
    if (Date.now() > deadline) throw new Error(`the prepared scratch repository in ${place} never became ready`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
  return repo;
}

/**
 * A new copy of the prepared repository (its files, history, and dependency links), in a new
 * temporary folder named with `prefix`.
 * @param {string} template
 * @param {string} prefix
 */
export function copyTemplate(template, prefix) {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  // One process copies the whole tree, symbolic links as links; faster than cpSync file by file.
  execFileSync("cp", ["-a", `${template}/.`, dir]);
  return dir;
}
