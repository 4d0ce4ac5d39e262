#!/usr/bin/env node
// @ts-check
// `npm run dev`: the contributor's live loop. Watches the document, the generator, the client's
// and the mock's sources and the docs' samples and guides; on each save it lints, regenerates
// and rebuilds only what the change touches, restarts the mock in place (same port, its state
// reset from the document) and reloads the docs page in the browser. A broken document is shown
// as `file:line:col: message` with a code frame, in the terminal and as an overlay on the page,
// while the last good build keeps being served. Ctrl-C stops everything it started.
//
//   npm run dev [-- --docs-port 4020 --mock-port 4010]   (0 picks free ports)
//
// Everything it serves listens on 127.0.0.1 only. The steps are the repository's own commands
// (Redocly's lint, scripts/generate.mjs, tsup, the docs build), run as child processes in process
// groups of their own, so stopping them stops what they started too; the lint and the generator
// are started ahead of the next save (scripts/dev/ready-command.mjs). What gains from staying
// loaded runs in this process: the docs page's data (packages/docs/scripts/reference.mjs, its
// HTML kept from the last full build, which follows when the saves pause) and, in a worker, the
// client's declarations (scripts/dev/client-types.mjs, the same files as tsup's).
import { spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  watch,
  writeFileSync,
} from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, stripVTControlCharacters } from "node:util";
import { parse } from "yaml";
import { DATA_FILE } from "../packages/docs/scripts/page-files.mjs";
import {
  dataScriptFor,
  pageDocument,
  referenceDocument,
  writeDocumentFiles,
} from "../packages/docs/scripts/reference.mjs";
import { sdkReference } from "../packages/docs/scripts/sdk-reference.mjs";
import { missingParts, RULES_FILE, SAMPLES_DIR } from "./codegen/report.mjs";
import { clientTypesWorker } from "./dev/client-types.mjs";
import { devPageScript, overlayState } from "./dev/page.mjs";
import { quiet } from "./redocly.mjs";

