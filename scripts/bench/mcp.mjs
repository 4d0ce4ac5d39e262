// `npm run bench -- mcp`: the MCP server (packages/mcp-server, built) as an MCP client meets
// it — wall time from spawning the CLI to the `tools/list` answer over stdio (initialize,
// initialized, tools/list sent at once, as clients do), median of several cold starts; and
// the size of the tool list a model reads on every turn, in characters and approximate tokens
// (characters / 4), for all the tools and for `--read-only`.
import { spawn } from "node:child_process";
import path from "node:path";

/** One cold start: ms from spawn to the tools/list answer, and that answer's tools. */
function startOnce(cli, args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cli, ...args], {
      env: {
        PATH: process.env.PATH ?? "",
        QUATRIX_API_KEY: "bench-key",
        QUATRIX_BASE_URL: "http://127.0.0.1:9/api/1.0",
      },
      stdio: ["pipe", "pipe", "ignore"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      for (const line of out.split("\n").slice(0, -1)) {
        const message = JSON.parse(line);
        if (message.id === 2) {
          const ms = performance.now() - started;
          child.kill("SIGKILL");
          resolve({ ms, tools: message.result.tools });
        }
      }
    });
    child.on("error", reject);
    const send = (m) => child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", ...m })}\n`);
    send({
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench", version: "0" } },
    });
    send({ method: "notifications/initialized" });
    send({ id: 2, method: "tools/list", params: {} });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

function size(tools) {
  const chars = JSON.stringify(tools).length;
  return { tools: tools.length, chars, approxTokens: Math.round(chars / 4) };
}

export async function benchMcp(root, { rounds = 15 } = {}) {
  const cli = path.join(root, "packages/mcp-server/bin/quatrix-user-api-mcp.cjs");
  await startOnce(cli, []); // warms the file cache: every round below is a process's first start
  const times = [];
  let tools = [];
  for (let i = 0; i < rounds; i++) {
    const once = await startOnce(cli, []);
    times.push(once.ms);
    tools = once.tools;
  }
  const readOnly = (await startOnce(cli, ["--read-only"])).tools;
  const largest = tools
    .map((t) => ({ name: t.name, chars: JSON.stringify(t).length }))
    .sort((a, b) => b.chars - a.chars)
    .slice(0, 3);
  const r = (n) => Math.round(n);
  return {
    rounds,
    spawnToToolsListMs: { median: r(median(times)), min: r(Math.min(...times)), max: r(Math.max(...times)) },
    toolList: size(tools),
    readOnlyToolList: size(readOnly),
    largestTools: largest,
  };
}
