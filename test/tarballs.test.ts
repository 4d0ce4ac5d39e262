// Every package proven from its tarball, not from workspace links: packed, installed into a
// fresh consumer project, type-checked by a strict TypeScript consumer (node10, node16 and bundler
// resolution), run as ESM and as CommonJS against the mock server started from its own
// tarball — through its API and its CLI — and passed by publint and attw.
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bin, repoRoot, run, STRICTEST } from "./support/scratch.js";

const PACKAGES = ["client", "mock-server", "docs", "mcp-server"];
const work = mkdtempSync(path.join(tmpdir(), "quatrix-tarballs-"));
const consumer = path.join(work, "consumer");
const children: ChildProcess[] = [];
/** Each package's tarball, by its folder under packages/: packed once, for the consumer and attw. */
const tarballFiles: Record<string, string> = {};
// The consumer uses the mock's `./msw` entry, so it installs msw (the mock's optional peer) as
// such a consumer would: the version the repository tests with.
const mswVersion: string = JSON.parse(readFileSync(path.join(repoRoot, "packages/mock-server/package.json"), "utf8"))
  .devDependencies.msw;

beforeAll(async () => {
  const tarballs: Record<string, string> = {};
  // Each package packed on its own: all at once.
  await Promise.all(
    PACKAGES.map(async (pkg) => {
      const packed = await run(
        "npm",
        ["pack", "--pack-destination", work, "--json"],
        path.join(repoRoot, "packages", pkg),
      );
      expect(packed.code, packed.stderr).toBe(0);
      const [info] = JSON.parse(packed.stdout) as { name: string; filename: string }[];
      tarballFiles[pkg] = path.join(work, info?.filename ?? "");
      tarballs[info?.name ?? pkg] = `file:${tarballFiles[pkg]}`;
    }),
  );
  mkdirSync(consumer, { recursive: true });
  writeFileSync(
    path.join(consumer, "package.json"),
    JSON.stringify({ name: "consumer", private: true, dependencies: { ...tarballs, msw: mswVersion } }, null, 2),
  );
  for (const file of readdirSync(path.join(repoRoot, "test/consumer"))) {
    copyFileSync(path.join(repoRoot, "test/consumer", file), path.join(consumer, file));
  }
  const install = await run(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"],
    consumer,
  );
  expect(install.code, install.stderr).toBe(0);
}, 180_000);

afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
});

function tsconfig(
  name: string,
  moduleKind: string,
  resolution: string,
  files: string[],
  more: Record<string, unknown> = {},
) {
  writeFileSync(
    path.join(consumer, name),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: "ES2022",
        module: moduleKind,
        moduleResolution: resolution,
        lib: ["ES2022", "DOM"],
        types: ["node"],
        typeRoots: [path.join(repoRoot, "node_modules/@types")],
        skipLibCheck: false,
        ...more,
      },
      files,
    }),
  );
  return run(bin("tsc"), ["-p", name], consumer);
}

