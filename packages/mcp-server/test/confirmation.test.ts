// Destructive tools (x-quatrix-destructive in the document) send nothing until the user agreed:
// asked through elicitation when the MCP client supports it (naming the users affected),
// otherwise only with `confirm: true`.
import type { ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  API_KEY,
  apiModel,
  connect,
  EXAMPLE_USERS,
  exampleArguments,
  operationObject,
  startSeededMock,
} from "./support/harness.js";

const mock = await startSeededMock();
afterAll(() => mock.close());
afterEach(() => mock.reset());

const destructive = apiModel.operations
  .map((o) => o.operationId)
  .filter((id) => operationObject(id)["x-quatrix-destructive"] === true);

type Text = { type: string; text: string }[];

it("the document declares destructive operations", () => {
  expect(destructive.length).toBeGreaterThan(0);
});

describe.each(destructive)("%s", (id) => {
  it("without elicitation and without confirm: true, nothing is sent and the result says how to confirm", async () => {
    const connection = await connect("stdio", mock.baseUrl);
    try {
      const args = exampleArguments(id);
      for (const confirm of [undefined, false]) {
        const result = await connection.client.callTool({
          name: id,
          arguments: { ...args, ...(confirm === undefined ? {} : { confirm }) },
        });
        expect(result.isError).toBe(true);
        expect((result.content as Text)[0]?.text).toContain("confirm: true");
      }
      expect(mock.requests.filter((r) => r.operationId === id)).toHaveLength(0);
      const confirmed = await connection.client.callTool({ name: id, arguments: { ...args, confirm: true } });
      expect(confirmed.isError).toBeFalsy();
      expect(mock.requests.filter((r) => r.operationId === id)).toHaveLength(1);
    } finally {
      await connection.close();
    }
  });

  it.each<[string, ElicitResult, boolean]>([
    ["decline", { action: "decline" }, false],
    ["cancel", { action: "cancel" }, false],
    ["accept without a yes", { action: "accept", content: { confirm: false } }, false],
    ["accept", { action: "accept", content: { confirm: true } }, true],
  ])("with elicitation, %s", async (_, answer, sent) => {
    const questions: string[] = [];
    const connection = await connect("http", mock.baseUrl, {
      elicit: (message) => {
        questions.push(message);
        return answer;
      },
    });
    try {
      const result = await connection.client.callTool({ name: id, arguments: exampleArguments(id) });
      expect(questions).toHaveLength(1);
      // The question names the users affected, by name and e-mail.
      const ids = (exampleArguments(id)["ids"] as string[] | undefined) ?? [];
      for (const userId of ids) {
        const user = EXAMPLE_USERS.find((u) => u.id === userId);
        expect(questions[0]).toContain(userId);
        if (user) expect(questions[0]).toContain(`${user.name} <${user.email}>`);
      }
      expect(questions[0]).not.toContain(API_KEY);
      expect(Boolean(result.isError)).toBe(!sent);
      expect(mock.requests.filter((r) => r.operationId === id)).toHaveLength(sent ? 1 : 0);
    } finally {
      await connection.close();
    }
  });
});
