// The mock as a reader starts it: the package's `quatrix-user-api-mock` command (what
// `npx quatrix-user-api-mock` runs), with no option but a free port — so the account is the
// command's default one, the one the samples are written for.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const manifestFile = require.resolve("@quatrix/user-api-mock/package.json");
const command = path.join(
  path.dirname(manifestFile),
  (JSON.parse(readFileSync(manifestFile, "utf8")) as { bin: Record<string, string> }).bin["quatrix-user-api-mock"] ??
    "",
);

/** The API key the command accepts when given none (its documented default). */
export const DEFAULT_API_KEY = "test-key";

export interface MockCommand {
  /** The base URL the command printed, e.g. `http://127.0.0.1:40123/api/1.0`. */
  baseUrl: string;
  /** Stops it (SIGTERM) and waits for its exit. */
  stop(): Promise<void>;
}

/** Starts `quatrix-user-api-mock --port 0` and resolves once it has printed its base URL. */
export function startMockCommand(): Promise<MockCommand> {
  const child: ChildProcess = spawn(process.execPath, [command, "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`quatrix-user-api-mock printed no URL within 20 s: ${out}${stderr}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf("\n");
      if (newline < 0) return;
      clearTimeout(timer);
      // Later lines (one per request) are not needed: keep draining so the pipe never fills.
      child.stdout?.off("data", onData);
      child.stdout?.resume();
      resolve({ baseUrl: out.slice(0, newline).trim(), stop });
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`quatrix-user-api-mock exited with ${code}: ${stderr}`));
    });
  });
}
