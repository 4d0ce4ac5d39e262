// createUserApiClient: resolves the options, then offers two surfaces over one configuration —
// the generated operation methods (typed errors, retries, timeouts, validation) and the typed
// openapi-fetch client (`GET`, `POST`, … returning `{ data, error, response }`).

import { createOperationCall } from "./core.js";
import { createFetchSurface, type UserApiFetchClient } from "./fetch-surface.js";
import { bindOperations, type UserApiOperations } from "./generated/operations.js";
import { resolveOptions, type UserApiClientOptions } from "./options.js";

/** A User API client: one method per operation, plus the openapi-fetch surface. */
export type UserApiClient = UserApiOperations & UserApiFetchClient;

/** Creates a client. Every option is optional; see `UserApiClientOptions` for the defaults. */
export function createUserApiClient(options: UserApiClientOptions = {}): UserApiClient {
  const resolved = resolveOptions(options);
  return { ...createFetchSurface(resolved), ...bindOperations(createOperationCall(resolved)) };
}
