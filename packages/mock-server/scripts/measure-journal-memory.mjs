// Measures the mock's resident memory while junk bodies are sent without a key: the attack that
// once made the journal keep ~21 MiB per 1 MiB `[{},{},…]` body until the heap ran out.
// Usage: node scripts/measure-journal-memory.mjs [requests=1000] [bodyMiB=1]
// It runs the built mock (dist/) in a child process of its own, so the figures are the mock's
// alone, and prints its RSS every 100 requests and the peak. A measurement, not a test.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { fileURLToPath } from "node:url";

const requests = Number(process.argv[2] ?? 1000);
const bodyMiB = Number(process.argv[3] ?? 1);
const dist = fileURLToPath(new URL("../dist/index.js", import.meta.url));

// `[{},{},…]`: the most objects per byte a JSON body can hold, just under maxBodyBytes.
const body = Buffer.from(`[${"{},".repeat(Math.floor((bodyMiB * 1024 * 1024 - 16) / 3))}{}]`);

const child = spawn(
  process.execPath,
  [
    "-e",
    `require(${JSON.stringify(dist)}).startMockServer({ maxBodyBytes: ${body.length} }).then((m) => console.log(m.baseUrl))`,
  ],
  { stdio: ["ignore", "pipe", "inherit"] },
);
const baseUrl = await new Promise((resolve, reject) => {
  child.stdout.once("data", (chunk) => resolve(chunk.toString().trim()));
  child.once("exit", (code) => reject(new Error(`the mock exited with ${code}`)));
});
let died;
child.once("exit", (code, signal) => {
  died = `the mock exited (${signal ?? code})`;
});

function rssMiB() {
  const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

function post() {
  return new Promise((resolve, reject) => {
    const url = new URL(`${baseUrl}/user/create`);
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: "POST", agent: false },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode));
      },
    );
    req.setHeader("content-type", "application/json");
    req.on("error", reject);
    req.end(body);
  });
}

let peak = rssMiB();
console.log(`body ${(body.length / 1024 / 1024).toFixed(2)} MiB, no key; RSS at start ${peak.toFixed(0)} MiB`);
const started = performance.now();
let sent = 0;
try {
  for (; sent < requests; sent++) {
    const status = await post();
    if (status !== 401) throw new Error(`expected 401, got ${status}`);
    peak = Math.max(peak, rssMiB());
    if ((sent + 1) % 100 === 0) console.log(`${sent + 1} requests: RSS ${rssMiB().toFixed(0)} MiB`);
  }
} catch (error) {
  console.log(`after ${sent} requests: ${died ?? error.message}`);
}
console.log(
  `peak RSS ${peak.toFixed(0)} MiB over ${sent} requests in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
child.kill();