const root = path.resolve(fileURLToPath(import.meta.url), "../..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const DOCUMENT = "openapi/user-api.yaml";
const MODEL = "packages/docs/generated/model.json";

const { values: flags } = parseArgs({
  options: {
    "docs-port": { type: "string", default: "4020" },
    "mock-port": { type: "string", default: "4010" },
  },
});

/** @typedef {"lint" | "generate" | "client" | "mock" | "docs"} Step */
/** @typedef {{ file: string, line: number, col: number, message: string, frame: string }} Broken */

/** What a changed file needs rebuilt; undefined for a file the loop does not follow. */
function stepsFor(/** @type {string} */ file) {
  if (/(^|\/)(generated|dist|test|node_modules|\.turbo)\//.test(file)) return undefined;
  if (file.startsWith("openapi/") || file === "redocly.yaml") return ["lint", "generate", "docs"];
  // The mock reads the client's model at run time: a new client restarts it, with no mock build.
  if (file.startsWith("scripts/codegen/") || file === "scripts/generate.mjs") return ["generate", "client", "docs"];
  if (file.startsWith("packages/client/src/")) return ["client", "docs"];
  if (file.startsWith("packages/mock-server/src/")) return ["mock"];
  if (/^packages\/docs\/(examples|guides|scripts|theme)\/|^packages\/docs\/front-page\.md$/.test(file)) return ["docs"];
  return undefined;
}

// ---- child processes ------------------------------------------------------------------------

/** Every child process running now, so that stopping stops them all. */
const children = new Set();

const stepEnv = (/** @type {Record<string, string>} */ env = {}) => ({
  ...process.env,
  REDOCLY_TELEMETRY: "off",
  REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
  FORCE_COLOR: "0",
  ...env,
});

/**
 * Runs a command in a process group of its own; resolves with its exit code and output.
 * @param {string} command
 * @param {string[]} args
 * @param {string} [cwd]
 * @param {Record<string, string>} [env]
 * @returns {Promise<{ code: number, output: string, seconds: number }>}
 */
function runStep(command, args, cwd = root, env = {}) {
  const started = performance.now();
  const child = spawn(command, args, { cwd, detached: true, stdio: ["ignore", "pipe", "pipe"], env: stepEnv(env) });
  children.add(child);
  return outcome(child, started);
}

/**
 * A child's exit code and output, once it has ended.
 * @param {import("node:child_process").ChildProcess} child
 * @param {number} started
 * @returns {Promise<{ code: number, output: string, seconds: number }>}
 */
function outcome(child, started) {
  return new Promise((resolve) => {
    let output = "";
    child.stdout?.on("data", (d) => {
      output += d;
    });
    child.stderr?.on("data", (d) => {
      output += d;
    });
    // A command that cannot start (not installed) fails its step, with why.
    child.on("error", (error) => {
      output += `${error.message}\n`;
    });
    child.on("close", (code) => {
      children.delete(child);
      resolve({ code: code ?? 1, output, seconds: (performance.now() - started) / 1000 });
    });
  });
}

// The lint and the generator, started ahead of the next save (scripts/dev/ready-command.mjs):
// Node.js and their modules are loaded while nothing else runs, and a save waits for the work
// alone. Each runs with the arguments it always has here.
const LINT = ["lint", DOCUMENT, "--format=stylish"];
/** @type {Record<"lint" | "generate", () => string[] | undefined>} */
const READY = {
  lint: () => {
    try {
      const entry = realpathSync(bin("redocly"));
      return entry.endsWith(".js") ? [entry, ...LINT] : undefined;
    } catch {
      return undefined; // not installed: the lint step says so
    }
  },
  generate: () => [path.join(root, "scripts/generate.mjs"), "--no-report"],
};
/** @type {Map<keyof READY, import("node:child_process").ChildProcess>} */
const ready = new Map();

function prepare(/** @type {keyof READY} */ name) {
  if (ready.has(name) || stopping) return;
  const command = READY[name]();
  if (!command) return;
  const child = spawn(process.execPath, [path.join(root, "scripts/dev/ready-command.mjs"), ...command], {
    cwd: root,
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
    env: stepEnv(),
  });
  children.add(child);
  child.on("error", () => undefined);
  child.on("exit", () => {
    children.delete(child);
    if (ready.get(name) === child) ready.delete(name);
  });
  ready.set(name, child);
}

/** A command started ahead is dropped when its own code changed since it loaded it. */
function discard(/** @type {keyof READY} */ name) {
  const child = ready.get(name);
  ready.delete(name);
  if (child) stopGroup(child);
}

/**
 * Runs a command: the one started ahead when it is ready, else a new one.
 * @param {keyof READY} name
 * @returns {Promise<{ code: number, output: string, seconds: number }>}
 */
function runReady(name) {
  const child = ready.get(name);
  ready.delete(name);
  if (child && child.exitCode === null && child.signalCode === null && child.stdin) {
    const result = outcome(child, performance.now());
    child.stdin.end("\n");
    return result;
  }
  const [command, ...args] = READY[name]() ?? [];
  return name === "lint" || !command ? runStep(bin("redocly"), LINT) : runStep(process.execPath, [command, ...args]);
}

/** Runs the lint, its output quietened as scripts/redocly.mjs does. */
const runLint = () => runReady("lint").then((r) => ({ ...r, output: quiet(r.output) }));

function stopGroup(/** @type {import("node:child_process").ChildProcess} */ child) {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
  } catch {
    // already gone
  }
}

// ---- the mock -------------------------------------------------------------------------------

/** @type {import("node:child_process").ChildProcess | undefined} */
let mock;
/** The client's declarations, built in a worker thread (scripts/dev/client-types.mjs). */
/** @type {ReturnType<typeof clientTypesWorker>} */
let clientDeclarations;
let mockPort = Number(flags["mock-port"]);
let mockUrl = "";

/** Starts the mock (again, on the same port once it has one); resolves with its base URL. */
async function startMock() {
  if (mock) {
    const old = mock;
    const exited = new Promise((resolve) => old.once("exit", resolve));
    stopGroup(old);
    await exited;
  }
  const child = spawn(
    process.execPath,
    [path.join(root, "packages/mock-server/bin/quatrix-user-api-mock.cjs"), "--port", String(mockPort), "--quiet"],
    { cwd: root, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  children.add(child);
  mock = child;
  child.on("exit", () => children.delete(child));
  const url = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const line = out.split("\n").find((l) => /^http:\/\//.test(l));
      if (line) resolve(line.trim());
    });
    child.stderr.on("data", (d) => {
      out += d;
    });
    child.once("exit", (code) => reject(new Error(`the mock exited (${code}): ${out.trim()}`)));
  });
  mockUrl = /** @type {string} */ (url);
  mockPort = Number(new URL(mockUrl).port);
  return mockUrl;
}

