#!/usr/bin/env node
// The Node transport's attack figures, re-measured: not a test (timings and memory vary with the
// machine's load), a script printing what it saw. Run after `npm run build`:
//   node test/node/measure-attacks.mjs [decoding] [stale]
// 1. Decoding chains: an answer whose `content-encoding` lists 3 000 `gzip` or 5 000 `br` (a
//    15 KB header), one call and 20 at once; the client process's peak RSS over its start, and
//    how long the calls took to fail.
// 2. Stale sockets: a server that closes each connection right after answering, without
//    `Connection: close`; 300 createUser calls one after another; failures, and POSTs the
//    server received more than once.
// Each server runs in a child process, so the figures are the client's alone.
import { fork } from "node:child_process";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const self = fileURLToPath(import.meta.url);
const dist = new URL("../../dist/", import.meta.url);

if (process.argv[2] === "serve") {
  serve(process.argv[3]);
} else {
  await main();
}

function serve(kind) {
  const posts = new Map();
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      if (kind === "close-after-answer") {
        posts.set(body, (posts.get(body) ?? 0) + 1);
        res.writeHead(201, { "content-type": "application/json" });
        res.end(JSON.stringify({ id: "5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c", ...JSON.parse(body) }));
        // Closed at once after the answer, the connection header left as keep-alive.
        res.on("finish", () => req.socket.destroy());
        return;
      }
      const coding = kind === "gzip" ? "gzip" : "br";
      const count = kind === "gzip" ? 3_000 : 5_000;
      res.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": Array(count).fill(coding).join(","),
      });
      res.end(gzipSync("[]"));
    });
  });
  server.maxHeaderSize = 64 * 1024;
  server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
  process.on("message", (message) => {
    if (message === "counts") {
      const counts = [...posts.values()];
      process.send({ received: counts.reduce((a, b) => a + b, 0), twice: counts.filter((n) => n > 1).length });
    }
  });
}

async function startServer(kind) {
  const child = fork(self, ["serve", kind], { stdio: "inherit" });
  const { port } = await new Promise((resolve) => child.once("message", resolve));
  return {
    baseUrl: `http://127.0.0.1:${port}/api/1.0`,
    counts: () => {
      child.send("counts");
      return new Promise((resolve) => child.once("message", resolve));
    },
    stop: () => child.kill(),
  };
}

async function main() {
  const { createUserApiClient } = await import(new URL("index.mjs", dist).href);
  const { createNodeTransport } = await import(new URL("node.mjs", dist).href);
  const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

  const parts = process.argv.length > 2 ? process.argv.slice(2) : ["decoding", "stale"];
  for (const kind of parts.includes("decoding") ? ["gzip", "br"] : []) {
    const server = await startServer(kind);
    for (const calls of [1, 20]) {
      global.gc?.();
      const start = process.memoryUsage().rss;
      let peak = start;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 5);
      const transport = createNodeTransport();
      const client = createUserApiClient({ baseUrl: server.baseUrl, apiKey: "k", transport, maxRetries: 0 });
      const began = performance.now();
      const outcomes = await Promise.all(
        Array.from({ length: calls }, () =>
          client.listUsers({ timeoutMs: 20_000 }).then(
            () => "resolved",
            (error) => error.name,
          ),
        ),
      );
      const ms = performance.now() - began;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      await transport.close();
      const names = [...new Set(outcomes)].join(", ");
      console.log(
        `decoding chain, ${kind === "gzip" ? "3 000 gzip" : "5 000 br"}, ${calls} call(s): ` +
          `${ms.toFixed(0)} ms, peak RSS +${mib(peak - start)} (${names})`,
      );
    }
    server.stop();
  }

  if (!parts.includes("stale")) return;
  const server = await startServer("close-after-answer");
  const transport = createNodeTransport();
  const client = createUserApiClient({ baseUrl: server.baseUrl, apiKey: "k", transport });
  let failures = 0;
  const codes = new Map();
  for (let i = 0; i < 300; i++) {
    try {
      await client.createUser({ name: "Ada Lovelace", email: `ada${i}@example.com` });
    } catch (error) {
      failures++;
      const code = `${error.name} ${error.cause?.code ?? ""} ${error.cause?.syscall ?? error.cause?.message ?? ""} notSent=${error.notSent}`;
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
  }
  const { received, twice } = await server.counts();
  await transport.close();
  server.stop();
  console.log(
    `stale sockets: ${failures}/300 createUser calls failed ${JSON.stringify(Object.fromEntries(codes))}; ` +
      `server received ${received} POSTs, ${twice} of them more than once`,
  );
}
