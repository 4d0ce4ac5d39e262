// Per-request cost of the client against raw fetch: client CPU (process.cpuUsage, server in
// another process) and wall time per request, in interleaved rounds after a warm-up — each
// round runs every client in small blocks, in shuffled order — and medians of per-round
// ratios to raw fetch, with their spread. Beside the client's two transports: a hand-written
// http.request with a keep-alive agent (the floor of what Node can do) and undici's request
// API, raw and behind the client (the candidate the Node transport was measured against).
import { fork } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createUserApiClient } from "@quatrix/user-api-client";
import { createNodeTransport } from "@quatrix/user-api-client/node";
import { Agent as UndiciAgent, request as undiciRequest } from "undici";
import { createUndiciTransport } from "./undici-transport.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const KEY = "bench-key";
const BODY = { name: "Ada Lovelace", email: "ada@example.com" };

function variants(baseUrl, baseline) {
  const on = createUserApiClient({ baseUrl, apiKey: KEY });
  // Another build of the client (BENCH_BASELINE), measured in the same rounds: a change's cost.
  const before = baseline?.({ baseUrl, apiKey: KEY });
  const off = createUserApiClient({ baseUrl, apiKey: KEY, validateRequests: false });
  const nodeTransport = createNodeTransport();
  const node = createUserApiClient({ baseUrl, apiKey: KEY, transport: nodeTransport });
  const undiciTransport = createUndiciTransport();
  const undici = createUserApiClient({ baseUrl, apiKey: KEY, transport: undiciTransport });
  const headers = { accept: "application/json", "x-auth-token": KEY };
  const postHeaders = { ...headers, "content-type": "application/json" };
  const floor = handWrittenRequest(baseUrl, headers, postHeaders);
  const dispatcher = new UndiciAgent({ keepAliveTimeout: 4_000 });
  const variants = {
    listUsers: {
      "raw fetch": async () => (await fetch(`${baseUrl}/user`, { headers })).json(),
      "openapi-fetch surface": async () => (await on.GET("/user")).data,
      "methods, validation on": () => on.listUsers(),
      "methods, validation off": () => off.listUsers(),
      "methods, Node transport": () => node.listUsers(),
      "http.request floor": () => floor("GET", "/user"),
      "undici request, raw": async () => (await undiciRequest(`${baseUrl}/user`, { headers, dispatcher })).body.json(),
      "methods, undici candidate": () => undici.listUsers(),
      ...(before ? { "methods, validation on, BENCH_BASELINE": () => before.listUsers() } : {}),
    },
    createUser: {
      "raw fetch": async () =>
        (
          await fetch(`${baseUrl}/user/create`, { method: "POST", headers: postHeaders, body: JSON.stringify(BODY) })
        ).json(),
      "openapi-fetch surface": async () => (await on.POST("/user/create", { body: BODY })).data,
      "methods, validation on": () => on.createUser(BODY),
      "methods, validation off": () => off.createUser(BODY),
      "methods, Node transport": () => node.createUser(BODY),
      "http.request floor": () => floor("POST", "/user/create", JSON.stringify(BODY)),
      "undici request, raw": async () =>
        (
          await undiciRequest(`${baseUrl}/user/create`, {
            method: "POST",
            headers: postHeaders,
            body: JSON.stringify(BODY),
            dispatcher,
          })
        ).body.json(),
      "methods, undici candidate": () => undici.createUser(BODY),
      ...(before ? { "methods, validation on, BENCH_BASELINE": () => before.createUser(BODY) } : {}),
    },
  };
  const close = () => Promise.all([nodeTransport.close(), undiciTransport.close(), dispatcher.close()]);
  return { variants, close };
}

/**
 * The floor: what a hand-written http.request with a keep-alive agent costs for the same
 * request and the same JSON parse, with none of the client's checks.
 */
function handWrittenRequest(baseUrl, headers, postHeaders) {
  const { hostname, port, pathname } = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true });
  return (method, path, body) =>
    new Promise((resolve, reject) => {
      const h = body === undefined ? headers : { ...postHeaders, "content-length": String(Buffer.byteLength(body)) };
      const request = http.request({ hostname, port, path: pathname + path, method, headers: h, agent }, (response) => {
        const chunks = [];
        response.on("data", (chunk) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
          } catch (error) {
            reject(error);
          }
        });
      });
      request.on("error", reject);
      request.end(body);
    });
}