// ---- the docs server ------------------------------------------------------------------------

const served = mkdtempSync(path.join(tmpdir(), "quatrix-dev-docs-"));
/** @type {Broken | undefined} */
let broken;
let builds = 0;
/** @type {Set<http.ServerResponse>} */
const listeners = new Set();

function broadcast(/** @type {string} */ event, /** @type {unknown} */ data) {
  for (const res of listeners) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".yaml": "text/yaml",
};

const docsServer = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  if (url.pathname === "/__dev/events") {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
    res.write(`event: hello\ndata: ${JSON.stringify(overlayState(broken, builds))}\n\n`);
    listeners.add(res);
    req.on("close", () => listeners.delete(res));
    return;
  }
  if (url.pathname === "/__dev/status") {
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify({ ...overlayState(broken, builds), mock: mockUrl }));
    return;
  }
  const name = url.pathname === "/" ? "index.html" : decodeURIComponent(url.pathname.slice(1));
  const file = path.join(served, name);
  if (!file.startsWith(served + path.sep) || !existsSync(file)) {
    res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    return;
  }
  const type = TYPES[/** @type {keyof typeof TYPES} */ (path.extname(file))] ?? "application/octet-stream";
  let body = readFileSync(file);
  if (file.endsWith(".html")) {
    const html = body.toString("utf8");
    const script = devPageScript(overlayState(broken, builds));
    // Before the last </body>: the page's inlined scripts hold the string too.
    const end = html.lastIndexOf("</body>");
    body = Buffer.from(end < 0 ? html + script : `${html.slice(0, end)}${script}${html.slice(end)}`);
  }
  res.writeHead(200, { "content-type": type, "cache-control": "no-store" }).end(body);
});

// ---- a broken document ----------------------------------------------------------------------

/** The first `file:line:col: message` of a step's output (generate's, or the lint's stylish report). */
function brokenFrom(/** @type {string} */ coloured) {
  // Redocly colours its report whatever FORCE_COLOR says.
  const output = stripVTControlCharacters(coloured);
  const located = output.match(/([\w./-]+\.ya?ml):(\d+):(\d+):? (.+)/);
  let file;
  let line;
  let col;
  let message;
  if (located) [, file, line, col, message] = located;
  else {
    // Redocly's stylish format: the file on a line of its own, then `  line:col  error  rule  message`.
    const fileLine = output.match(/^([\w./-]+\.ya?ml):?\s*$/m);
    const problem = output.match(/^\s+(\d+):(\d+)\s+error\s+(\S+)\s+(.+)$/m);
    if (!problem) return { file: DOCUMENT, line: 0, col: 0, message: lastLines(output), frame: "" };
    file = fileLine?.[1] ?? DOCUMENT;
    [, line, col] = problem;
    message = `${problem[4]} (${problem[3]})`;
  }
  const relative = path.relative(root, path.resolve(root, file ?? DOCUMENT));
  return {
    file: relative,
    line: Number(line),
    col: Number(col),
    message: String(message).trim(),
    frame: codeFrame(relative, Number(line), Number(col)),
  };
}

function lastLines(/** @type {string} */ text) {
  return text.trim().split("\n").slice(-6).join("\n");
}

/** Two lines either side of the place, with a caret under its column. */
function codeFrame(/** @type {string} */ file, /** @type {number} */ line, /** @type {number} */ col) {
  let lines;
  try {
    lines = readFileSync(path.join(root, file), "utf8").split("\n");
  } catch {
    return "";
  }
  const from = Math.max(1, line - 2);
  const to = Math.min(lines.length, line + 2);
  const width = String(to).length;
  const out = [];
  for (let n = from; n <= to; n++) {
    out.push(`${n === line ? ">" : " "} ${String(n).padStart(width)} | ${lines[n - 1] ?? ""}`);
    if (n === line) out.push(`  ${" ".repeat(width)} | ${" ".repeat(Math.max(0, col - 1))}^`);
  }
  return out.join("\n");
}

