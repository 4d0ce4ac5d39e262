// @ts-check
// The client's declarations (dist/*.d.ts and *.d.mts) for `npm run dev`, built in dev's own
// process, as tsup's declaration build makes them but without starting over on each save: the
// TypeScript program is kept between builds (a file is parsed again, and its declarations
// emitted again, only when it or what it depends on changed), and the declarations are bundled
// by the same rollup-plugin-dts that tsup uses, with tsup's settings (packages/client's
// tsup.config.mts: its entries, tsconfig.build.json), into the same files. A type error fails
// the step, naming file:line:col, as tsup's does.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { rollup } from "rollup";
import dtsPlugin from "rollup-plugin-dts";
import ts from "typescript";

/** The client's entries (tsup.config.mts) and the output extension of each format. */
const ENTRIES = { index: "src/index.ts", internal: "src/internal.ts", node: "src/node/index.ts" };
const FORMATS = [".d.mts", ".d.ts"];

/**
 * A builder of the client's declarations, kept warm between calls. `build` writes them;
 * `typeErrors` then checks the program they came from (tsup checks first and writes nothing on
 * an error; the declarations are the same either way). The declarations of a changed file are
 * emitted without waiting for the check of every file that imports it.
 * @param {string} packageDir packages/client
 * @returns {{ build: () => Promise<void>, typeErrors: () => string }} typeErrors: "" when none
 */
export function clientTypesBuilder(packageDir) {
  const configFile = path.join(packageDir, "tsconfig.build.json");
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configFile,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (!parsed) throw new Error(`${configFile} cannot be read`);
  // tsup's declaration settings (rollup-plugin-dts's defaults and tsup's own) over the tsconfig's.
  /** @type {import("typescript").CompilerOptions} */
  const options = {
    ...parsed.options,
    declaration: true,
    noEmit: false,
    emitDeclarationOnly: true,
    // Checked by typeErrors, after the declarations are written.
    noEmitOnError: false,
    checkJs: false,
    declarationMap: false,
    skipLibCheck: true,
    preserveSymlinks: false,
    target: ts.ScriptTarget.ESNext,
    baseUrl: packageDir,
  };
  const src = path.join(packageDir, "src");
  const roots = [
    ...Object.values(ENTRIES).map((f) => path.join(packageDir, f)),
    ...parsed.fileNames.filter((f) => /\.d\.[cm]?ts$/.test(f)),
  ];
  /** Every declaration emitted so far, by its source's path under src/. */
  const declarations = new Map();
  /** @type {Map<string, import("typescript").SourceFile>} */
  const parsedFiles = new Map();
  /** @type {import("typescript").EmitAndSemanticDiagnosticsBuilderProgram | undefined} */
  let builder;

  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile;
  // A file whose text is unchanged keeps its parsed (and bound) tree: the library above all.
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = host.readFile(fileName);
    const known = parsedFiles.get(fileName);
    if (known && text !== undefined && known.text === text) return known;
    const file = getSourceFile.call(host, fileName, languageVersion, onError, shouldCreate);
    if (file) {
      // The builder tells files apart by version: the text's hash.
      /** @type {any} */ (file).version = createHash("sha256").update(file.text).digest("hex");
      parsedFiles.set(fileName, file);
    }
    return file;
  };

  /** The type errors of the program the last build emitted from, told as tsup tells them. */
  function typeErrors() {
    if (!builder) return "";
    const program = builder;
    const errors = [
      ...program.getConfigFileParsingDiagnostics(),
      ...program.getOptionsDiagnostics(),
      ...program.getGlobalDiagnostics(),
      ...program.getSyntacticDiagnostics(),
      ...program.getSemanticDiagnostics(),
    ].filter((d) => d.category === ts.DiagnosticCategory.Error);
    return ts.formatDiagnostics(errors, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => packageDir,
      getNewLine: () => "\n",
    });
  }

  /** @param {{ write?: boolean }} [options] write: false keeps the declarations in memory (a warm-up) */
  async function build({ write = true } = {}) {
    builder = ts.createEmitAndSemanticDiagnosticsBuilderProgram(roots, options, host, builder);
    // Only what changed (and what depends on it) is emitted again.
    builder.emit(
      undefined,
      (fileName, text, _bom, _onError, sources) => {
        const source = sources?.[0]?.fileName;
        if (source && fileName.endsWith(".d.ts")) declarations.set(path.relative(src, source), text);
      },
      undefined,
      true,
    );

    if (!write) return;
    // The declarations laid out as src/ is, for rollup-plugin-dts to bundle as tsup has it bundle src/.
    const staged = mkdtempSync(path.join(tmpdir(), "quatrix-dev-types-"));
    try {
      for (const [source, text] of declarations) {
        const file = path.join(staged, source.replace(/\.([cm]?)tsx?$/, ".d.$1ts"));
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, text);
      }
      const input = Object.fromEntries(
        Object.entries(ENTRIES).map(([name, file]) => [
          name,
          path.join(staged, path.relative("src", file).replace(/\.ts$/, ".d.ts")),
        ]),
      );
      const bundle = await rollup({
        input,
        onwarn(warning, handler) {
          if (["UNRESOLVED_IMPORT", "CIRCULAR_DEPENDENCY", "EMPTY_BUNDLE"].includes(warning.code ?? "")) return;
          handler(warning);
        },
        plugins: [dtsPlugin({ compilerOptions: options })],
        external: [/^openapi-fetch($|\/|\\)/],
      });
      const dist = path.join(packageDir, "dist");
      const started = Date.now();
      const written = new Set();
      for (const extension of FORMATS) {
        const { output } = await bundle.write({
          dir: dist,
          format: "esm",
          exports: "named",
          entryFileNames: `[name]${extension}`,
          // A chunk is named after its first module: `operations.d.ts` here, `operations.ts` for tsup.
          chunkFileNames: (chunk) => `${chunk.name.replace(/\.d$/, "")}-[hash]${extension}`,
        });
        for (const chunk of output) written.add(chunk.fileName);
      }
      await bundle.close();
      // As tsup's build does (it empties them first): no declaration of an earlier build is left.
      for (const name of readdirSync(dist)) {
        if (/\.d\.[cm]?ts$/.test(name) && !written.has(name) && statSync(path.join(dist, name)).mtimeMs < started) {
          rmSync(path.join(dist, name));
        }
      }
    } finally {
      rmSync(staged, { recursive: true, force: true });
    }
  }

  return { build, typeErrors };
}

