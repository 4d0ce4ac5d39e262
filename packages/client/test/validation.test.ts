// Requests are checked against the document before anything is sent; responses on request.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type createUserApiClient, QuatrixValidationError } from "../src/index.js";
import { arbitraryFor, mutationsFor } from "./support/arbitraries.js";
import { bodyOperations } from "./support/fixtures.js";
import { guardSecrets, observe, rejection } from "./support/secrets.js";
import { useTestServer } from "./support/test-server.js";
import { clientFor } from "./support/transport.js";

guardSecrets();

const server = useTestServer(() => ({ kind: "json", status: 200, body: {} }));

const client = (options: Parameters<typeof createUserApiClient>[0] = {}) =>
  clientFor(server, { maxRetries: 0, ...options });

type Method = (...args: unknown[]) => Promise<unknown>;
const method = (c: ReturnType<typeof client>, operationId: string) =>
  (c as unknown as Record<string, Method>)[operationId] as Method;

describe("request validation", () => {
  it("refuses a body with a typo'd field, naming it, and sends nothing", async () => {
    const error = await rejection(client().createUser({ name: "Ada", emial: "ada@example.com" } as never));
    expect(error).toBeInstanceOf(QuatrixValidationError);
    const issues = (error as QuatrixValidationError).issues;
    expect(issues).toContainEqual({ path: "/body/email", message: "is required" });
    expect(issues).toContainEqual({ path: "/body/emial", message: "is not a field of this request" });
    expect(error.message).toContain("nothing was sent");
    expect(server.requests).toHaveLength(0);
  });

  it("names each failing field at once", async () => {
    const error = (await rejection(
      client().editUsers({ ids: ["nope"], status: "X", quota: -1 } as never),
    )) as QuatrixValidationError;
    expect(error.issues.map((i) => i.path).sort()).toEqual(["/body/ids/0", "/body/quota", "/body/status"]);
    expect(error.issues.find((i) => i.path === "/body/status")?.message).toBe('must be one of "A", "D"');
    expect(server.requests).toHaveLength(0);
  });

  it("refuses a path id that is not a uuid", async () => {
    const error = (await rejection(client().getUser("42"))) as QuatrixValidationError;
    expect(error.issues).toEqual([{ path: "/path/id", message: "must be a valid uuid" }]);
    expect(server.requests).toHaveLength(0);
  });

  it("refuses a body that is not an object", async () => {
    const error = (await rejection(client().deleteUsers(null as never))) as QuatrixValidationError;
    expect(error.issues[0]?.path).toBe("/body");
  });

  it("validateRequests: false sends the body as it is (client-wide and per call)", async () => {
    await client({ validateRequests: false }).createUser({ name: "Ada" } as never);
    await client().getUser("42", { validateRequests: false });
    expect(server.requests.map((r) => r.url)).toEqual(["/api/1.0/user/create", "/api/1.0/user/metadata/42"]);
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({ name: "Ada" });
  });

  it("property: bodies generated from the schemas pass and are sent", async () => {
    for (const [operationId, fixture] of bodyOperations) {
      await fc.assert(
        fc.asyncProperty(arbitraryFor(fixture.bodySchema), async (body) => {
          server.reset();
          server.enqueue({ kind: "empty", status: 200 });
          await method(
            client({ validateResponses: false }),
            operationId,
          )(body).catch((error: unknown) => {
            observe(error);
            if (error instanceof QuatrixValidationError) throw error;
          });
          expect(server.requests).toHaveLength(1);
        }),
        { numRuns: 40 },
      );
    }
  });

  it("property: an optional property given as undefined counts as absent: accepted, and left out of the JSON", async () => {
    const optionalOf = (schema: { properties?: Record<string, unknown>; required?: string[] }) =>
      Object.keys(schema.properties ?? {}).filter((name) => !schema.required?.includes(name));
    const withOptional = bodyOperations.filter(([, fixture]) => optionalOf(fixture.bodySchema).length > 0);
    expect(withOptional.length).toBeGreaterThan(0);
    for (const [operationId, fixture] of withOptional) {
      const optional = optionalOf(fixture.bodySchema);
      await fc.assert(
        fc.asyncProperty(arbitraryFor(fixture.bodySchema), async (body) => {
          server.reset();
          server.enqueue({ kind: "empty", status: 200 });
          const given = body as Record<string, unknown>;
          const withUndefined = { ...given };
          for (const name of optional) if (!(name in given)) withUndefined[name] = undefined;
          await method(
            client(),
            operationId,
          )(withUndefined).catch((error: unknown) => {
            observe(error);
            if (error instanceof QuatrixValidationError) throw error;
          });
          expect(server.requests).toHaveLength(1);
          expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual(given);
        }),
        { numRuns: 20 },
      );
    }
  });

  it("property: each mutation is refused with an issue naming the broken field", async () => {
    for (const [operationId, fixture] of bodyOperations) {
      const mutations = mutationsFor(fixture.bodySchema);
      await fc.assert(
        fc.asyncProperty(arbitraryFor(fixture.bodySchema), fc.constantFrom(...mutations), async (body, mutation) => {
          server.reset();
          const broken = mutation.apply(body as Record<string, unknown>);
          const error = await rejection(method(client(), operationId)(broken));
          expect(error).toBeInstanceOf(QuatrixValidationError);
          const paths = (error as QuatrixValidationError).issues.map((i) => i.path);
          expect(paths, `${operationId} ${mutation.kind} ${mutation.field}`).toContain(mutation.path);
          expect(server.requests).toHaveLength(0);
        }),
        { numRuns: 60 },
      );
    }
  });
});

describe("response validation (opt-in)", () => {
  const drifted = [{ id: "5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c", name: "Ada", email: 7, quota: "lots" }];

  it("is off by default: a drifted answer is returned as it is", async () => {
    server.enqueue({ kind: "json", status: 200, body: drifted });
    await expect(client().listUsers()).resolves.toEqual(drifted);
  });

  it("reports server drift with paths under /response", async () => {
    server.enqueue({ kind: "json", status: 200, body: drifted });
    const error = (await rejection(client({ validateResponses: true }).listUsers())) as QuatrixValidationError;
    expect(error).toBeInstanceOf(QuatrixValidationError);
    expect(error.issues.map((i) => i.path).sort()).toEqual(["/response/0/email", "/response/0/quota"]);
    expect(error.message).toContain("does not match the document");
  });

  it("keeps fields the document does not know (they are not dropped)", async () => {
    const user = { id: "5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c", name: "Ada", email: "ada@example.com", new_field: 1 };
    server.enqueue({ kind: "json", status: 200, body: user });
    await expect(client({ validateResponses: true }).getUser(user.id)).resolves.toEqual(user);
  });
});
