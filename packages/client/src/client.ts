// createUserApiClient: resolves the options, then offers two surfaces over one configuration —
// the generated operation methods (typed errors, retries, timeouts, validation) and the typed
// openapi-fetch client (`GET`, `POST`, … returning `{ data, error, response }`).

import type { Middleware } from "openapi-fetch";
import { createOperationCall } from "./core.js";
import { createFetchSurface, type UserApiFetchClient } from "./fetch-surface.js";
import { bindOperations, type UserApiOperations } from "./generated/operations.js";
import { checkOptionsObject, resolveOptions, type UserApiClientOptions } from "./options.js";

/** What a client has besides its operation methods and the openapi-fetch surface. */
export interface UserApiClientMethods {
  /**
   * A new client with `options` layered over this client's: a different key, base URL, headers
   * (merged, by lower-case name), timeouts or retries. The two share nothing mutable — headers
   * and middleware are copied (`use` on one does not change the other) — and both keep working
   * independently.
   */
  withOptions(options: UserApiClientOptions): UserApiClient;
}

/** A User API client: one method per operation, plus the openapi-fetch surface. */
export type UserApiClient = UserApiOperations & UserApiFetchClient & UserApiClientMethods;

/** Creates a client. Every option is optional; see `UserApiClientOptions` for the defaults. */
export function createUserApiClient(options: UserApiClientOptions = {}): UserApiClient {
  checkOptionsObject(options);
  const given: UserApiClientOptions = { ...options };
  if (options.headers !== undefined) given.headers = lowerCaseNames(options.headers);
  const resolved = resolveOptions(given);
  // The middleware of both surfaces (`use`, `eject`).
  const middleware: Middleware[] = [];
  const client: UserApiClient = {
    ...createFetchSurface(resolved, middleware),
    ...bindOperations(createOperationCall(resolved, middleware)),
    withOptions(more: UserApiClientOptions): UserApiClient {
      const layered: UserApiClientOptions = { ...given };
      for (const [name, value] of Object.entries(more)) {
        if (value !== undefined) (layered as Record<string, unknown>)[name] = value;
      }
      if (more.headers !== undefined) layered.headers = { ...given.headers, ...lowerCaseNames(more.headers) };
      const derived = createUserApiClient(layered);
      derived.use(...middleware);
      return derived;
    },
  };
  return client;
}

/** The headers with lower-case names, so a layer's `X-Tenant` replaces a base's `x-tenant`. */
function lowerCaseNames(headers: Record<string, string> | undefined): Record<string, string> {
  // Anything but a plain object is passed on as it is, for resolveOptions to refuse.
  if (headers === null || typeof headers !== "object" || Array.isArray(headers)) return headers as never;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}
