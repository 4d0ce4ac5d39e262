// The built reference holds every operation with its sample, every schema and every guide,
// and refers to nothing that would load from outside.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { remoteReferences } from "../scripts/remote-references.mjs";
import { apiModel, builtDocument, distDir, GUIDES, operations } from "./support/document.js";

const html = readFileSync(new URL("index.html", distDir), "utf8");
const doc = builtDocument();

describe("dist/index.html", () => {
  it("has every operation of the document, each with its TypeScript sample from examples/", () => {
    const ops = operations(doc);
    expect(ops).toHaveLength(apiModel.operations.length);
    for (const op of ops) {
      const source = readFileSync(new URL(`../examples/${op.operationId}.ts`, import.meta.url), "utf8").trim();
      expect(op["x-codeSamples"], op.operationId).toEqual([{ lang: "TypeScript", label: "TypeScript", source }]);
      expect(html).toContain(op.operationId);
      expect(html).toContain(`client.${op.operationId}(`);
    }
  });

  it("has every schema", () => {
    for (const name of Object.keys(doc.components.schemas)) expect(html, name).toContain(name);
    expect(Object.keys(doc.components.schemas)).toHaveLength(15);
  });

  it("has every guide in the navigation, and the error codes and migration tables", () => {
    const traitTags = doc.tags.filter((t) => t["x-traitTag"]).map((t) => t.name);
    expect(traitTags).toEqual(GUIDES);
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
  it("fails, naming it, when an operation has no sample", async () => {
    const repo = fileURLToPath(new URL("../../../", import.meta.url));
    const scratch = mkdtempSync(path.join(tmpdir(), "quatrix-docs-"));
    try {
      for (const entry of [
        "openapi",
        "redocly.yaml",
        "scripts",
        ".changeset",
        "packages/docs/scripts",
        "packages/docs/guides",
        "packages/docs/examples",
        "packages/docs/generated",
      ]) {
        cpSync(path.join(repo, entry), path.join(scratch, entry), { recursive: true });
      }
      symlinkSync(path.join(repo, "node_modules"), path.join(scratch, "node_modules"));
      rmSync(path.join(scratch, "packages/docs/examples/deleteUsers.ts"));
      const run = promisify(execFile);
      const result = await run(process.execPath, [path.join(scratch, "packages/docs/scripts/build.mjs")], {
        cwd: scratch,
      }).then(
        () => ({ code: 0, stderr: "" }),
        (e: { code: number; stderr: string }) => e,
      );
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain("packages/docs/examples/deleteUsers.ts");
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
