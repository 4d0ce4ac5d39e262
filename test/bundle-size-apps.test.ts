// The "all operations" app of the size budget calls every operation of the generated operation
// model, each with a request the API accepts, so a new operation is measured with no change to
// scripts/bundle-size.mjs. Its calls run here against the mock server over HTTP.
import { createUserApiClient, QuatrixValidationError } from "@quatrix/user-api-client";
import { startMockServer } from "@quatrix/user-api-mock";
import { describe, expect, it } from "vitest";
import { allCalls } from "../scripts/bundle-size.mjs";
import { renderFixtures } from "../scripts/codegen/fixtures.mjs";
import { liveDocument, modelOf } from "./support/document.js";

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...values: unknown[]) => Promise<unknown>;

/** The app's calls, one statement each, and the declaration of `id` they share. */
function statementsOf(source: string): { declaration: string; calls: string[] } {
  const lines = source
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const [declaration = "", ...calls] = lines;
  return { declaration, calls };
}

describe("the all-operations app of the size budget", () => {
  it("calls every operation of the document once, each accepted by the client and the mock", async () => {
    const operations = modelOf(liveDocument()).operations.map((op) => op.operationId);
    const { declaration, calls } = statementsOf(allCalls());
    expect(calls.map((call) => call.match(/^await client\.(\w+)\(/)?.[1])).toEqual(operations);

    // The default account: the key's user (the account owner), and the users of the document's
    // examples, which the calls (built from those examples) name.
    const mock = await startMockServer({ apiKey: "k" });
    try {
      const client = createUserApiClient({ baseUrl: mock.baseUrl, apiKey: "k", maxRetries: 0 });
      for (const call of calls) {
        // Each call on its own: one answered 404 (a user deleted by an earlier call) stops no other.
        const error = await new AsyncFunction("client", `${declaration}\n${call}`)(client).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, call).not.toBeInstanceOf(QuatrixValidationError);
      }
      const answered = mock.requests.filter((r) => r.operationId !== undefined);
      expect(answered.map((r) => r.operationId)).toEqual(operations);
      // No answer refused the request itself (400 names a missing or bad field; 5xx a broken mock).
      for (const r of answered)
        expect([r.operationId, r.status < 400 || r.status === 404]).toEqual([r.operationId, true]);
    } finally {
      await mock.close();
    }
  });

  it("measures a new operation without a change to the script", () => {
    const document = liveDocument();
    document.paths["/user/quota/{id}"] = {
      get: {
        operationId: "getUserQuota",
        summary: "Get a user's quota",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
        responses: { "200": { description: "The quota." } },
      },
    };
    document.paths["/user/notify"] = {
      post: {
        operationId: "notifyUsers",
        summary: "Notify users",
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["ids", "message", "urgent"],
                properties: {
                  ids: { type: "array", minItems: 1, items: { type: "string", format: "uuid" } },
                  message: { type: "string", minLength: 3 },
                  urgent: { type: "boolean" },
                  channel: { type: "string", enum: ["mail", "sms"] },
                },
              },
            },
          },
        },
        responses: { "200": { description: "Sent." } },
      },
    };
    const fixtures = JSON.parse(renderFixtures(modelOf(document)));
    const { calls } = statementsOf(allCalls(fixtures));
    expect(calls).toContain("await client.getUserQuota(id);");
    expect(calls).toContain('await client.notifyUsers({"ids":[id],"message":"aaa","urgent":false});');
    expect(calls).toHaveLength(Object.keys(fixtures).length);
  });
});
