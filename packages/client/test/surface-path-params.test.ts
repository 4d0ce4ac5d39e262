// The openapi-fetch surface fills path parameters by the operation methods' rule: "", "." and
// ".." would turn `/user/metadata/{id}` into another route (`/user/metadata/..` is `/user/`,
// another operation, sent with the key), and a lone surrogate made openapi-fetch throw a bare
// URIError. Each is a QuatrixValidationError now, and nothing is sent.
import { describe, expect, it } from "vitest";
import { QuatrixValidationError } from "../src/index.js";
import { guardSecrets, rejection } from "./support/secrets.js";
import { useTestServer } from "./support/test-server.js";
import { clientFor } from "./support/transport.js";

guardSecrets();

const server = useTestServer();

const client = () => clientFor(server, { maxRetries: 0 });

describe("path parameters on the openapi-fetch surface", () => {
  it.each([
    ["..", "cannot be empty, '.' or '..'"],
    [".", "cannot be empty, '.' or '..'"],
    ["", "cannot be empty, '.' or '..'"],
    ["\ud800", "must be well-formed Unicode (it has a lone surrogate)"],
  ])("%j is refused before sending, as by getUser", async (id, message) => {
    const error = await rejection(client().GET("/user/metadata/{id}", { params: { path: { id } } }));
    expect(error).toBeInstanceOf(QuatrixValidationError);
    expect((error as QuatrixValidationError).issues).toEqual([{ path: "/path/id", message }]);
    expect(server.requests).toHaveLength(0);
  });

  it("values with / ? # or encoded dots stay inside their segment, as before", async () => {
    server.fallback = () => ({ kind: "json", status: 404, body: { code: 20, msg: "User not found" } });
    for (const id of ["../../x", "a?b#c", "%2e%2e"]) {
      await client().GET("/user/metadata/{id}", { params: { path: { id } } });
    }
    expect(server.requests.map((r) => r.url)).toEqual([
      "/api/1.0/user/metadata/..%2F..%2Fx",
      "/api/1.0/user/metadata/a%3Fb%23c",
      "/api/1.0/user/metadata/%252e%252e",
    ]);
  });
});
