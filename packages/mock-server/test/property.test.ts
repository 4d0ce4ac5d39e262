// Property tests: thousands of random and mutated bodies for each POST operation never crash
// the server or produce a 5xx; every answer is a declared status with a valid body (the
// contract check); the server answers normally afterwards. And the client's validation and
// the server's agree on the same bodies, issue for issue.
import { createUserApiClient, QuatrixValidationError } from "@quatrix/user-api-client";
import fc from "fast-check";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Route, routes } from "../src/document.js";
import type { MockServer } from "../src/index.js";
import { unsafeNumbers } from "../src/numbers.js";
import { resolveSchema } from "../src/schema-values.js";
import type { Issue } from "../src/validation.js";
import { API_KEY } from "./support/client.js";
import { startCheckedMockServer } from "./support/contract.js";

let server: MockServer;
beforeAll(async () => {
  server = await startCheckedMockServer({ apiKey: API_KEY });
});
afterEach(() => server.reset());

const posts = routes.filter((r) => r.method === "POST" && r.operation.requestBody);

/** The body's top-level fields, from its schema in the model. */
function fieldsOf(route: Route): string[] {
  const schema = route.operation.requestBody?.schema;
  return Object.keys((schema && resolveSchema(schema).properties) ?? {});
}
const OWNER = "2a3b4c5d-6e7f-4081-92a3-b4c5d6e7f809";
const GROUP = "8d2e3f4a-6b7c-4d8e-9f0a-1b2c3d4e5f60";

/** Field values that sometimes hit the account's real ids, so rules past validation run too. */
const anyValue = fc.oneof(
  fc.constantFrom(OWNER, GROUP, "2FA", "PIN", "A", "D", "Y", "N", "owner@example.com", "cGFzcw==", "", null, [], {}),
  fc.constant([OWNER]),
  fc.constant([GROUP]),
  fc.uuid(),
  fc.emailAddress(),
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.array(fc.oneof(fc.uuid(), fc.string({ maxLength: 8 })), { maxLength: 3 }),
);

function bodyFor(fields: string[]): fc.Arbitrary<unknown> {
  const objectBody = fc.dictionary(fc.constantFrom(...fields, "emial", "__proto__", "constructor", "x"), anyValue, {
    maxKeys: fields.length + 2,
  });
  return fc.oneof(
    { weight: 8, arbitrary: objectBody },
    { weight: 1, arbitrary: fc.jsonValue() },
    { weight: 1, arbitrary: fc.constantFrom("", "{", "[1,", "null", "\u0000", '{"ids": [') },
  );
}

async function send(path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-auth-token": API_KEY },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

describe("random and mutated bodies", () => {
  for (const route of posts) {
    const fields = fieldsOf(route);

    it(`${route.operationId}: 1000 bodies, never a 5xx`, async () => {
      await fc.assert(
        fc.asyncProperty(bodyFor(fields), async (body) => {
          const { status, json } = await send(route.path, body);
          expect(status).toBeLessThan(500);
          expect(route.statuses).toContain(String(status));
          if (status >= 400) expect(json).toMatchObject({ code: expect.any(Number), msg: expect.any(String) });
        }),
        { numRuns: 1000 },
      );
      const alive = await fetch(`${server.baseUrl}/user`, { headers: { "x-auth-token": API_KEY } });
      expect(alive.status).toBe(200);
      // A thousand round trips take seconds on an idle machine, minutes on a loaded one.
    }, 300_000);
  }
});

describe("the client and the server agree", () => {
  for (const route of posts) {
    const fields = fieldsOf(route);
    it(`${route.operationId}: the client and the server name the same issues for the same body`, async () => {
      const live = createUserApiClient({ baseUrl: server.baseUrl, apiKey: API_KEY, maxRetries: 0 });
      const call = (live as unknown as Record<string, (body: unknown) => Promise<unknown>>)[route.operationId];
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(fc.constantFrom(...fields, "emial"), anyValue, { maxKeys: fields.length + 1 }),
          async (body) => {
            server.reset();
            const clientIssues = await call?.(body).then(
              () => [],
              (error: unknown) => (error instanceof QuatrixValidationError ? error.issues : []),
            );
            const { status, json } = await send(route.path, body);
            const serverIssues =
              status === 400 ? ((json as { details?: { issues?: Issue[] } })?.details?.issues ?? []) : [];
            // The mock also refuses numbers JavaScript cannot hold exactly, which the client sends as they are.
            const mockOnly = new Set(unsafeNumbers(body).map((i) => JSON.stringify(i)));
            const schemaIssues = serverIssues.filter((i) => !mockOnly.has(JSON.stringify(i)));
            expect(clientIssues, JSON.stringify({ body, status, json })).toEqual(schemaIssues);
          },
        ),
        { numRuns: 200 },
      );
    });
  }
});