// ---- the rebuild ----------------------------------------------------------------------------

/**
 * The model without its words (descriptions, summaries, titles): when it is what the client and
 * the mock were last built from, an edit changed only words, which the docs page alone shows.
 * Examples count: the mock's default account and its answers come from them.
 */
function modelShape() {
  const file = path.join(root, MODEL);
  if (!existsSync(file)) return undefined;
  return JSON.stringify(withoutWords(JSON.parse(readFileSync(file, "utf8"))));
}

const WORDS = new Set(["description", "summary", "title"]);
/** @returns {unknown} */
function withoutWords(/** @type {unknown} */ node) {
  if (Array.isArray(node)) return node.map(withoutWords);
  if (node === null || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node).flatMap(([key, value]) =>
      // A property named `description` is a property, not words: kept under `properties`.
      WORDS.has(key) && typeof value === "string" ? [] : [[key, withoutWords(value)]],
    ),
  );
}

/** The shape the client and the mock were last built from: compared after each generate. */
let builtShape = modelShape();

/** The bundle and the model `npm run generate` last wrote. */
function generatedInputs() {
  const generated = path.join(root, "packages/docs/generated");
  return {
    document: JSON.parse(readFileSync(path.join(generated, "user-api.json"), "utf8")),
    model: JSON.parse(readFileSync(path.join(generated, "model.json"), "utf8")),
  };
}

/**
 * A save that changed only words of the document is shown before the generator has finished:
 * the page is made from the document as saved once the lint has passed. That holds while the
 * bundle is the document itself (no $ref to another file: then Redocly's bundle is the parsed
 * YAML), which each generate checks; the model's shape (all the page takes from the model) is
 * then the last one's. When the check fails, the page is made again from the generator's files.
 * @type {{ documentShape: string, model: unknown } | undefined}
 */
let lastGood;
function rememberGenerated() {
  const { document, model } = generatedInputs();
  lastGood = { documentShape: JSON.stringify(withoutWords(document)), model };
}

/** The saved document, when only its words changed since the last good build; else undefined. */
function proseOnlyDocument() {
  if (!lastGood) return undefined;
  let document;
  try {
    document = parse(readFileSync(path.join(root, DOCUMENT), "utf8"));
  } catch {
    return undefined; // the lint and the generator say where
  }
  const text = JSON.stringify(document);
  if (/"\$ref":"(?!#)/.test(text)) return undefined;
  return JSON.stringify(withoutWords(document)) === lastGood.documentShape ? { document, text } : undefined;
}

const seconds = (/** @type {number} */ s) => `${s.toFixed(1)} s`;

// ---- the docs page ---------------------------------------------------------------------------

/**
 * The last full build of the page (packages/docs/dist): its HTML and Redoc's bundle are what a
 * change of the document's words or shapes leaves as they were; only its data script (the
 * document) changes. Read after each full build.
 * @type {{ data: string } | undefined}
 */
let shell;
function readShell() {
  shell = { data: readFileSync(path.join(root, "packages/docs/dist", DATA_FILE), "utf8") };
}

/**
 * Files whose change the page's data alone cannot show: Redocly's settings and the page's theme
 * change the HTML, and the docs' build scripts are loaded in this process once (a change of
 * them is run by a new process).
 */
const needsFullPage = (/** @type {string} */ file) =>
  file === "redocly.yaml" || /^packages\/docs\/(scripts|theme)\//.test(file);

/**
 * Whether the page may be made in this process: not once the docs' build scripts changed, since
 * this process holds them as they were when it started (restarting `npm run dev` makes it quick
 * again).
 */
let docsInProcess = true;

/**
 * The page from the document `npm run generate` wrote, in this process (reference.mjs, with the
 * SDK reference's compiler kept warm): the document files and the page's data script are written
 * to the served folder; the HTML and Redoc's bundle stay those of the last full build.
 * @returns {{ code: number, output: string, seconds: number }}
 */
function docsData(inputs = generatedInputs()) {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const { document, version, removed, unsafe } = referenceDocument({
      root,
      document: structuredClone(inputs.document),
      model: inputs.model,
      guideCode: path.join(root, "packages/docs/test/generated/guides"),
    });
    const output = removed.map((what) => `removed from the reference: ${what}\n`).join("");
    if (unsafe.length > 0) {
      return {
        code: 1,
        output: `${output}The reference's Markdown holds HTML outside the allow-list:\n  ${unsafe.join("\n  ")}`,
        seconds: seconds(),
      };
    }
    const data = shell && dataScriptFor(shell.data, pageDocument(document, version));
    if (data === undefined) return { code: 1, output: "the page's data script is not Redocly's", seconds: seconds() };
    if (data.includes("cdn.redoc.ly")) {
      return {
        code: 1,
        output: `dist/index.html would load from outside:\n  ${DATA_FILE}: Redoc's logo from its CDN`,
        seconds: seconds(),
      };
    }
    const next = mkdtempSync(path.join(tmpdir(), "quatrix-dev-data-"));
    writeDocumentFiles(next, document);
    writeFileSync(path.join(next, DATA_FILE), data);
    // Each file replaced whole (a rename), never served half written.
    for (const name of readdirSync(next)) renameSync(path.join(next, name), path.join(served, name));
    rmSync(next, { recursive: true, force: true });
    return { code: 0, output, seconds: seconds() };
  } catch (error) {
    return { code: 1, output: String(/** @type {Error} */ (error)?.message ?? error), seconds: seconds() };
  }
}

