// What the mock answers for an operation without a rule, and how records are shaped: both come
// from the document, and both pass the client's own response validators.
import { responseIssues } from "@quatrix/user-api-client/internal";
import { describe, expect, it } from "vitest";
import { DEFAULT_GROUPS, DEFAULT_USERS } from "../src/default-account.js";
import { model, routes } from "../src/document.js";
import { DOCUMENT_ANSWER_HEADER, documentAnswer, noRuleNotice } from "../src/document-answer.js";
import { resolveSchema, valueFor } from "../src/schema-values.js";
import { AccountState } from "../src/state.js";

describe("an operation answered from the document", () => {
  for (const route of routes) {
    it(`${route.operationId}: the success status, marked, with a valid body`, () => {
      const answer = documentAnswer(route);
      expect(answer.status).toBe(route.operation.success.statusCode);
      expect(answer.headers?.[DOCUMENT_ANSWER_HEADER]).toBe("document");
      expect(responseIssues(route.operationId, answer.body)).toEqual([]);
      // Without an example, the value built from the schema is valid too.
      const { schema } = route.operation.success;
      if (schema) expect(responseIssues(route.operationId, valueFor(schema))).toEqual([]);
      else expect(answer.body).toBeUndefined();
    });
  }

  it("the notice names the operation and the file that would hold its rule", () => {
    const [route] = routes;
    expect(route && noRuleNotice(route)).toMatch(
      new RegExp(`${route?.operationId}.*packages/mock-server/src/rules.ts`),
    );
  });
});

describe("records shaped by the schema", () => {
  it("a new user has every property UserResp declares, optional ones included", () => {
    const state = new AccountState(DEFAULT_USERS, DEFAULT_GROUPS, false);
    const user = state.newUser({ name: "Ada", email: "ada@example.com" });
    const declared = Object.keys(resolveSchema({ $ref: "#/components/schemas/UserResp" }).properties ?? {});
    expect(declared.length).toBeGreaterThan(0);
    expect(Object.keys(user).sort()).toEqual(expect.arrayContaining(declared.sort()));
    expect(model.schemas.UserResp).toBeDefined();
  });
});
