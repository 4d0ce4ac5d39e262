// What an editor shows: the TypeScript language service (the one behind VS Code's hovers) reads a
// consumer's file against the built packages and answers quick info at a call. Named schemas
// hover by their names — `UserResp[]`, `groups?: Group[]` — not as expanded object literals or
// `components["schemas"][…]`, and an operation's name hovers as the OperationId union.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, STRICTEST } from "./support/scratch.js";

// Inside the repository, so that the packages resolve as a consumer's would: to their built types.
const dir = path.join(repoRoot, "node_modules/.cache/quatrix-hover");
const file = path.join(dir, "consumer.mts");
const SOURCE = `import { createUserApiClient } from "@quatrix/user-api-client";
import { startMockServer } from "@quatrix/user-api-mock";

const client = createUserApiClient({ apiKey: "k" });
const users = await client.listUsers();
const first = users[0];
const groups = first?.groups;
const created = await client.createUser({ name: "Ada", email: "ada@example.com" });
const mock = await startMockServer();
const recorded = mock.requests[0]?.operationId;
export { created, groups, recorded };
`;

let service: ts.LanguageService;

beforeAll(() => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, SOURCE);
  const { options, errors } = ts.convertCompilerOptionsFromJson(
    { ...STRICTEST, lib: ["ES2022", "DOM"], types: ["node"], typeRoots: [path.join(repoRoot, "node_modules/@types")] },
    dir,
  );
  expect(errors).toEqual([]);
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => options,
    getScriptFileNames: () => [file],
    getScriptVersion: () => "1",
    getScriptSnapshot: (name) => {
      const text = ts.sys.readFile(name);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => dir,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
    realpath: (p) => ts.sys.realpath?.(p) ?? p,
  };
  service = ts.createLanguageService(host);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The hover text at `needle` inside the first occurrence of `context` in SOURCE. */
function hover(context: string, needle = context): string {
  const start = SOURCE.indexOf(context);
  expect(start, `${context} is in the source`).toBeGreaterThanOrEqual(0);
  const at = start + context.indexOf(needle);
  const info = service.getQuickInfoAtPosition(file, at);
  return ts.displayPartsToString(info?.displayParts ?? []);
}

describe("hovers over the built packages", () => {
  it("the consumer compiles under the strictest settings", () => {
    const diagnostics = [...service.getSyntacticDiagnostics(file), ...service.getSemanticDiagnostics(file)];
    expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))).toEqual([]);
  });

  it("a method's result is its schema's name", () => {
    expect(hover(".listUsers(", "listUsers")).toBe(
      "(method) UserApiOperations.listUsers(options?: RequestOptions): QuatrixPromise<UserResp[]>",
    );
    expect(hover("const users", "users")).toBe("const users: UserResp[]");
    expect(hover("const created", "created")).toBe("const created: UserResp");
    expect(hover(".createUser(", "createUser")).toMatch(
      /^\(method\) UserApiOperations\.createUser\(body: RequestBody<UserCreateReq>/,
    );
  });

  it("an element and a nested field hover by name too", () => {
    expect(hover("const first", "first")).toBe("const first: UserResp | undefined");
    expect(hover("first?.groups", "groups")).toBe("(property) UserResp.groups?: Group[] | undefined");
    expect(hover("const groups", "groups")).toBe("const groups: Group[] | undefined");
  });

  it("an operation's name is the OperationId union, not string", () => {
    expect(hover("const recorded", "recorded")).toBe("const recorded: OperationId | undefined");
  });
});