/** The full page build (build.mjs, Redocly's prerender), as `npm run build` runs it. */
const fullPage = () => runStep(process.execPath, [path.join(root, "packages/docs/scripts/build.mjs")]);

/** Puts the last full build in the served folder. */
function serveFullPage() {
  const next = mkdtempSync(path.join(tmpdir(), "quatrix-dev-page-"));
  cpSync(path.join(root, "packages/docs/dist"), next, { recursive: true });
  for (const name of readdirSync(next)) renameSync(path.join(next, name), path.join(served, name));
  rmSync(next, { recursive: true, force: true });
  readShell();
}

/**
 * After a page made from its data, the full build follows once the saves pause, so that the
 * page served (and packages/docs/dist) becomes the very page `npm run build` makes, prerendered
 * HTML included; the open page needs no reload for it. A save meanwhile stops it.
 */
const PRERENDER_AFTER_MS = 2000;
/** @type {NodeJS.Timeout | undefined} */
let prerenderTimer;
/** @type {Promise<unknown> | undefined} */
let prerendering;
let rebuilds = 0;

function schedulePrerender() {
  clearTimeout(prerenderTimer);
  prerenderTimer = setTimeout(() => {
    const startedAt = rebuilds;
    prerendering = (async () => {
      const result = await fullPage();
      // Stale once a rebuild started since: that rebuild schedules its own.
      if (rebuilds !== startedAt || stopping) return;
      if (result.code !== 0) {
        broken = {
          file: "packages/docs",
          line: 0,
          col: 0,
          message: `docs build failed:\n${lastLines(result.output)}`,
          frame: "",
        };
        console.error(`\ndev: ${broken.message}\ndev: still serving the last good build.`);
        broadcast("broken", overlayState(broken, builds));
        return;
      }
      serveFullPage();
      console.log(`dev: page prerendered as \`npm run build\` makes it (${seconds(result.seconds)})`);
    })().finally(() => {
      prerendering = undefined;
    });
  }, PRERENDER_AFTER_MS);
}

/** Stops a pending or running prerender: a new rebuild is under way. */
async function cancelPrerender() {
  clearTimeout(prerenderTimer);
  const running = [...children].filter((c) => c.spawnargs.some((a) => a.endsWith("packages/docs/scripts/build.mjs")));
  for (const child of running) stopGroup(child);
  await prerendering;
}

// ---- the rebuild ----------------------------------------------------------------------------

/**
 * Runs the steps in their order: lint and generate side by side; then, when the model changed
 * beyond prose or the code did, the client's JavaScript (the mock restarts on it at once) beside
 * the client's declarations; the docs page after them, made in this process from its data.
 * @param {Set<Step>} steps
 * @param {string[]} files
 */
