// Scratch copies of the repository's sources, for tests that must break things safely.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const bin = (name: string) => path.join(repoRoot, "node_modules", ".bin", name);
const execFileAsync = promisify(execFile);

export interface Scratch {
  dir: string;
  read(file: string): string;
  write(file: string, text: string): void;
  edit(file: string, change: (text: string) => string): void;
  remove(): void;
}

/** Copies the given files and folders of the repository into a new temporary folder. */
export function scratchCopy(entries: string[]): Scratch {
  const dir = mkdtempSync(path.join(tmpdir(), "quatrix-scratch-"));
  for (const entry of entries) cpSync(path.join(repoRoot, entry), path.join(dir, entry), { recursive: true });
  return scratchAt(dir);
}

/** A scratch copy already in `dir`. */
export function scratchAt(dir: string): Scratch {
  const scratch: Scratch = {
    dir,
    read: (file) => readFileSync(path.join(dir, file), "utf8"),
    write: (file, text) => writeFileSync(path.join(dir, file), text),
    edit: (file, change) => scratch.write(file, change(scratch.read(file))),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  return scratch;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command, resolving with its exit code and output instead of throwing. */
export async function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<RunResult> {
  try {
    const { stdout, stderr } = await execFileAsync(command, args, {
      cwd,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/**
 * The type checks of @tsconfig/strictest for a consumer's code, ES modules under node16
 * resolution: what the tests compile samples and READMEs with, as a demanding consumer would.
 */
export const STRICTEST = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noPropertyAccessFromIndexSignature: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  allowUnusedLabels: false,
  allowUnreachableCode: false,
  isolatedModules: true,
  noEmit: true,
  target: "ES2022",
  module: "node16",
  moduleResolution: "node16",
  lib: ["ES2022", "DOM"],
  types: ["node"],
} as const;
