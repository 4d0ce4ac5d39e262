// Counts how many connections that send nothing are still open after a wait: the mock must close
// them after headersTimeoutMs (default 10 s). Usage:
//   node scripts/measure-idle-connections.mjs [connections=100] [waitSeconds=12]
// Runs the built mock (dist/) with its default options. A measurement, not a test.
import { createRequire } from "node:module";
import { connect } from "node:net";

const count = Number(process.argv[2] ?? 100);
const waitSeconds = Number(process.argv[3] ?? 12);
const { startMockServer } = createRequire(import.meta.url)("../dist/index.js");

const mock = await startMockServer();
const { port } = new URL(mock.url);
let open = 0;
const sockets = await Promise.all(
  Array.from(
    { length: count },
    () =>
      new Promise((resolve, reject) => {
        const socket = connect(Number(port), "127.0.0.1", () => {
          open += 1;
          resolve(socket);
        });
        socket.on("error", reject);
        socket.on("close", () => {
          open -= 1;
        });
      }),
  ),
);
const started = performance.now();
for (let s = 1; s <= waitSeconds; s++) {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  if (s % 2 === 0 || s === waitSeconds) console.log(`${s} s: ${open}/${count} idle connections open`);
}
console.log(`after ${((performance.now() - started) / 1000).toFixed(1)} s: ${open}/${count} still open`);
for (const socket of sockets) socket.destroy();
await mock.close();
