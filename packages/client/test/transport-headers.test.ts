// Headers that frame the message or manage the connection are the transport's: given by a
// caller, fetch never sent the request (a wrong content-length hung the call until its
// timeout) and node:http sent them beside its own (two content-lengths, a host naming another
// virtual host). Both surfaces refuse them before sending, on both transports.
import { describe, expect, it } from "vitest";
import { QuatrixValidationError } from "../src/index.js";
import { guardSecrets, observe, rejection } from "./support/secrets.js";
import { useTestServer } from "./support/test-server.js";
import { clientFor } from "./support/transport.js";

guardSecrets();

const server = useTestServer();

const client = (headers?: Record<string, string>) =>
  clientFor(server, { maxRetries: 0, timeoutMs: 2_000, ...(headers ? { headers } : {}) });

const BODY = { name: "Ann", email: "ann@example.com" };
const FRAMING = [
  ["content-length", "0"],
  ["Content-Length", "5"],
  ["transfer-encoding", "chunked"],
  ["host", "other.example"],
  ["connection", "close"],
  ["upgrade", "websocket"],
  ["expect", "100-continue"],
] as const;

describe("headers the transport sets", () => {
  it.each(FRAMING)("%s per call: refused before sending by the methods", async (name, value) => {
    server.fallback = () => ({ kind: "json", status: 201, body: {} });
    const error = await rejection(client().createUser(BODY, { headers: { [name]: value } }));
    expect(error).toBeInstanceOf(QuatrixValidationError);
    expect((error as QuatrixValidationError).issues).toEqual([
      { path: `/headers/${name}`, message: "is set by the transport and may not be given" },
    ]);
    expect(server.requests).toHaveLength(0);
  });

  it.each(FRAMING)("%s per call: refused before sending by the openapi-fetch surface", async (name, value) => {
    server.fallback = () => ({ kind: "json", status: 201, body: {} });
    const error = await rejection(client().POST("/user/create", { body: BODY, headers: { [name]: value } }));
    expect(error).toBeInstanceOf(QuatrixValidationError);
    expect(server.requests).toHaveLength(0);
  });

  it("in the client's headers: the client is not created", () => {
    let error: unknown;
    try {
      client({ "Transfer-Encoding": "chunked" });
    } catch (caught) {
      error = observe(caught);
    }
    expect(error).toBeInstanceOf(QuatrixValidationError);
    expect((error as QuatrixValidationError).issues[0]?.path).toBe("/headers/transfer-encoding");
  });

  it("the transport's own framing still goes out: one content-length, the base URL's host", async () => {
    server.fallback = () => ({ kind: "json", status: 201, body: {} });
    await client().createUser(BODY, { headers: { "x-team": "blue" } });
    const [request] = server.requests;
    expect(request?.headers["content-length"]).toBe(String(JSON.stringify(BODY).length));
    expect(request?.headers.host).toBe(new URL(server.url).host);
    expect(JSON.parse(request?.body ?? "")).toEqual(BODY);
  });
});
