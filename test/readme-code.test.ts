// Every TypeScript block of the READMEs compiles against the built packages under the type
// checks of @tsconfig/strictest (exactOptionalPropertyTypes, noUncheckedIndexedAccess,
// noPropertyAccessFromIndexSignature…), as a consumer would paste it. A block that is a piece of
// a program uses names it does not declare (`client`, `mock`, `id`, a helper of the reader's):
// those get a declaration of their type, and only those. The unused-name checks are left out:
// a block shows a call, it need not use its result.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { FRAGMENT_CONTEXT, fragmentPrelude, typeScriptBlocks } from "../packages/docs/scripts/guide-code.mjs";
import { bin, repoRoot, run, STRICTEST } from "./support/scratch.js";

const READMES = [
  "README.md",
  "packages/client/README.md",
  "packages/mock-server/README.md",
  "packages/docs/README.md",
  "packages/mcp-server/README.md",
];

/** What a block may use without declaring it: the guides' names, and the reader's code around a README's blocks. */
const CONTEXT: Record<string, string> = {
  ...FRAGMENT_CONTEXT,
  mock: 'declare const mock: import("@quatrix/user-api-mock").MockServer;',
  it: 'import { it } from "vitest";',
  expect: 'import { expect } from "vitest";',
  myCode:
    'declare const myCode: { inviteAda(): Promise<void>; loadUsers(): Promise<import("@quatrix/user-api-client").UserResp[]>; showUser(id: string): Promise<unknown> };',
  staff: "declare const staff: { name: string; email: string }[];",
  keyOfTenantB: "declare const keyOfTenantB: string;",
  currentTraceparent: "declare function currentTraceparent(): string;",
  started: "declare const started: Map<string, number>;",
  histogram: "declare const histogram: { observe(labels: Record<string, unknown>, value: number): void };",
};

const dir = path.join(repoRoot, "node_modules/.cache/quatrix-readme-code");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("every TypeScript block of the READMEs compiles under strictest against the built packages", async () => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const readme of READMES) {
    typeScriptBlocks(readFileSync(path.join(repoRoot, readme), "utf8")).forEach(({ code }, index) => {
      const prelude = fragmentPrelude(code, CONTEXT);
      const file = `${readme.replace(/\//g, "-").replace(/\.md$/, "")}-${index + 1}.mts`;
      writeFileSync(path.join(dir, file), `// ${readme}, block ${index + 1}\n${prelude}\n${code}\nexport {};\n`);
      files.push(file);
    });
  }
  expect(files.length).toBeGreaterThan(READMES.length);
  writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        ...STRICTEST,
        // A block shows a call; it need not use what the call returns.
        noUnusedLocals: false,
        noUnusedParameters: false,
        skipLibCheck: true,
      },
      files,
    }),
  );
  const result = await run(bin("tsc"), ["-p", dir], repoRoot);
  expect(result.stdout + result.stderr).toBe("");
  expect(result.code).toBe(0);
}, 120_000);