async function rebuild(steps, files) {
  rebuilds++;
  await cancelPrerender();
  if (files.some((f) => f.startsWith("scripts/codegen/") || f === "scripts/generate.mjs")) discard("generate");
  if (docsInProcess && files.some((f) => f.startsWith("packages/docs/scripts/"))) {
    docsInProcess = false;
    console.log("dev: the docs' build scripts changed: each page is now a full build (restart dev to be quick again)");
  }
  if (files.includes("redocly.yaml")) discard("lint");
  const started = performance.now();
  const done = [];
  /** When the page was shown before the generator finished (a change of words only). */
  let shownEarly;
  if (steps.has("lint") || steps.has("generate")) {
    const prose =
      steps.has("lint") && steps.has("generate") && !broken && files.every((f) => f === DOCUMENT)
        ? proseOnlyDocument()
        : undefined;
    const linting = steps.has("lint") ? runLint() : undefined;
    const generating = steps.has("generate") ? runReady("generate") : undefined;
    if (prose && lastGood && linting && docsInProcess) {
      const model = lastGood.model;
      if ((await linting).code === 0) {
        const page = docsData({ document: prose.document, model });
        if (page.code === 0) {
          shownEarly = { page, at: (performance.now() - started) / 1000 };
          // Counted as the build it is: a page that loads from now on is this one.
          builds++;
          broadcast("reload", overlayState(broken, builds));
          console.log(
            `dev: ${files.join(", ")} → lint, docs ${seconds(page.seconds)}; shown in ${seconds(shownEarly.at)} (generate still running)`,
          );
        }
      }
    }
    const [lint, generate] = await Promise.all([linting, generating]);
    const failed = [generate, lint].find((r) => r && r.code !== 0);
    if (failed) {
      broken = brokenFrom(failed.output);
      console.error(
        `\ndev: ${broken.file}:${broken.line}:${broken.col}: ${broken.message}\n${broken.frame}\n` +
          "dev: still serving the last good build; fix the document and save.",
      );
      broadcast("broken", overlayState(broken, builds));
      return;
    }
    if (lint) done.push(`lint ${seconds(lint.seconds)}`);
    if (generate) done.push(`generate ${seconds(generate.seconds)}`);
    if (steps.has("generate") && !steps.has("client") && modelShape() !== builtShape) {
      steps.add("client");
    }
    if (generate) {
      // The page shown early stands when the generator bundled the very document it was made from.
      const bundled = JSON.stringify(generatedInputs().document);
      if (shownEarly && prose && bundled === prose.text && !steps.has("client")) {
        steps.delete("docs");
        done.push(`docs ${seconds(shownEarly.page.seconds)} (shown at ${seconds(shownEarly.at)}, before generate)`);
      } else shownEarly = undefined;
      rememberGenerated();
    }
  }
  const js = { QUATRIX_BUILD: "js" };
  /** @param {"client" | "mock"} step @param {string[]} [args] @param {Record<string, string>} [env] */
  const build = async (step, args = [], env = {}) => {
    const dir = step === "client" ? "packages/client" : "packages/mock-server";
    const result = await runStep(bin("tsup"), args, path.join(root, dir), env);
    if (result.code !== 0) throw new Error(`${step} build failed:\n${lastLines(result.output)}`);
    return result.seconds;
  };
  /** @type {(string | undefined)[]} */
  const failures = [];
  const failure = (/** @type {unknown} */ error) => {
    failures.push(/** @type {Error} */ (error).message);
  };
  const shape = steps.has("client") ? modelShape() : undefined;
  // The client's JavaScript (its dev build keeps the declarations in dist/) and its
  // declarations, side by side. The mock imports the client's `internal` entry at run time, so a
  // new model needs no mock build: a restart reads it.
  const clientJs = steps.has("client")
    ? build("client", [], js).then((s) => done.push(`client ${seconds(s)}`))
    : undefined;
  const clientTypes = steps.has("client")
    ? clientDeclarations.build().then((s) => done.push(`client types ${seconds(s)}`))
    : undefined;
  const mock = (async () => {
    await clientJs;
    if (steps.has("mock")) done.push(`mock ${seconds(await build("mock", [], js))}`);
    if (steps.has("client") || steps.has("mock")) {
      const restarting = performance.now();
      await startMock();
      done.push(`mock restarted ${seconds((performance.now() - restarting) / 1000)}`);
    }
    if (steps.has("mock")) done.push(`mock types ${seconds(await build("mock", ["--dts-only"]))}`);
  })().catch(failure);
  // The docs' SDK reference reads the client's declarations: after a client build, it waits for them.
  const docs = (async () => {
    await clientTypes;
    if (!steps.has("docs") && !steps.has("client")) return undefined;
    if (!docsInProcess || files.some(needsFullPage)) {
      const result = await fullPage();
      if (result.code === 0) serveFullPage();
      return result;
    }
    return docsData();
  })().catch((error) => {
    failure(error);
    return undefined;
  });
  await clientJs?.catch(() => undefined);
  const [docsResult] = await Promise.all([docs, mock, clientTypes?.catch(() => undefined)]);
  if (docsResult && docsResult.code !== 0) failures.push(`docs build failed:\n${lastLines(docsResult.output)}`);
  // The check of the client's types, after its declarations are out (tsup checks before it
  // writes; what it writes is the same).
  if (clientTypes && failures.length === 0) {
    const checking = performance.now();
    const errors = await clientDeclarations.typeErrors();
    if (errors) failures.push(`client types failed:\n${lastLines(errors)}`);
    else done.push(`client type check ${seconds((performance.now() - checking) / 1000)}`);
  }
  if (failures.length > 0) {
    broken = { file: files[0] ?? DOCUMENT, line: 0, col: 0, message: failures.join("\n"), frame: "" };
    console.error(`\ndev: ${broken.message}\ndev: still serving the last good build.`);
    broadcast("broken", overlayState(broken, builds));
    return;
  }
  if (shape !== undefined) builtShape = shape;
  if (docsResult) {
    done.push(`docs ${seconds(docsResult.seconds)}`);
    if (docsInProcess && !files.some(needsFullPage)) schedulePrerender();
  }
  if (shownEarly) schedulePrerender();
  broken = undefined;
  // The page shown early is the page: no second build, no second reload.
  if (!shownEarly) {
    builds++;
    broadcast("reload", overlayState(broken, builds));
  }
  console.log(
    `dev: ${files.join(", ")} → ${done.join(", ")}; done in ${seconds((performance.now() - started) / 1000)}`,
  );
  if (files.some(readByReport)) reportMissing();
}

