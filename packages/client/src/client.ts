// createUserApiClient: resolves the options, then offers two surfaces over one configuration —
// the generated operation methods (typed errors, retries, timeouts, validation) and the typed
// openapi-fetch client (`GET`, `POST`, … returning `{ data, error, response }`).

import createClient, { type Client, type Middleware } from "openapi-fetch";
import { createOperationCall } from "./core.js";
import { bindOperations, operationTable, type UserApiOperations } from "./generated/operations.js";
import type { paths } from "./generated/schema.js";
import { resolveOptions, type UserApiClientOptions } from "./options.js";

/** A User API client: one method per operation, plus the openapi-fetch surface. */
export type UserApiClient = UserApiOperations & Client<paths, "application/json">;

/** Creates a client. Every option is optional; see `UserApiClientOptions` for the defaults. */
export function createUserApiClient(options: UserApiClientOptions = {}): UserApiClient {
  const resolved = resolveOptions(options);
  const fetchClient = createClient<paths>({
    baseUrl: resolved.baseUrl,
    headers: resolved.headers,
    // Looked up at call time, like the operation methods do, so a fetch patched later is used.
    fetch: (request: Request) => (resolved.fetch ?? globalThis.fetch)(request),
  });
  const apiKey = resolved.apiKey;
  if (apiKey !== undefined) fetchClient.use(authMiddleware(apiKey));
  return { ...fetchClient, ...bindOperations(createOperationCall(resolved)) };
}

// The operations that send no key, from the table (signupUser today).
const anonymous = new Set(
  Object.values(operationTable)
    .filter((op) => !op.auth)
    .map((op) => `${op.method} ${op.path}`),
);

function authMiddleware(apiKey: string): Middleware {
  return {
    onRequest({ request, schemaPath }) {
      if (!anonymous.has(`${request.method} ${schemaPath}`)) request.headers.set("x-auth-token", apiKey);
      return request;
    },
  };
}
