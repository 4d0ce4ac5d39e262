// The client run in a child Node.js process: for measuring its own memory, and for trusting a
// certificate made for a test (NODE_EXTRA_CA_CERTS is read only when a process starts). The
// child loads a bundle of the client's current source, built here with esbuild.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { UserApiClientOptions } from "../../src/index.js";

const here = path.dirname(fileURLToPath(import.meta.url));

export interface ChildResult {
  ok: boolean;
  data?: unknown;
  name?: string;
  message?: string;
  status?: number;
  location?: string;
  limit?: number;
  bytesRead?: number;
}

export interface ChildRun {
  results: ChildResult[];
  /** Peak RSS after the first (warm-up) call, in KiB. */
  baselineKiB: number;
  /** Peak RSS after the last call, in KiB. */
  peakKiB: number;
}

export type ChildCall =
  | "listUsers"
  | "createUser"
  | "GET"
  | "POST"
  /** Aborted in the same tick the call is made. */
  | "createUserAbortedAtOnce"
  | "POSTAbortedAtOnce";

/** A scratch folder holding the client's bundle; `close()` removes it. */
export async function bundleClient(): Promise<{ bundle: string; dir: string; close(): void }> {
  const dir = mkdtempSync(path.join(tmpdir(), "quatrix-client-child-"));
  const bundle = path.join(dir, "client.cjs");
  // One bundle of both entries, so a plan can choose the Node transport as an app would.
  const src = path.join(here, "../../src");
  await build({
    stdin: {
      contents: `export * from "./index.ts";\nexport { createNodeTransport } from "./node/index.ts";\n`,
      resolveDir: src,
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    outfile: bundle,
    logLevel: "silent",
  });
  return { bundle, dir, close: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the calls in order in a child process with `env` added to its environment. */
export function runInChild(
  bundle: string,
  plan: { options: UserApiClientOptions; calls: ChildCall[]; transport?: "fetch" | "node" },
  env: Record<string, string> = {},
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(here, "child-calls.mjs"), bundle, JSON.stringify(plan)],
      { env: { ...process.env, ...env }, timeout: 120_000, maxBuffer: 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`the child failed: ${error.message}\n${stderr}`));
        resolve(JSON.parse(stdout) as ChildRun);
      },
    );
  });
}