/**
 * The builder in a worker thread of its own, so that dev's process goes on serving, restarting
 * the mock and answering the page while the compiler works. Requests are served in order.
 * @param {string} packageDir packages/client
 */
export function clientTypesWorker(packageDir) {
  const worker = new Worker(new URL(import.meta.url), { workerData: { clientTypes: packageDir } });
  worker.unref();
  let next = 0;
  /** @type {Map<number, { resolve: (v: any) => void, reject: (e: Error) => void }>} */
  const waiting = new Map();
  worker.on("message", ({ id, error, result }) => {
    const request = waiting.get(id);
    waiting.delete(id);
    if (error !== undefined) request?.reject(new Error(error));
    else request?.resolve(result);
  });
  worker.on("error", (error) => {
    for (const request of waiting.values()) request.reject(error);
    waiting.clear();
  });
  /** @param {"warm" | "build" | "check"} type */
  const ask = (type) =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, type });
    });
  return {
    /** Parses and emits everything once, writing nothing: the first save is then as quick as the next. */
    warm: () => /** @type {Promise<void>} */ (ask("warm")),
    /** Writes the declarations; resolves with the seconds it took. */
    build: () => /** @type {Promise<number>} */ (ask("build")),
    /** The type errors of what the last build wrote ("" when none). */
    typeErrors: () => /** @type {Promise<string>} */ (ask("check")),
    stop: () => worker.terminate(),
  };
}

if (!isMainThread && workerData?.clientTypes) {
  const { build, typeErrors } = clientTypesBuilder(workerData.clientTypes);
  /** @type {Promise<unknown>} */
  let queue = Promise.resolve();
  parentPort?.on("message", ({ id, type }) => {
    queue = queue.then(async () => {
      try {
        const started = performance.now();
        let result;
        if (type === "check") result = typeErrors();
        else {
          await build({ write: type === "build" });
          result = (performance.now() - started) / 1000;
        }
        parentPort?.postMessage({ id, result });
      } catch (error) {
        parentPort?.postMessage({ id, error: String(/** @type {Error} */ (error)?.message ?? error) });
      }
    });
  });
}
