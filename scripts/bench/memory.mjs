// Memory over a long run: one process sends `requests` calls through the Node transport
// (listUsers and createUser alternately, 32 at a time) against the benchmark's server, and
// reports heap and RSS after a full GC before the run, at each fifth of it, and after it. A
// leak of even a few bytes per request shows as a steady climb across the checkpoints.
import { fork } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

export async function benchMemory({ requests = 100_000 } = {}) {
  // Its own process, with gc() exposed, so the other parts leave nothing behind in it.
  const child = fork(path.join(here, "memory-run.mjs"), [String(requests)], {
    execArgv: ["--expose-gc"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const result = await new Promise((resolve, reject) => {
    child.once("message", resolve);
    child.once("exit", (code) => reject(new Error(`the memory run exited with ${code} before reporting`)));
  });
  child.disconnect();
  return result;
}
