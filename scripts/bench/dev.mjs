// `npm run bench -- dev`: how live `npm run dev` feels, in a scratch copy of the checkout (the
// real document is never edited): from the save of a description edit to the page showing it
// (reloaded in Chromium by the page's own listener, or fetched over HTTP where Chromium is
// missing), and from the save of a new optional property to the mock answering with it and to
// the client's built types having it. Medians of a few rounds, with the machine's load.
//   BENCH_DEV_BASELINE=<another checkout>   its `npm run dev` measured beside this one's, round by
//                                           round in alternating order (e.g. a clone at main)
//   BENCH_DEV_ROUNDS=<n>                    rounds of each edit (default 3)
// After the rounds, a consumer's file is compiled against the client package the loop built (the
// new property read from its named type), and what dev printed for each rebuild is kept.
import { execFileSync, spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse, stringify } from "yaml";

const DOCUMENT = "openapi/user-api.yaml";

/** A copy of the working tree (as git would commit it), with node_modules linked. */
function scratchCopy(root) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "quatrix-bench-dev-"));
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
  })
    .split("\0")
    .filter((f) => f && existsSync(path.join(root, f)));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    cpSync(path.join(root, file), path.join(dir, file));
  }
  mkdirSync(path.join(dir, "node_modules", "@quatrix"), { recursive: true });
  for (const entry of readdirSync(path.join(root, "node_modules"))) {
    if (entry === "@quatrix" || entry === ".package-lock.json" || entry === ".cache") continue;
    symlinkSync(path.join(root, "node_modules", entry), path.join(dir, "node_modules", entry));
  }
  for (const link of readdirSync(path.join(root, "node_modules", "@quatrix"))) {
    symlinkSync(
      readlinkSync(path.join(root, "node_modules", "@quatrix", link)),
      path.join(dir, "node_modules", "@quatrix", link),
    );
  }
  return dir;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const middle = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[middle] : (s[middle - 1] + s[middle]) / 2;
};
const round1 = (n) => Math.round(n * 10) / 10;

async function until(check, ms = 600_000, dev = undefined) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    if (dev && dev.exitCode !== null) throw new Error(`npm run dev exited (${dev.exitCode})`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("npm run dev did not get there in time");
}

