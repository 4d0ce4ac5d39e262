#!/usr/bin/env node
// `npm run bench`: the pipeline's speed, the bundle sizes and the per-request cost, measured
// side by side on this machine; prints a table and writes bench/results.json.
//   BENCH_QUICK=1   fewer rounds and requests, for a quick look
//   BENCH_BASELINE=<dist/index.mjs of another build>   its operation methods beside this one's
// Parts: pipeline, bundles, requests, memory; and dev (`npm run dev`'s loop) and mcp (the MCP
// server's start and tool list), only when named.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { APPS, measure } from "../bundle-size.mjs";
import { benchPipeline } from "./pipeline.mjs";

const root = path.resolve(fileURLToPath(import.meta.url), "../../..");
const quick = Boolean(process.env.BENCH_QUICK);
// The machine may be shared: its load during the run goes into the results beside the figures.
const loadAtStart = os.loadavg();
// `npm run bench -- requests` runs some parts; the others keep their last results.
const parts = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["pipeline", "bundles", "requests", "memory"];
const resultsFile = path.join(root, "bench", "results.json");
const previous = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, "utf8")) : {};

let pipeline = previous.pipeline;
if (parts.includes("pipeline")) {
  console.error("pipeline (cold, warm and edited builds)…");
  pipeline = benchPipeline(root);
}

let bundles = previous.bundles?.map((b) => ({ name: b.app, minified: b.minifiedBytes, gzip: b.gzipBytes }));
if (parts.includes("bundles")) {
  console.error("bundle sizes…");
  bundles = [];
  for (const name of Object.keys(APPS)) bundles.push(await measure(name));
}

let requests = previous.requests;
if (parts.includes("requests")) {
  console.error("per-request cost…");
  // Imported late: the client must be built, which the pipeline step does.
  const { benchRequests } = await import("./requests.mjs");
  requests = await benchRequests(quick ? { rounds: 3, sequential: 300, concurrent: 600 } : {});
}

let memory = previous.memory;
if (parts.includes("memory")) {
  console.error("memory over a long run…");
  const { benchMemory } = await import("./memory.mjs");
  memory = await benchMemory(quick ? { requests: 10_000 } : {});
}

let dev = previous.dev;
if (parts.includes("dev")) {
  console.error("npm run dev: save → page, save → mock and types…");
  const { benchDev } = await import("./dev.mjs");
  dev = await benchDev(root, { rounds: Number(process.env.BENCH_DEV_ROUNDS) || (quick ? 2 : 3) });
}

let mcp = previous.mcp;
if (parts.includes("mcp")) {
  console.error("MCP server: spawn → tools/list, tool list size…");
  const { benchMcp } = await import("./mcp.mjs");
  mcp = await benchMcp(root, quick ? { rounds: 5 } : {});
}

const results = {
  date: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    node: process.version,
    loadAverage1m: { atStart: round2(loadAtStart[0]), atEnd: round2(os.loadavg()[0]) },
  },
  pipeline,
  bundles: bundles.map(({ name, minified, gzip }) => ({ app: name, minifiedBytes: minified, gzipBytes: gzip })),
  requests,
  memory,
  dev,
  mcp,
};
mkdirSync(path.join(root, "bench"), { recursive: true });
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);

function round2(n) {
  return Math.round(n * 100) / 100;
}

const table = (rows) => {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => String(c).padEnd(widths[i])).join("  ")).join("\n");
};
console.log(
  `\nPer-request client cost (median of ${requests.rounds} interleaved rounds; ratios to raw fetch and to the hand-written http.request of the same round, [min–max])`,
);
console.log(
  table([
    [
      "operation",
      "mode",
      "client",
      "CPU µs/req",
      "CPU ratio",
      "spread",
      "× floor",
      "spread",
      "wall µs/req",
      "wall ratio",
    ],
    ...requests.results.map((r) => [
      r.operation,
      r.mode,
      r.client,
      r.cpuUsPerRequest,
      r.cpuRatio.toFixed(2),
      `${r.cpuRatioSpread[0].toFixed(2)}–${r.cpuRatioSpread[1].toFixed(2)}`,
      r.cpuRatioToFloor?.toFixed(2) ?? "",
      r.cpuRatioToFloorSpread
        ? `${r.cpuRatioToFloorSpread[0].toFixed(2)}–${r.cpuRatioToFloorSpread[1].toFixed(2)}`
        : "",
      r.wallUsPerRequest,
      r.wallRatio.toFixed(2),
    ]),
  ]),
);
if (memory) {
  console.log(
    `\nMemory, ${memory.requests} requests through the ${memory.transport} (${memory.concurrency} at a time), after GC`,
  );
  console.log(
    table([
      ["after requests", "heap MB", "RSS MB"],
      ...memory.checkpoints.map((c) => [c.requests, c.heapUsedMB, c.rssMB]),
    ]),
  );
}
console.log("\nBrowser bundles (esbuild, minified; gzip level 9)");
console.log(
  table([["app", "minified B", "gzip B"], ...results.bundles.map((b) => [b.app, b.minifiedBytes, b.gzipBytes])]),
);
console.log("\nPipeline (wall seconds)");
console.log(
  table([
    ["cold npm run build", "warm, nothing changed", "after a one-line description change", "codegen alone"],
    [pipeline.coldBuildS, pipeline.warmBuildS, pipeline.afterDescriptionChangeS, pipeline.codegenS],
  ]),
);
if (dev) {
  console.log(`\nnpm run dev (wall seconds from the save, median of ${dev.rounds}; page via ${dev.via})`);
  console.log(
    table([
      [
        "checkout",
        "description edit → page shows it",
        "new property → mock answers it",
        "new property → client types",
        "consumer compiles",
      ],
      ...[...(dev.baseline ? [["baseline", dev.baseline]] : []), ["this one", dev]].map(([name, d]) => [
        name,
        `${d.descriptionEditToPageS} [${d.all?.description.join(", ")}]`,
        `${d.newPropertyToMockS} [${d.all?.mock.join(", ")}]`,
        `${d.newPropertyToClientTypesS} [${d.all?.types.join(", ")}]`,
        d.consumerCompiles === true ? "yes" : String(d.consumerCompiles ?? "—"),
      ]),
    ]),
  );
  console.log(`load average (1 min) at the end: ${dev.loadAverage1m}`);
}
if (mcp) {
  console.log(
    `\nMCP server (packages/mcp-server; wall ms from spawn to the tools/list answer, ${mcp.rounds} cold starts)`,
  );
  console.log(
    table([
      ["spawn → tools/list median", "min", "max", "tools", "list chars", "≈ tokens (chars/4)", "--read-only ≈ tokens"],
      [
        mcp.spawnToToolsListMs.median,
        mcp.spawnToToolsListMs.min,
        mcp.spawnToToolsListMs.max,
        mcp.toolList.tools,
        mcp.toolList.chars,
        mcp.toolList.approxTokens,
        mcp.readOnlyToolList.approxTokens,
      ],
    ]),
  );
  console.log(`largest tools: ${mcp.largestTools.map((t) => `${t.name} ${t.chars} chars`).join(", ")}`);
}
console.log("\nwritten: bench/results.json");
