// The numeric options are checked the same way when a client is created and on each call, on
// both surfaces: out of range is a QuatrixValidationError naming the option and its range,
// before anything is sent.
import { describe, expect, it } from "vitest";
import { createUserApiClient, QuatrixValidationError, type UserApiClientOptions } from "../src/index.js";
import { creationError, guardSecrets, rejection } from "./support/secrets.js";
import { useTestServer } from "./support/test-server.js";
import { clientFor } from "./support/transport.js";

guardSecrets();

const server = useTestServer();

const client = (options: UserApiClientOptions = {}) => clientFor(server, { ...options });

const MAX_TIMER = 2_147_483_647;
// Each option, values it refuses, values it accepts, and the range its error must state.
const RANGES = [
  [
    "timeoutMs",
    [-1, 0.5, MAX_TIMER + 1, 2 ** 40, Number.NaN, Number.POSITIVE_INFINITY, "100"],
    [0, 1, MAX_TIMER],
    `0 to ${MAX_TIMER}`,
  ],
  ["maxRetries", [-1, 11, 1.5, Number.NaN, "2"], [0, 10], "0 to 10"],
  ["retryBaseDelayMs", [-1, MAX_TIMER + 1, 0.5], [0, MAX_TIMER], `0 to ${MAX_TIMER}`],
  ["retryMaxDelayMs", [-1, MAX_TIMER + 1], [0, MAX_TIMER], `0 to ${MAX_TIMER}`],
  ["maxRetryAfterMs", [-1, MAX_TIMER + 1], [0, MAX_TIMER], `0 to ${MAX_TIMER}`],
  ["maxResponseBytes", [0, -1, 1.5, Number.NaN, 2 ** 60], [1, 1024], `1 to ${Number.MAX_SAFE_INTEGER}`],
] as const;
const PER_CALL = new Set(["timeoutMs", "maxRetries", "maxResponseBytes"]);

describe("option ranges", () => {
  for (const [name, refused, accepted, range] of RANGES) {
    it(`${name}: ${refused.map(String).join(", ")} refused at creation, naming the option and its range`, () => {
      for (const value of refused) {
        const error = creationError(() => client({ [name]: value }));
        expect(error).toBeInstanceOf(QuatrixValidationError);
        expect((error as QuatrixValidationError).issues).toEqual([
          { path: `/options/${name}`, message: `must be an integer from ${range}` },
        ]);
        expect(error.message).toContain("the client was not created");
      }
      for (const value of accepted) expect(() => client({ [name]: value })).not.toThrow();
    });

    if (!PER_CALL.has(name)) continue;
    it(`${name}: the same values are refused per call, on both surfaces, and nothing is sent`, async () => {
      const c = client();
      for (const value of refused) {
        const errors = [await rejection(c.listUsers({ [name]: value }))];
        if (name === "maxResponseBytes") errors.push(await rejection(c.GET("/user", { [name]: value } as never)));
        for (const error of errors) {
          expect(error).toBeInstanceOf(QuatrixValidationError);
          expect((error as QuatrixValidationError).issues).toEqual([
            { path: `/options/${name}`, message: `must be an integer from ${range}` },
          ]);
          expect(error.message).toContain("nothing was sent");
        }
      }
      expect(server.requests).toHaveLength(0);
    });
  }

  it("a per-call timeoutMs at the top of the range does not fire at once", async () => {
    server.enqueue({ kind: "slow", delayMs: 100, answer: { kind: "json", status: 200, body: [] } });
    await expect(client({ maxRetries: 0 }).listUsers({ timeoutMs: MAX_TIMER })).resolves.toEqual([]);
  });

  it("options that are not an object are refused", () => {
    expect(creationError(() => createUserApiClient("https://api.quatrix.it" as never))).toBeInstanceOf(
      QuatrixValidationError,
    );
  });

  it("fetch and transport together are refused", () => {
    const transport = { send: () => Promise.reject(new Error("unused")) };
    const error = creationError(() => client({ fetch: globalThis.fetch, transport }));
    expect((error as QuatrixValidationError).issues[0]?.path).toBe("/options/transport");
  });
});