async function runBatch(call, count, concurrency) {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        await call();
      }
    }),
  );
  const wall = Number(process.hrtime.bigint() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { cpuUs: (used.user + used.system) / count, wallUs: wall / count };
}

function shuffled(items) {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// Eight clients per operation and mode: 5 rounds of 600 sequential (900 concurrent) requests
// each keep a full run within about a quarter of an hour on a loaded 2-core machine.
export async function benchRequests({ rounds = 5, sequential = 600, concurrent = 900 } = {}) {
  const server = fork(path.join(here, "server.mjs"), { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const { port } = await new Promise((resolve) => server.once("message", resolve));
  // BENCH_BASELINE=<another build's dist/index.mjs>: that build's operation methods run beside this one's.
  const baseline = process.env.BENCH_BASELINE
    ? (await import(pathToFileURL(path.resolve(process.env.BENCH_BASELINE)).href)).createUserApiClient
    : undefined;
  const { variants: all, close } = variants(`http://127.0.0.1:${port}/api/1.0`, baseline);
  const results = [];
  try {
    for (const [operation, calls] of Object.entries(all)) {
      for (const [mode, count, concurrency] of [
        ["sequential", sequential, 1],
        ["32-way concurrent", concurrent, 32],
      ]) {
        const names = Object.keys(calls);
        for (const name of names) await runBatch(calls[name], Math.ceil(count / 4), concurrency); // warm-up
        // Each round runs every client in small blocks, in a new random order each time, so that
        // the shared machine's noise falls on all of them alike.
        const perRound = Object.fromEntries(names.map((n) => [n, []]));
        const blocks = 15;
        const perBlock = Math.ceil(count / blocks);
        for (let round = 0; round < rounds; round++) {
          const sums = Object.fromEntries(names.map((n) => [n, { cpuUs: 0, wallUs: 0 }]));
          for (let block = 0; block < blocks; block++) {
            for (const name of shuffled(names)) {
              const r = await runBatch(calls[name], perBlock, concurrency);
              sums[name].cpuUs += r.cpuUs / blocks;
              sums[name].wallUs += r.wallUs / blocks;
            }
          }
          for (const name of names) perRound[name].push(sums[name]);
        }
        const raw = perRound["raw fetch"];
        const floor = perRound["http.request floor"];
        for (const name of names) {
          const cpuRatios = perRound[name].map((r, i) => r.cpuUs / raw[i].cpuUs);
          const wallRatios = perRound[name].map((r, i) => r.wallUs / raw[i].wallUs);
          const floorRatios = perRound[name].map((r, i) => r.cpuUs / floor[i].cpuUs);
          results.push({
            operation,
            mode,
            client: name,
            cpuUsPerRequest: round1(median(perRound[name].map((r) => r.cpuUs))),
            wallUsPerRequest: round1(median(perRound[name].map((r) => r.wallUs))),
            cpuRatio: round2(median(cpuRatios)),
            cpuRatioSpread: [round2(Math.min(...cpuRatios)), round2(Math.max(...cpuRatios))],
            wallRatio: round2(median(wallRatios)),
            wallRatioSpread: [round2(Math.min(...wallRatios)), round2(Math.max(...wallRatios))],
            // CPU against the hand-written http.request of the same round.
            cpuRatioToFloor: round2(median(floorRatios)),
            cpuRatioToFloorSpread: [round2(Math.min(...floorRatios)), round2(Math.max(...floorRatios))],
          });
        }
        process.stderr.write(`  measured ${operation}, ${mode}\n`);
      }
    }
  } finally {
    await close();
    server.disconnect();
  }
  return { rounds, sequentialRequestsPerRound: sequential, concurrentRequestsPerRound: concurrent, results };
}

const round1 = (n) => Math.round(n * 10) / 10;
const round2 = (n) => Math.round(n * 100) / 100;
