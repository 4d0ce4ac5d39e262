// The built reference holds every operation with its sample, every schema and every guide,
// and refers to nothing that would load from outside.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { remoteReferences } from "../scripts/remote-references.mjs";
import {
  apiModel,
  builtDocument,
  distDir,
  GUIDES,
  guideHash,
  operations,
  sampleOf,
  TASK_GUIDES,
} from "./support/document.js";

const html = readFileSync(new URL("index.html", distDir), "utf8");
const doc = builtDocument();

describe("dist/index.html", () => {
  it("has every operation of the document, each with a curl sample and its TypeScript sample from examples/", () => {
    const ops = operations(doc);
    expect(ops).toHaveLength(apiModel.operations.length);
    for (const op of ops) {
      const source = readFileSync(new URL(`../examples/${op.operationId}.ts`, import.meta.url), "utf8").trim();
      expect(
        op["x-codeSamples"]?.map((s) => s.lang),
        op.operationId,
      ).toEqual(["curl", "TypeScript"]);
      expect(sampleOf(op, "TypeScript")).toBe(source);
      expect(html).toContain(op.operationId);
      expect(html).toContain(`client.${op.operationId}(`);
    }
  });

  it("generates each curl sample from the document: method, server URL, key from the environment, example body", () => {
    const server = doc.servers[0]?.url;
    for (const op of operations(doc)) {
      const curl = sampleOf(op, "curl");
      const url = `${server}${op.path.replace(/\{id\}/, "5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c")}`;
      expect(curl, op.operationId).toMatch(
        new RegExp(`^curl ${op.method.toUpperCase() === "GET" ? "" : `-X ${op.method.toUpperCase()} `}"${url}"`),
      );
      const needsKey = apiModel.operations.find((m) => m.operationId === op.operationId)?.auth;
      expect(curl.includes('-H "X-Auth-Token: $QUATRIX_API_KEY"'), op.operationId).toBe(needsKey);
      if (op.requestBody) expect(curl, op.operationId).toMatch(/-H "Content-Type: application\/json" \\\n {2}-d '\{/);
      else expect(curl, op.operationId).not.toContain(" -d ");
    }
  });

  it("lists curl and TypeScript for Redoc, which shows no other language", async () => {
    const { parse } = await import("yaml");
    const config = parse(readFileSync(new URL("../../../redocly.yaml", import.meta.url), "utf8"));
    expect(config.openapi.codeSamples.languages.map((l: { lang: string }) => l.lang)).toEqual(["curl", "TypeScript"]);
  });

  it("has a front page for readers; the corrections to the vendor's description are in a contributor document", () => {
    const front = doc.info.description;
    for (const part of ["## Base URLs", "## Authentication", "## A first call", "## Guides", "X-Auth-Token"]) {
      expect(front).toContain(part);
    }
    const listUsers = operations(doc).find((o) => o.operationId === "listUsers");
    expect(listUsers).toBeDefined();
    if (listUsers) expect(front).toContain(sampleOf(listUsers, "curl"));
    expect(front).toContain("await client.listUsers()");
    for (const server of doc.servers) expect(front).toContain(server.url);
    for (const guide of [...GUIDES, ...TASK_GUIDES]) expect(front).toContain(`](${guideHash(guide)})`);
    expect(html).not.toContain("Corrections to the vendor");
    const corrections = readFileSync(new URL("../../../openapi/CORRECTIONS.md", import.meta.url), "utf8");
    const ids = (doc.info["x-reference-corrections"] ?? []).map((c) => (typeof c === "string" ? c : c.id));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(corrections, id).toContain(`| \`${id}\` |`);
  });

  it("shows the released version in the title, and 'unreleased' before the first release", () => {
    const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(doc.info.version).toBe(version);
    expect(html).toContain(`"version":"${version === "0.0.0" ? "unreleased" : version}"`);
  });

  it("is themed for contrast and labels its example menus", () => {
    expect(html).toContain('<style data-quatrix="accessible">');
    expect(html).toContain('"aria-label":`Example: ${');
  });

  it("has every schema", () => {
    for (const name of Object.keys(doc.components.schemas)) expect(html, name).toContain(name);
    expect(Object.keys(doc.components.schemas)).toEqual(Object.keys(apiModel.schemas));
  });

  it("has every guide in the navigation, and the error codes and migration tables", () => {
    const traitTags = doc.tags.filter((t) => t["x-traitTag"]).map((t) => t.name);
    expect(traitTags).toEqual([...GUIDES, ...TASK_GUIDES]);
    expect(doc["x-tagGroups"].map((g) => g.name)).toEqual(["Guides", "Task guides", "API reference"]);
    expect(doc["x-tagGroups"][1]?.tags).toEqual(TASK_GUIDES);
    for (const guide of GUIDES) expect(html).toContain(guide);
    const errors = doc.tags.find((t) => t.name === "Errors")?.description ?? "";
    for (const code of ["-1", "10", "11", "14", "20", "30", "31", "70", "90"]) expect(errors).toContain(`| ${code} |`);
    const migrating = doc.tags.find((t) => t.name.startsWith("Migrating"))?.description ?? "";
    for (const old of [
      "userGet",
      "userGroupGet",
      "userMetadataIdGet",
      "userPgpKeyIdGet",
      "userCreatePost",
      "userEditPost",
      "userDeletePost",
      "userSetMfaPost",
      "userRemoveMfaPost",
      "userResetMfaPost",
      "userSignupPost",
    ]) {
      expect(migrating).toContain(`\`${old}(`);
    }
    for (const pitfall of ["sent it twice", "err.response.body", "storage_id", "custom_sftp_home"]) {
      expect(migrating).toContain(pitfall);
    }
  });

  it("refers to nothing to load from outside", () => {
    expect(remoteReferences(html)).toEqual([]);
    expect(html).not.toContain("cdn.redoc.ly");
    expect(html).toContain("<script>");
  });

  it("dist/openapi.yaml is the same document as dist/openapi.json", async () => {
    const { parse } = await import("yaml");
    expect(parse(readFileSync(new URL("openapi.yaml", distDir), "utf8"))).toEqual(doc);
  });
});

describe("the build", () => {
  /** Runs the build on a scratch copy of the repository, changed by `change`. */
  async function buildCopy(change: (scratch: string) => void): Promise<{ code: number; stderr: string }> {
    const repo = fileURLToPath(new URL("../../../", import.meta.url));
    const scratch = mkdtempSync(path.join(tmpdir(), "quatrix-docs-"));
    try {
      for (const entry of [
        "openapi",
        "redocly.yaml",
        "scripts",
        ".changeset",
        "packages/docs/package.json",
        "packages/docs/front-page.md",
        "packages/docs/theme",
        "packages/docs/scripts",
        "packages/docs/guides",
        "packages/docs/examples",
        "packages/docs/generated",
      ]) {
        cpSync(path.join(repo, entry), path.join(scratch, entry), { recursive: true });
      }
      symlinkSync(path.join(repo, "node_modules"), path.join(scratch, "node_modules"));
      change(scratch);
      const run = promisify(execFile);
      return await run(process.execPath, [path.join(scratch, "packages/docs/scripts/build.mjs")], {
        cwd: scratch,
      }).then(
        () => ({ code: 0, stderr: "" }),
        (e: { code: number; stderr: string }) => e,
      );
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  it("fails, naming it, when an operation has no TypeScript sample", async () => {
    const result = await buildCopy((scratch) => rmSync(path.join(scratch, "packages/docs/examples/deleteUsers.ts")));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("packages/docs/examples/deleteUsers.ts");
  });

  it("fails, naming it, when the document lacks what an operation's curl sample needs", async () => {
    const result = await buildCopy((scratch) => {
      // A parsed copy of the generated operation model, without deleteUsers' request examples.
      const file = path.join(scratch, "packages/docs/generated/model.json");
      const model = JSON.parse(readFileSync(file, "utf8"));
      const deleteUsers = model.operations.find((op: { operationId: string }) => op.operationId === "deleteUsers");
      deleteUsers.requestBody.examples = {};
      writeFileSync(file, JSON.stringify(model));
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("curl sample of deleteUsers: the request body has no example");
  });
});