/** `npm run dev` started in a scratch copy of `root`, with its URLs once it is up. */
async function startDev(root, label) {
  const dir = scratchCopy(root);
  const run = { label, dir, output: "", dev: undefined, docsUrl: "", mockUrl: "", page: undefined };
  run.dev = spawn(process.execPath, ["scripts/dev.mjs", "--docs-port", "0", "--mock-port", "0"], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  run.dev.stdout.on("data", (d) => {
    run.output += d;
  });
  run.dev.stderr.on("data", (d) => {
    run.output += d;
  });
  await until(() => /Ctrl-C stops/.test(run.output), 600_000, run.dev).catch((error) => {
    throw new Error(`${label}: ${error.message}:\n${run.output}`);
  });
  run.docsUrl = run.output.match(/dev: docs (\S+)/)[1];
  run.mockUrl = run.output.match(/dev: mock (\S+)/)[1];
  return run;
}

async function stopDev(run) {
  if (run.dev.exitCode === null) {
    const exited = new Promise((r) => run.dev.once("exit", r));
    run.dev.kill("SIGINT");
    await exited;
  }
  rmSync(run.dir, { recursive: true, force: true });
}

/**
 * The bench. With `baseline` (another checkout, e.g. the commit before a change), both loops run
 * at once, idle but for the edit being measured, and each round measures one after the other in
 * alternating order: the same machine load for both.
 */
export async function benchDev(root, { rounds = 3, baseline = process.env.BENCH_DEV_BASELINE } = {}) {
  const runs = [];
  let browser;
  try {
    // Started one after the other: each first build has the machine to itself.
    if (baseline) runs.push(await startDev(path.resolve(baseline), "baseline"));
    runs.push(await startDev(root, "this checkout"));
    const document = (run) => parse(readFileSync(path.join(run.dir, DOCUMENT), "utf8"));
    const save = (run, d) => writeFileSync(path.join(run.dir, DOCUMENT), stringify(d, { lineWidth: 0 }));
    const d0 = document(runs[0]);
    const first = Object.values(d0.paths)[0];
    const method = Object.keys(first).find((k) => first[k].operationId);
    const [listPath, listItem] = Object.entries(d0.paths).find(
      ([, item]) => item.get?.responses?.["200"]?.content?.["application/json"]?.schema?.type === "array",
    );
    const itemSchema = listItem.get.responses["200"].content["application/json"].schema.items.$ref.split("/").pop();

    if (existsSync("/usr/bin/chromium")) {
      const { chromium } = await import("playwright-core");
      browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
      for (const run of runs) {
        run.page = await browser.newPage();
        await run.page.goto(run.docsUrl);
      }
    }

    const descriptionEdit = async (run, i) => {
      const text = `Benchmarked description ${i} ${Date.now()}.`;
      const d = document(run);
      Object.values(d.paths)[0][method].description = text;
      const { page, docsUrl } = run;
      run.reportedBefore = reported(run);
      const started = performance.now();
      if (page) {
        const reloaded = page.waitForEvent("load", { timeout: 600_000 });
        save(run, d);
        await reloaded;
        // Redoc renders an operation when the reader goes to it: its place, from the page's document.
        const built = await (await fetch(`${docsUrl}openapi.json`)).json();
        const op = Object.values(built.paths)[0][method];
        const hash = `#/${String(op.tags?.[0] ?? "")
          .toLowerCase()
          .replace(/\s+/g, "-")}/${op.operationId.toLowerCase()}`;
        await page.evaluate((h) => {
          location.hash = h;
        }, hash);
        await page.waitForFunction((t) => document.body.textContent?.includes(t), text, { timeout: 600_000 });
      } else {
        save(run, d);
        await until(async () => (await (await fetch(`${docsUrl}reference.js`)).text()).includes(text));
      }
      return (performance.now() - started) / 1000;
    };

    const newProperty = async (run, i) => {
      const name = `bench_property_${i}_${Date.now()}`;
      const d = document(run);
      d.components.schemas[itemSchema].properties[name] = { type: "string", description: "Benchmarked." };
      run.reportedBefore = reported(run);
      const started = performance.now();
      save(run, d);
      await until(
        async () => {
          try {
            const answer = await fetch(`${run.mockUrl}${listPath}`, { headers: { "x-auth-token": "test-key" } });
            const items = await answer.json();
            return Array.isArray(items) && items.length > 0 && name in items[0];
          } catch {
            return false; // restarting
          }
        },
        600_000,
        run.dev,
      );
      const mock = (performance.now() - started) / 1000;
      const dist = path.join(run.dir, "packages/client/dist");
      await until(
        () =>
          readdirSync(dist).some((f) => f.endsWith(".d.ts") && readFileSync(path.join(dist, f), "utf8").includes(name)),
        600_000,
        run.dev,
      );
      const types = (performance.now() - started) / 1000;
      // Not timed: the last loop must have finished, then the package's types must be ones a
      // consumer compiles against, with the new property in the schema's named type.
      run.lastProperty = name;
      return { mock, types };
    };

    const results = new Map(runs.map((run) => [run, { description: [], mock: [], types: [] }]));
    for (let i = 0; i < rounds; i++) {
      for (const run of i % 2 === 0 ? runs : [...runs].reverse()) {
        results.get(run).description.push(await descriptionEdit(run, i));
        await settled(run);
      }
    }
    for (let i = 0; i < rounds; i++) {
      for (const run of i % 2 === 0 ? runs : [...runs].reverse()) {
        const { mock, types } = await newProperty(run, i);
        results.get(run).mock.push(mock);
        results.get(run).types.push(types);
        await settled(run);
      }
    }
    const summary = (run) => {
      const r = results.get(run);
      return {
        descriptionEditToPageS: round1(median(r.description)),
        newPropertyToMockS: round1(median(r.mock)),
        newPropertyToClientTypesS: round1(median(r.types)),
        all: { description: r.description.map(round1), mock: r.mock.map(round1), types: r.types.map(round1) },
        consumerCompiles: consumerCompiles(run, itemSchema),
        devPrinted: run.output.split("\n").filter((l) => / → .*done in /.test(l)),
      };
    };
    const mine = runs.at(-1);
    return {
      rounds,
      via: mine.page ? "Chromium (the page reloads itself)" : "HTTP",
      ...summary(mine),
      ...(baseline ? { baseline: { commit: headOf(path.resolve(baseline)), ...summary(runs[0]) } } : {}),
      loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
    };
  } finally {
    await browser?.close();
    for (const run of runs) await stopDev(run);
  }
}

/** The commit a checkout is at (its working tree may hold more). */
function headOf(dir) {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { cwd: dir, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

/** How many rebuilds dev has reported (`dev: <files> → <steps>; done in …`). */
const reported = (run) => run.output.split("\n").filter((l) => / → .*done in /.test(l)).length;

/** Waits until dev has reported the end of the rebuild the last save started: rounds do not overlap. */
async function settled(run) {
  await until(() => reported(run) > run.reportedBefore, 600_000, run.dev);
  await new Promise((r) => setTimeout(r, 300));
}

/** A consumer's file, compiled (tsc, strictest settings) against the client package of the copy. */
function consumerCompiles(run, itemSchema) {
  const dir = mkdtempSync(path.join(run.dir, "consumer-"));
  writeFileSync(
    path.join(dir, "consumer.ts"),
    `import type { ${itemSchema} } from "@quatrix/user-api-client";\n` +
      `export const value: ${itemSchema}["${run.lastProperty}"] = "x";\n`,
  );
  writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        module: "NodeNext",
        moduleResolution: "NodeNext",
        noEmit: true,
        skipLibCheck: false,
        types: [],
      },
      files: ["consumer.ts"],
    }),
  );
  try {
    execFileSync(path.join(run.dir, "node_modules/.bin/tsc"), ["-p", dir], { cwd: dir, encoding: "utf8" });
    return true;
  } catch (error) {
    return `${error.stdout ?? ""}${error.stderr ?? error.message}`.trim();
  }
}
