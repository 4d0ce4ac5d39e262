// The built reference holds every operation with its sample, every schema and every guide,
// each operation once in the navigation, and refers to nothing that would load from outside,
// whatever HTML the document, the guides or the changesets carry.
import { execFile } from "node:child_process";
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { startScripts } from "../scripts/page-files.mjs";
import { remoteReferences } from "../scripts/remote-references.mjs";
import { documentProblems } from "../scripts/sanitise-markdown.mjs";
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
/** The page and the scripts it loads: what a reader's browser gets. */
const PAGE_SCRIPTS = ["redoc.standalone.js", "reference.js"];
const page = [html, ...PAGE_SCRIPTS.map((f) => readFileSync(new URL(f, distDir), "utf8"))].join("\n");
const doc = builtDocument();
/** The document the build starts from: `npm run generate`'s bundle. */
const bundled = JSON.parse(readFileSync(new URL("../generated/user-api.json", import.meta.url), "utf8"));

describe("dist/index.html", () => {
  it("has every operation of the document, each with its TypeScript sample from examples/ first, then curl", () => {
    const ops = operations(doc);
    expect(ops).toHaveLength(apiModel.operations.length);
    for (const op of ops) {
      const source = readFileSync(new URL(`../examples/${op.operationId}.ts`, import.meta.url), "utf8").trim();
      expect(
        op["x-codeSamples"]?.map((s) => s.lang),
        op.operationId,
      ).toEqual(["TypeScript", "curl"]);
      expect(sampleOf(op, "TypeScript")).toBe(source);
      expect(page).toContain(op.operationId);
      expect(page).toContain(`client.${op.operationId}(`);
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

  it("lists TypeScript then curl for Redoc, which shows no other language", async () => {
    const { parse } = await import("yaml");
    const config = parse(readFileSync(new URL("../../../redocly.yaml", import.meta.url), "utf8"));
    expect(config.openapi.codeSamples.languages.map((l: { lang: string }) => l.lang)).toEqual(["TypeScript", "curl"]);
  });

  it("puts each operation under one tag, and links its other tags from its description", () => {
    const sourceOps = Object.values(
      bundled.paths as Record<string, Record<string, { operationId?: string; tags?: string[] }>>,
    )
      .flatMap((item) => Object.values(item))
      .filter((op) => op.operationId);
    const tagged = sourceOps.filter((op) => (op.tags?.length ?? 0) > 1);
    expect(tagged.length, "the document has operations with several tags").toBeGreaterThan(0);
    for (const op of operations(doc)) {
      const before = sourceOps.find((o) => o.operationId === op.operationId)?.tags ?? [];
      const tags = op.tags ?? [];
      expect(tags, op.operationId).toHaveLength(1);
      expect(before, op.operationId).toContain(tags[0]);
      for (const other of before.filter((t) => t !== tags[0])) {
        expect(op.description, op.operationId).toContain(`[${other}](#/${other.toLowerCase()})`);
      }
    }
    // Every tag that groups operations is in the navigation once.
    const apiTags = doc["x-tagGroups"].find((g) => g.name === "API reference")?.tags ?? [];
    expect(new Set(apiTags).size).toBe(apiTags.length);
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
    expect(page).toContain(`"version":"${version === "0.0.0" ? "unreleased" : version}"`);
  });

  it("is themed for contrast and labels its example menus", () => {
    expect(html).toContain('<style data-quatrix="accessible">');
    expect(page).toContain('"aria-label":`Example: ${');
  });

  it("has every schema", () => {
    for (const name of Object.keys(doc.components.schemas)) expect(page, name).toContain(name);
    expect(Object.keys(doc.components.schemas)).toEqual(Object.keys(apiModel.schemas));
  });

  it("has every guide in the navigation, and the error codes and migration tables", () => {
    const traitTags = doc.tags.filter((t) => t["x-traitTag"]).map((t) => t.name);
    expect(traitTags).toEqual([...GUIDES, ...TASK_GUIDES]);
    expect(doc["x-tagGroups"].map((g) => g.name)).toEqual(["Guides", "Task guides", "API reference"]);
    expect(doc["x-tagGroups"][1]?.tags).toEqual(TASK_GUIDES);
    for (const guide of GUIDES) expect(page).toContain(guide);
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

  it("refers to nothing to load from outside, and loads Redoc and the document from beside it", () => {
    expect(remoteReferences(html)).toEqual([]);
    expect(page).not.toContain("cdn.redoc.ly");
    // Started after `load`, in order, from beside the page.
    expect(html).toContain(`<script>${startScripts(PAGE_SCRIPTS)}</script>`);
    expect(html).not.toContain('<script type="module">');
    expect(documentProblems(doc)).toEqual([]);
  });

  it("is a small page: Redoc's bundle and the document are beside it, not inside it", () => {
    expect(html.length).toBeLessThan(page.length / 5);
    expect(html).not.toContain("__redoc_definition");
  });

  it("dist/openapi.yaml is the same document as dist/openapi.json", async () => {
    const { parse } = await import("yaml");
    expect(parse(readFileSync(new URL("openapi.yaml", distDir), "utf8"))).toEqual(doc);
  });
});

describe("the build", () => {
  /** Runs the build on a scratch copy of the repository, changed by `change`. */
  async function buildCopy(
    change: (scratch: string) => void,
  ): Promise<{ code: number; stderr: string; built: Record<string, string> }> {
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
        // The SDK reference page is read from the client's declarations.
        "packages/client/dist",
      ]) {
        cpSync(path.join(repo, entry), path.join(scratch, entry), { recursive: true });
      }
      symlinkSync(path.join(repo, "node_modules"), path.join(scratch, "node_modules"));
      change(scratch);
      const run = promisify(execFile);
      const result = await run(process.execPath, [path.join(scratch, "packages/docs/scripts/build.mjs")], {
        cwd: scratch,
      }).then(
        ({ stderr }) => ({ code: 0, stderr }),
        (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
      );
      // What the build wrote, by file name (nothing when it failed).
      const dist = path.join(scratch, "packages/docs/dist");
      const built = Object.fromEntries(
        (existsSync(dist) ? readdirSync(dist) : []).map((f) => [f, readFileSync(path.join(dist, f), "utf8")]),
      );
      return { ...result, built };
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

  it("strips, naming each, the HTML and images that would load from outside: in the document, the guides and the changesets", async () => {
    // The attack's payloads, each on a host of its own, where the build takes Markdown from.
    const payloads = {
      guideIframe: "<iframe src=https://iframe.attacker.example/frame></iframe>",
      documentImg: '<img src="https://img.attacker.example/pixel.png">',
      guideImage: "![tracking](https://guide-image.attacker.example/pixel.png)",
      changesetImage: "![tracking](https://changeset-image.attacker.example/pixel.png)",
      documentLink: "<link rel=stylesheet href=https://link.attacker.example/style.css>",
      taskGuideSrcset: '<img src="local.png" srcset="https://srcset.attacker.example/2x.png 2x">',
      changesetStyle: '<span style="background:url(https://style.attacker.example/bg.png)">styled</span>',
      guideHandler: '<b onmouseover="alert(1)">bold</b>',
    };
    const result = await buildCopy((scratch) => {
      const docs = path.join(scratch, "packages/docs");
      appendFileSync(
        path.join(docs, "guides/01-getting-started.md"),
        `\n\n${payloads.guideIframe}\n\nSee ${payloads.guideImage} and ${payloads.guideHandler}.\n`,
      );
      const task = readdirSync(path.join(docs, "guides/tasks")).find((f) => f.endsWith(".md")) ?? "";
      appendFileSync(path.join(docs, "guides/tasks", task), `\n\nA picture: ${payloads.taskGuideSrcset}\n`);
      writeFileSync(
        path.join(scratch, ".changeset/zz-payload.md"),
        `---\n"@quatrix/user-api-docs": patch\n---\n\nNotes ${payloads.changesetImage} and ${payloads.changesetStyle}.\n`,
      );
      // A parsed copy of the bundled document, with HTML in an operation's and a tag's description.
      const file = path.join(docs, "generated/user-api.json");
      const document = JSON.parse(readFileSync(file, "utf8"));
      document.paths["/user"].get.description += ` ${payloads.documentImg}`;
      document.tags[0].description += `\n\n${payloads.documentLink}\n`;
      writeFileSync(file, JSON.stringify(document));
    });
    const built = Object.values(result.built).join("\n");
    for (const [name, payload] of Object.entries(payloads)) {
      const host = payload.match(/https:\/\/([^/]+)/)?.[1] ?? "";
      if (result.code === 0) {
        // Stripped: named in the build's log, and gone from every file the build wrote.
        expect(result.stderr, name).toContain(host || payload.slice(0, 12));
        expect(built, name).not.toContain(payload);
        expect(built, name).not.toContain(JSON.stringify(payload).slice(1, -1));
      } else {
        // Or refused: the build names it.
        expect(result.stderr, name).toContain(host || payload.slice(0, 12));
      }
    }
    if (result.code === 0) {
      expect(remoteReferences(result.built["index.html"] ?? "")).toEqual([]);
      expect(documentProblems(JSON.parse(result.built["openapi.json"] ?? "{}"))).toEqual([]);
      // The prose around the payloads stays.
      expect(built).toContain("styled");
    }
  });

  it("fails, naming it, on HTML the sanitiser cannot rewrite in place (a block of HTML inside a quote)", async () => {
    const result = await buildCopy((scratch) => {
      appendFileSync(
        path.join(scratch, "packages/docs/guides/02-authentication.md"),
        "\n\n> <div>\n> <iframe src=https://quoted.attacker.example/frame></iframe>\n> </div>\n",
      );
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("HTML outside the allow-list");
    expect(result.stderr).toContain('<iframe src="https://quoted.attacker.example/frame">');
    expect(result.built["index.html"]).toBeUndefined();
  });
});
