// The change guard on scratch git repositories: a copy of this checkout committed on `main`
// (with the pending changesets it holds), cloned with `git clone --shared` for each case, a
// branch per change — the way contributors and CI meet it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, run } from "./support/scratch.js";
import { changeset, cloneRepo, type ScratchRepo, scratchRepo } from "./support/scratch-repo.js";

const guard = `${repoRoot}scripts/check-changes.mjs`;
const DOCUMENT = "openapi/user-api.yaml";
const RELEASED = "openapi/released/user-api.yaml";
const CLIENT = "@quatrix/user-api-client";
const MOCK = "@quatrix/user-api-mock";

let origin: ScratchRepo;
const repos: ScratchRepo[] = [];
beforeAll(() => {
  origin = scratchRepo();
  origin.write(".changeset/older-change.md", changeset({ [CLIENT]: "minor" }, "A change already on main."));
  origin.commit("An older minor changeset, pending on main");
});
afterAll(() => {
  for (const r of repos) r.dispose();
  origin?.dispose();
});

/** A clone of the scratch origin on a new branch `change`. */
function branch(): ScratchRepo {
  const clone = cloneRepo(origin);
  repos.push(clone);
  clone.git("checkout", "--quiet", "-b", "change");
  return clone;
}

const check = (r: ScratchRepo, env: NodeJS.ProcessEnv = {}) =>
  run(process.execPath, [guard, "--root", r.dir], repoRoot, env);

/** A new operation: a copy of listUserGroups at /user/group-names, `listUserGroupNames`. */
const addOperation = (y: string) => {
  const start = y.indexOf("  /user/group:\n");
  const end = y.indexOf("  /user/metadata/{id}:\n");
  const copy = y
    .slice(start, end)
    .replace("/user/group:", "/user/group-names:")
    .replace("listUserGroups", "listUserGroupNames");
  return y.slice(0, end) + copy + y.slice(end);
};
/** A breaking rename of a response property. */
const renameProperty = (y: string) => y.replace("        storage_used:\n", "        storage_bytes:\n");

describe("check:changes on a branch (base: the merge-base with origin/main)", () => {
  it.concurrent("a new operation with no changeset fails, naming it — the minor changesets already on main do not count", async () => {
    const r = branch();
    r.edit(DOCUMENT, addOperation);
    r.commit("A new operation");
    const result = await check(r);
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toContain("the merge-base with origin/main");
    expect(result.stdout).toContain("changesets counted: 0");
    expect(result.stderr).toContain("needs a minor changeset");
    expect(result.stderr).toMatch(/\/user\/group-names: added path with GET \(listUserGroupNames\)\s+→ needs minor/);
    expect(result.stderr).toContain("npx changeset");
  });

  it.concurrent("a new operation with a minor changeset added on the branch passes, listing the change", async () => {
    const r = branch();
    r.edit(DOCUMENT, addOperation);
    r.write(".changeset/group-names.md", changeset({ [CLIENT]: "minor" }, "listUserGroupNames."));
    r.commit("A new operation, with its changeset");
    const result = await check(r);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("changesets counted: 1");
    expect(result.stdout).toMatch(/minor {2}\/user\/group-names: added path with GET \(listUserGroupNames\)/);
  });

  it.concurrent("a breaking rename with a minor changeset fails, naming the change and the bump", async () => {
    const r = branch();
    r.edit(DOCUMENT, renameProperty);
    r.write(".changeset/rename.md", changeset({ [CLIENT]: "minor" }, "storage_bytes."));
    const result = await check(r); // uncommitted: the working tree counts
    expect(result.code, result.stdout).toBe(1);
    expect(result.stderr).toContain("Breaking changes to the API need a major changeset");
    expect(result.stderr).toMatch(/`storage_used` of `UserResp` was renamed to `storage_bytes`.*→ needs major/);
  });

  it.concurrent("a breaking rename with a major changeset passes", async () => {
    const r = branch();
    r.edit(DOCUMENT, renameProperty);
    r.write(".changeset/rename.md", changeset({ [CLIENT]: "major" }, "storage_bytes."));
    const result = await check(r);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/major {2}.*renamed to `storage_bytes`/);
  });

  it.concurrent("a code change to the mock without a changeset fails; one naming the mock passes", async () => {
    const r = branch();
    r.edit("packages/mock-server/src/rules.ts", (t) => `${t}\n// A change users of the mock would see.\n`);
    r.commit("A mock change");
    const without = await check(r);
    expect(without.code, without.stdout).toBe(1);
    expect(without.stderr).toContain("no changeset counted names their package");
    expect(without.stderr).toContain(`${MOCK} (packages/mock-server: src/rules.ts)`);
    expect(without.stderr).toContain(`"${MOCK}": patch`);

    r.write(".changeset/mock-rule.md", changeset({ [CLIENT]: "patch" }, "Names another package."));
    expect((await check(r)).code).toBe(1);
    r.write(".changeset/mock-rule.md", changeset({ [MOCK]: "patch" }, "A mock fix."));
    const withChangeset = await check(r);
    expect(withChangeset.code, withChangeset.stderr).toBe(0);
    expect(withChangeset.stdout).toContain(`${MOCK}: src/rules.ts changed; named by mock-rule.md`);
  });

  it.concurrent("a change to a package's tests alone needs no changeset", async () => {
    const r = branch();
    r.write("packages/mock-server/test/extra.test.ts", "// a new test file\n");
    const result = await check(r);
    expect(result.code, result.stderr).toBe(0);
  });

  it.concurrent("BASE_REF sets the base", async () => {
    const r = branch();
    r.edit(DOCUMENT, addOperation);
    r.write(".changeset/group-names.md", changeset({ [CLIENT]: "minor" }, "listUserGroupNames."));
    r.commit("A new operation, with its changeset");
    r.git("tag", "before-rename");
    r.edit(DOCUMENT, renameProperty);
    r.commit("A rename without a changeset");
    const sinceTag = await check(r, { BASE_REF: "before-rename" });
    expect(sinceTag.code, sinceTag.stdout).toBe(1);
    expect(sinceTag.stdout).toContain("BASE_REF=before-rename");
    expect(sinceTag.stderr).toContain("Breaking changes to the API need a major changeset");
  });
});

describe("check:changes on main", () => {
  it.concurrent("with no tag and no branch of its own (CI's fresh clone), the pending changesets cover openapi/released/", async () => {
    const r = cloneRepo(origin);
    repos.push(r);
    const result = await check(r);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`base ${RELEASED}`);
  });

  it.concurrent("after a release tag, an edit of openapi/released/ cannot hide a change", async () => {
    const r = cloneRepo(origin);
    repos.push(r);
    r.git("remote", "remove", "origin");
    for (const file of r.git("ls-files", ".changeset").split("\n")) {
      if (/\.changeset\/(?!README|config).*\.md$/.test(file)) r.remove(file);
    }
    r.commit("A release's version commit (its changesets consumed)");
    r.git("tag", "-a", "v9.9.9", "-m", "A release");
    r.edit(DOCUMENT, renameProperty);
    r.write(RELEASED, r.read(DOCUMENT));
    r.commit("A rename, with the released copy overwritten to hide it");
    const result = await check(r);
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toContain("the release tag v9.9.9");
    expect(result.stderr).toContain(`${RELEASED} changed since the release tag v9.9.9`);
    expect(result.stderr).toContain("Breaking changes to the API need a major changeset");
  });
});
