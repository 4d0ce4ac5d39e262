// The typed openapi-fetch surface (`GET`, `POST`, … → `{ data, error, response }`), loaded on
// first use: an app that only calls the operation methods never downloads openapi-fetch, and
// bundlers put it in a chunk of its own.

import type { Client, Middleware } from "openapi-fetch";
import { QuatrixMissingApiKeyError } from "./errors.js";
import { operationTable } from "./generated/operations.js";
import type { paths } from "./generated/schema.js";
import type { ResolvedOptions } from "./options.js";

export type UserApiFetchClient = Client<paths, "application/json">;

const METHODS = ["request", "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

// The operations that send no key, from the table (signupUser today).
const anonymous = new Set(
  Object.values(operationTable)
    .filter((op) => !op.auth)
    .map((op) => `${op.method} ${op.path}`),
);
const operationIds = new Map<string, string>(
  Object.values(operationTable).map((op) => [`${op.method} ${op.path}`, op.operationId]),
);

export function createFetchSurface(options: ResolvedOptions): UserApiFetchClient {
  const apiKey = options.apiKey;
  const middleware: Middleware[] = [
    {
      onRequest({ request, schemaPath }) {
        const route = `${request.method} ${schemaPath}`;
        if (anonymous.has(route)) return request;
        if (apiKey !== undefined) request.headers.set("x-auth-token", apiKey);
        else if (!request.headers.has("x-auth-token"))
          throw new QuatrixMissingApiKeyError(operationIds.get(route) ?? route);
        return request;
      },
    },
  ];
  let loaded: UserApiFetchClient | undefined;
  let loading: Promise<UserApiFetchClient> | undefined;
  const load = () =>
    (loading ??= import("openapi-fetch").then(({ default: createClient }) => {
      loaded = createClient<paths>({
        baseUrl: options.baseUrl,
        headers: options.headers,
        // Looked up at call time, as the operation methods do.
        fetch: (request: Request) => (options.fetch ?? globalThis.fetch)(request),
      });
      loaded.use(...middleware);
      return loaded;
    }));

  const surface: Record<string, unknown> = {
    use(...added: Middleware[]) {
      middleware.push(...added);
      loaded?.use(...added);
    },
    eject(...removed: Middleware[]) {
      for (const m of removed) {
        const index = middleware.indexOf(m);
        if (index >= 0) middleware.splice(index, 1);
      }
      loaded?.eject(...removed);
    },
  };
  for (const method of METHODS) {
    surface[method] = (...args: unknown[]) =>
      load().then((client) => (client[method] as (...a: unknown[]) => Promise<unknown>)(...args));
  }
  return surface as unknown as UserApiFetchClient;
}