describe("installed from tarballs", () => {
  it("the packages are real copies, not workspace links", async () => {
    const { lstatSync } = await import("node:fs");
    for (const name of ["user-api-client", "user-api-mock", "user-api-docs", "user-api-mcp"]) {
      expect(lstatSync(path.join(consumer, "node_modules/@quatrix", name)).isSymbolicLink()).toBe(false);
    }
  });

  it("a strict TypeScript consumer type-checks under moduleResolution node16 (ESM and CJS)", async () => {
    const result = await tsconfig("tsconfig.node16.json", "node16", "node16", ["consumer.mts", "consumer.cts"]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });

  it("a strict TypeScript consumer type-checks under moduleResolution node10, every subpath with its types", async () => {
    const result = await tsconfig("tsconfig.node10.json", "commonjs", "node10", ["consumer-node10.ts"], {
      resolveJsonModule: true,
      esModuleInterop: true,
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });

  it("a strict TypeScript consumer type-checks under moduleResolution bundler", async () => {
    const result = await tsconfig("tsconfig.bundler.json", "esnext", "bundler", ["consumer.mts"]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });

  it("a strictest consumer compiles the README quick start and every docs sample", async () => {
    // @tsconfig/strictest's checks, the published types included (skipLibCheck off).
    const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
    const quickStart = /## Consumer quick start[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(quickStart, "README.md has a TypeScript quick start").toBeTruthy();
    const strict = path.join(consumer, "strict");
    mkdirSync(strict, { recursive: true });
    writeFileSync(path.join(strict, "quick-start.mts"), `${quickStart}\nexport {};\n`);
    const examples = path.join(repoRoot, "packages/docs/examples");
    const samples = readdirSync(examples).filter((f) => f.endsWith(".ts"));
    expect(samples.length).toBeGreaterThan(0);
    for (const file of samples)
      copyFileSync(path.join(examples, file), path.join(strict, file.replace(/\.ts$/, ".mts")));
    writeFileSync(
      path.join(consumer, "tsconfig.strictest.json"),
      JSON.stringify({
        compilerOptions: {
          ...STRICTEST,
          typeRoots: [path.join(repoRoot, "node_modules/@types")],
          skipLibCheck: false,
        },
        include: ["strict/*.mts"],
      }),
    );
    const result = await run(bin("tsc"), ["-p", "tsconfig.strictest.json"], consumer);
    expect(result.code, result.stdout + result.stderr).toBe(0);
  }, 180_000);

  const expected = {
    created: "alan@example.com",
    taken: 31,
    invalid: ["/body/email", "/body/emial"],
    fetched: true,
  };

  it("runs as ESM against the mock server's API", async () => {
    const result = await run(process.execPath, ["run.mjs"], consumer, { QUATRIX_BASE_URL: "" });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ module: "esm", ...expected });
  });

  it("runs as CommonJS against the mock server's API", async () => {
    const result = await run(process.execPath, ["run.cjs"], consumer, { QUATRIX_BASE_URL: "" });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ module: "cjs", ...expected, docs: "3.1.0" });
  });

  it("runs as ESM and CommonJS against the mock server's CLI", async () => {
    const cli = spawn(path.join(consumer, "node_modules/.bin/quatrix-user-api-mock"), ["--port", "0"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(cli);
    const baseUrl = await new Promise<string>((resolve, reject) => {
      let out = "";
      cli.stdout?.on("data", (chunk: Buffer) => {
        out += chunk;
        if (out.includes("\n")) resolve(out.trim());
      });
      cli.on("exit", (code) => reject(new Error(`the CLI exited with ${code}`)));
    });
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/1\.0$/);
    const esm = await run(process.execPath, ["run.mjs"], consumer, { QUATRIX_BASE_URL: baseUrl });
    expect(JSON.parse(esm.stdout)).toEqual({ module: "esm", ...expected });
    const exited = new Promise((resolve) => cli.on("exit", resolve));
    cli.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("the MCP server's CLI answers tools/list and calls the mock, both from their tarballs", async () => {
    const mockCli = spawn(path.join(consumer, "node_modules/.bin/quatrix-user-api-mock"), ["--port", "0", "--quiet"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(mockCli);
    const baseUrl = await new Promise<string>((resolve, reject) => {
      let out = "";
      mockCli.stdout?.on("data", (chunk: Buffer) => {
        out += chunk;
        if (out.includes("\n")) resolve(out.trim());
      });
      mockCli.on("exit", (code) => reject(new Error(`the mock's CLI exited with ${code}`)));
    });
    const { Client } = await import("@modelcontextprotocol/sdk/client/index.js");
    const { StdioClientTransport } = await import("@modelcontextprotocol/sdk/client/stdio.js");
    const client = new Client({ name: "tarball-test", version: "0.0.0" });
    await client.connect(
      new StdioClientTransport({
        command: path.join(consumer, "node_modules/.bin/quatrix-user-api-mcp"),
        args: ["--read-only"],
        env: { PATH: process.env.PATH ?? "", QUATRIX_API_KEY: "test-key", QUATRIX_BASE_URL: baseUrl },
        stderr: "ignore",
      }),
    );
    try {
      const { tools } = await client.listTools();
      expect(tools.length).toBeGreaterThan(0);
      expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
      const listed = await client.callTool({ name: "listUsers", arguments: {} });
      expect(listed.isError).toBeFalsy();
      expect((listed.structuredContent as { items: unknown[] }).items.length).toBeGreaterThan(0);
    } finally {
      await client.close();
      mockCli.kill("SIGTERM");
    }
  });
});

describe.each(PACKAGES)("packages/%s", (pkg) => {
  it("publint reports nothing", async () => {
    const result = await run(bin("publint"), ["--strict"], path.join(repoRoot, "packages", pkg));
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain("All good!");
  });

  it("attw reports nothing on its tarball under node10, node16 (CJS and ESM) and bundler resolution", async () => {
    // The default profile: node10 included, for `module: commonjs` projects (typesVersions). The
    // tarball the consumer installed (what `attw --pack` would pack again).
    const tarball = tarballFiles[pkg];
    expect(tarball, `packages/${pkg} was packed`).toBeDefined();
    const result = await run(bin("attw"), [tarball ?? ""], path.join(repoRoot, "packages", pkg));
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });
});
