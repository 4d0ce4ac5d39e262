// `npm run generate`'s report reads a sample and a mock rule for what they do with a parameter,
// not for its name as a bare word: a sample printing `user.status` does not pass a required
// `status` query parameter, and a rule answering `{ status: 200 }` does not read it. The
// operation is the checkout's own: the first one whose sample and mock rule share a word, which
// becomes the name of a required query parameter added to the model in memory.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { missingParts, passesParameter, RULES_FILE, readsParameter, SAMPLES_DIR } from "../scripts/codegen/report.mjs";
import { liveDocument, modelOf } from "./support/document.js";
import { repoRoot } from "./support/scratch.js";

const words = (text: string) => new Set(text.match(/[A-Za-z_][\w]*/g));
const rules = readFileSync(path.join(repoRoot, RULES_FILE), "utf8");

describe("the report's reading of a parameter", () => {
  it("asks for a required parameter the sample only names as a word, and notes a rule that does not read it", () => {
    const model = modelOf(liveDocument());
    const found = model.operations.flatMap((op) => {
      const sample = readFileSync(path.join(repoRoot, SAMPLES_DIR, `${op.operationId}.ts`), "utf8");
      const rule = rules.match(new RegExp(`^ {2}${op.operationId}: .*$`, "m"))?.[0] ?? "";
      const inRule = words(rule);
      const shared = [...words(sample)].find(
        (w) => inRule.has(w) && w !== op.operationId && !/^(query|state|client|const|return)$/.test(w),
      );
      return shared !== undefined && !inRule.has("query") && op.parameters.every((p) => p.name !== shared)
        ? [{ op, name: shared }]
        : [];
    })[0];
    if (found === undefined) throw new Error("no operation whose sample and one-line mock rule share a word");
    const { op, name } = found;
    const parameter = { name, in: "query", required: true, style: "form", explode: true, schema: { type: "string" } };
    const operations = model.operations.map((o) =>
      o === op ? { ...o, parameters: [...o.parameters, parameter as (typeof o.parameters)[number]] } : o,
    );

    const { errors, notices } = missingParts(repoRoot, { ...model, operations });
    expect(errors).toContain(
      `${op.operationId}: its docs sample, ${SAMPLES_DIR}/${op.operationId}.ts, does not pass the required query parameter "${name}" (\`query: { "${name}": … }\` in the call's options)`,
    );
    expect(notices).toContain(
      `${op.operationId}: no mock rule uses query parameter "${name}"; the mock validates it, then answers as if it were absent`,
    );
  });

  it("finds a parameter passed as a key of the options' object, in every spelling", () => {
    const status = { name: "status", in: "query" };
    expect(passesParameter(`client.listUsers({ query: { status: "A" } })`, status)).toBe(true);
    expect(passesParameter(`client.listUsers({ query: { "status": "A", limit: 2 } })`, status)).toBe(true);
    expect(passesParameter(`const query = { status };\nclient.listUsers({ query });`, status)).toBe(true);
    expect(passesParameter(`client.x({ query: { filter: { a: 1 }, status: "A" } })`, status)).toBe(true);
    expect(passesParameter(`console.log(user.status); client.listUsers()`, status)).toBe(false);
    expect(passesParameter(`client.listUsers({ header: { status: "A" } })`, status)).toBe(false);
    expect(passesParameter(`client.listUsers({ query: { statuses: ["A"] } })`, status)).toBe(false);
    const tag = { name: "X-Request-Tag", in: "header" };
    expect(passesParameter(`client.listUsers({ header: { "X-Request-Tag": "t" } })`, tag)).toBe(true);
  });

  it("counts a rule as reading a parameter when it names where it is and its name", () => {
    const status = { name: "status", in: "query" };
    expect(readsParameter(`listUsers: (state) => ({ status: 200, body: [] })`, status)).toBe(false);
    expect(readsParameter(`listUsers: (state, { query }) => ok(query.status)`, status)).toBe(true);
  });
});