/** Whether a file is one `npm run generate`'s report reads: the document, a sample, the mock's rules. */
const readByReport = (/** @type {string} */ file) =>
  file === DOCUMENT || file.startsWith(`${SAMPLES_DIR}/`) || file === RULES_FILE;

/** The report last printed, so that a save which leaves it as it was does not print it again. */
let lastReport = "";

/**
 * What the operations still lack (`npm run generate`'s report, which generate here skips): a
 * sample that does not pass a required parameter, a missing rule, a changeset to write.
 */
function reportMissing(quietWhenComplete = false) {
  let lines;
  try {
    const { errors, notices } = missingParts(root, JSON.parse(readFileSync(path.join(root, MODEL), "utf8")));
    lines = [...errors.map((e) => `dev: still lacks: ${e}`), ...notices.map((n) => `dev: notice: ${n}`)];
  } catch (error) {
    lines = [`dev: the report of what the operations lack failed: ${/** @type {Error} */ (error).message}`];
  }
  const text = lines.join("\n");
  if (text === lastReport) return;
  lastReport = text;
  if (text || !quietWhenComplete) console.log(text || "dev: every operation has its sample, rule and changeset");
}

// ---- the watch loop -------------------------------------------------------------------------

/** @type {Map<string, Step[]>} */
let pending = new Map();
let running = false;
/** @type {NodeJS.Timeout | undefined} */
let timer;

function changed(/** @type {string} */ file) {
  const steps = stepsFor(file);
  if (!steps) return;
  pending.set(file, steps);
  clearTimeout(timer);
  // Editors save in bursts (a temporary file, a rename): one rebuild per burst.
  timer = setTimeout(drain, 80);
}

