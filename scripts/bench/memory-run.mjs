// The memory part's own process (see memory.mjs); run with --expose-gc.
import { fork } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createUserApiClient } from "@quatrix/user-api-client";
import { createNodeTransport } from "@quatrix/user-api-client/node";

const here = path.dirname(fileURLToPath(import.meta.url));
const requests = Number(process.argv[2]);
const CONCURRENCY = 32;
const WARM_UP = 10_000;
const BODY = { name: "Ada Lovelace", email: "ada@example.com" };

const server = fork(path.join(here, "server.mjs"), { stdio: ["ignore", "inherit", "inherit", "ipc"] });
const { port } = await new Promise((resolve) => server.once("message", resolve));
const transport = createNodeTransport();
const client = createUserApiClient({ baseUrl: `http://127.0.0.1:${port}/api/1.0`, apiKey: "bench-key", transport });

let sent = 0;
async function run(count) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        next++;
        sent++;
        await (sent % 2 ? client.listUsers() : client.createUser(BODY));
      }
    }),
  );
}

const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 100) / 100;
function sample() {
  for (let i = 0; i < 3; i++) globalThis.gc();
  const { heapUsed, rss } = process.memoryUsage();
  return { requests: sent - WARM_UP, heapUsedMB: mb(heapUsed), rssMB: mb(rss) };
}

await run(WARM_UP);
const checkpoints = [sample()];
for (let fifth = 0; fifth < 5; fifth++) {
  await run(requests / 5);
  checkpoints.push(sample());
}
const [before, after] = [checkpoints[0], checkpoints[checkpoints.length - 1]];
await transport.close();
server.disconnect();
process.send({
  transport: "Node transport",
  requests,
  concurrency: CONCURRENCY,
  before,
  after,
  heapGrowthMB: Math.round((after.heapUsedMB - before.heapUsedMB) * 100) / 100,
  rssGrowthMB: Math.round((after.rssMB - before.rssMB) * 100) / 100,
  checkpoints,
});
