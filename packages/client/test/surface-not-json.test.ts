// A success answer of the openapi-fetch surface whose body is not JSON: openapi-fetch's own
// JSON.parse error quotes the body, which may echo the key; the surface rejects as the methods do.
import { describe, expect, it } from "vitest";
import { QuatrixError, QuatrixInvalidResponseError, type QuatrixLogger } from "../src/index.js";
import { API_KEY, guardSecrets, observe, rejection } from "./support/secrets.js";
import { useTestServer } from "./support/test-server.js";
import { clientFor } from "./support/transport.js";

guardSecrets();

const server = useTestServer();

describe("the surface, given a 2xx body that is not JSON", () => {
  it("rejects with QuatrixInvalidResponseError, the echoed key redacted, and logs it", async () => {
    const lines: string[] = [];
    const record = (line: string) => lines.push(observe(line));
    const logger: QuatrixLogger = { error: record, warn: record, info: record, debug: record };
    const client = clientFor(server, { logLevel: "error", logger });
    for (const body of [`x ${API_KEY}`, `{"token":"${API_KEY}"`, `<html>${API_KEY}</html>`]) {
      server.enqueue({ kind: "raw", status: 200, body, contentType: "text/plain" });
      const error = await rejection(client.GET("/user"));
      expect(error).toBeInstanceOf(QuatrixInvalidResponseError);
      expect(error).toBeInstanceOf(QuatrixError);
      expect(error.message).toContain("GET");
      expect((error as QuatrixInvalidResponseError).bodyExcerpt).toContain("[redacted]");
    }
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain("not JSON");
  });

  it("still resolves an empty body, and a body read as text", async () => {
    const client = clientFor(server);
    server.enqueue({ kind: "raw", status: 200, body: "" });
    expect((await client.GET("/user")).data).toBeUndefined();
    server.enqueue({ kind: "raw", status: 200, body: "plain" });
    expect((await client.GET("/user", { parseAs: "text" })).data).toBe("plain");
    observe("checked");
  });
});
