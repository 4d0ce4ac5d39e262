// tools/call over stdio and over Streamable HTTP, through the client, against the mock server:
// every tool with the document's example arguments; the API's errors, a 503 that the client
// retries, a dropped connection and invalid arguments as `isError` results.
import { QuatrixErrorCode } from "@quatrix/user-api-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  API_KEY,
  apiModel,
  type Connection,
  connect,
  EXAMPLE_USERS,
  exampleArguments,
  schemaErrors,
  startSeededMock,
  type Transport,
} from "./support/harness.js";

const mock = await startSeededMock();
afterAll(() => mock.close());
afterEach(() => mock.reset());

type CallResult = Awaited<ReturnType<Connection["client"]["callTool"]>>;
const text = (result: CallResult) => (result.content as { type: string; text: string }[]).map((c) => c.text).join("\n");

describe.each<Transport>(["stdio", "http"])("over %s", (transport) => {
  let connection: Connection;
  let tools: Awaited<ReturnType<Connection["client"]["listTools"]>>["tools"];
  const results: CallResult[] = [];
  beforeAll(async () => {
    connection = await connect(transport, mock.baseUrl);
    tools = (await connection.client.listTools()).tools;
  });
  afterAll(async () => {
    await connection.close();
    // The key was sent (the mock checks it) but appears in no result and no output.
    expect(JSON.stringify(results)).not.toContain(API_KEY);
    expect(connection.output()).not.toContain(API_KEY);
  });
  const call = async (name: string, args: Record<string, unknown>) => {
    const result = (await connection.client.callTool({ name, arguments: args })) as CallResult;
    results.push(result);
    return result;
  };

  it.each(apiModel.operations.map((o) => o.operationId))("%s with the document's example arguments", async (id) => {
    const tool = tools.find((t) => t.name === id);
    const args = exampleArguments(id);
    if (tool?.annotations?.destructiveHint) args["confirm"] = true;
    // createUser creates the user its example names: it runs against a mock without that user.
    const creates = id === "createUser";
    const target = creates ? await fresh(args) : mock;
    const via = creates ? await connect(transport, target.baseUrl) : connection;
    try {
      const result = (await via.client.callTool({ name: id, arguments: args })) as CallResult;
      results.push(result);
      expect(result.isError, text(result)).toBeFalsy();
      const sent = target.requests.filter((r) => r.operationId === id);
      expect(sent).toHaveLength(1);
      expect(sent[0]?.status).toBeLessThan(300);
      if (tool?.outputSchema) {
        expect(result.structuredContent).toBeDefined();
        expect(schemaErrors(tool.outputSchema, result.structuredContent)).toBe("");
        expect(JSON.parse(text(result))).toEqual(result.structuredContent);
      } else expect(result.structuredContent).toBeUndefined();
    } finally {
      if (creates) {
        expect(via.output()).not.toContain(API_KEY);
        await via.close();
        await target.close();
      }
    }
  });

  it("404: an unknown user is an isError result with the status, the code by name and the message", async () => {
    const result = await call("getUser", { id: "00000000-0000-4000-8000-000000000000" });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/HTTP 404/);
    expect(text(result)).toContain(`code ${QuatrixErrorCode.NotFound} NotFound`);
  });

  it("400 user exists: createUser with a taken e-mail", async () => {
    const [ada] = EXAMPLE_USERS;
    const result = await call("createUser", { name: "Ada again", email: ada?.email });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/HTTP 400/);
    expect(text(result)).toContain(`code ${QuatrixErrorCode.UserExists} UserExists`);
  });

  it("an injected 503 is retried by the client, then the tool succeeds", async () => {
    mock.inject({ operationId: "listUsers", status: 503 });
    const result = await call("listUsers", {});
    expect(result.isError, text(result)).toBeFalsy();
    expect(mock.requests.filter((r) => r.operationId === "listUsers").map((r) => r.status)).toEqual([503, 200]);
  });

  it("a 503 every time: an isError result once the retries are spent", async () => {
    mock.inject({ operationId: "listUserGroups", status: 503, times: Number.POSITIVE_INFINITY });
    const result = await call("listUserGroups", {});
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/HTTP 503/);
  });

  it("a dropped connection on a POST: an isError result, sent once", async () => {
    mock.inject({ operationId: "createUser", reset: "before-response" });
    const result = await call("createUser", { name: "Linus", email: "linus@example.com" });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/Connection failed/);
    expect(mock.requests.filter((r) => r.operationId === "createUser")).toHaveLength(1);
  });

  it("invalid arguments are refused naming the field, nothing sent", async () => {
    const missing = await call("createUser", { name: "No e-mail" });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toMatch(/\bemail: /);
    const unknown = await call("listUsers", { emial: "x" });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toContain("emial: is not an argument of listUsers");
    const noId = await call("getUser", {});
    expect(text(noId)).toContain("id: is required");
    expect(mock.requests).toHaveLength(0);
  });
});

/** A mock without the user whose e-mail the arguments name, as it was before that user existed. */
async function fresh(args: Record<string, unknown>) {
  const users = EXAMPLE_USERS.filter((u) => u.email !== args["email"]);
  return startSeededMock(users);
}