async function drain() {
  if (running || pending.size === 0) return;
  running = true;
  const batch = pending;
  pending = new Map();
  try {
    await rebuild(new Set([...batch.values()].flat()), [...batch.keys()]);
  } catch (error) {
    console.error(`dev: ${/** @type {Error} */ (error).message}`);
  } finally {
    running = false;
    if (pending.size > 0) setImmediate(drain);
    else {
      prepare("lint");
      prepare("generate");
    }
  }
}

const WATCHED = ["openapi", "scripts/codegen", "packages/client/src", "packages/mock-server/src", "packages/docs"];
/** @type {Map<string, import("node:fs").FSWatcher>} */
const watchers = new Map();

/**
 * Watches a folder and its subfolders, one watcher each: a folder's watcher sees a file that an
 * editor replaces (written aside, then renamed over it), where a watcher of the file would lose
 * it. A folder created later is watched from its first event.
 * @param {string} dir from the root
 */
function watchTree(dir) {
  if (watchers.has(dir) || (stepsFor(`${dir}/x`) === undefined && !WATCHED.includes(dir))) return;
  const full = path.join(root, dir);
  if (!existsSync(full)) return;
  watchers.set(
    dir,
    watch(full, (_event, name) => {
      if (!name) return;
      const file = `${dir}/${name}`;
      if (existsSync(path.join(root, file)) && statSync(path.join(root, file)).isDirectory()) watchTree(file);
      else changed(file);
    }),
  );
  for (const entry of readdirSync(full, { withFileTypes: true })) {
    if (entry.isDirectory()) watchTree(`${dir}/${entry.name}`);
  }
}

// ---- start and stop ------------------------------------------------------------------------

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  clearTimeout(prerenderTimer);
  await clientDeclarations?.stop();
  for (const w of watchers.values()) w.close();
  for (const res of listeners) res.end();
  docsServer.close();
  docsServer.closeAllConnections();
  const exits = [...children].map(
    (c) => new Promise((resolve) => (c.exitCode !== null ? resolve(undefined) : c.once("exit", resolve))),
  );
  for (const child of children) stopGroup(child);
  await Promise.race([Promise.all(exits), new Promise((resolve) => setTimeout(resolve, 3000).unref())]);
  for (const child of children) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    } catch {
      // gone
    }
  }
  rmSync(served, { recursive: true, force: true });
  console.log("dev: stopped");
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

console.log("dev: building (turbo replays what has not changed) …");
const first = await runStep(bin("turbo"), ["run", "build", "--output-logs=errors-only"]);
if (first.code !== 0) {
  console.error(`dev: the build failed; fix it, then run \`npm run dev\` again:\n${lastLines(first.output)}`);
  process.exit(1);
}
cpSync(path.join(root, "packages/docs/dist"), served, { recursive: true });
readShell();
// What the client and the mock were built from, and the bundle a change of words is checked against.
builtShape = modelShape();
rememberGenerated();
// The client's declarations are built in a worker that keeps the compiler warm; it parses and
// checks the client once now, in the background.
clientDeclarations = clientTypesWorker(path.join(root, "packages/client"));
clientDeclarations.warm().catch((error) => console.error(`dev: the client's types: ${error.message}`));
// The SDK reference's compiler warmed once (the TypeScript library parsed): the first save is
// as quick as the next.
sdkReference();
await startMock();
prepare("lint");
prepare("generate");
await new Promise((resolve) => docsServer.listen(Number(flags["docs-port"]), "127.0.0.1", () => resolve(undefined)));
const docsUrl = `http://127.0.0.1:${/** @type {import("node:net").AddressInfo} */ (docsServer.address()).port}/`;
for (const dir of WATCHED) watchTree(dir);
// Two files outside the watched folders: the lint's and the docs' settings, and the generator's entry.
for (const [dir, file] of [
  [".", "redocly.yaml"],
  ["scripts", "generate.mjs"],
]) {
  watchers.set(
    `${dir}/${file}`,
    watch(path.join(root, dir), (_event, name) => {
      if (name === file) changed(dir === "." ? file : `${dir}/${file}`);
    }),
  );
}
console.log(`dev: docs ${docsUrl}\ndev: mock ${mockUrl}\ndev: watching ${WATCHED.join(", ")}; Ctrl-C stops`);
reportMissing(true);
