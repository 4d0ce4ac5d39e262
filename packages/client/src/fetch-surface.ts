// The typed openapi-fetch surface (`GET`, `POST`, … → `{ data, error, response }`). Its client
// (openapi-fetch-client.ts, with openapi-fetch itself) is loaded on the first call: an app that
// only calls the operation methods never downloads it, and bundlers put it in a chunk of its own.

import type { Client, Middleware } from "openapi-fetch";
import { throwIfAborted } from "./abort.js";
import type { paths } from "./generated/schema.js";
import * as parts from "./main-parts.js";
import type { OpenapiFetchClient } from "./openapi-fetch-client.js";
import { loadOptIn } from "./opt-in-load.js";
import type { ResolvedOptions } from "./options.js";
import { preload } from "./preload.js";

export type UserApiFetchClient = Client<paths, "application/json">;

const METHODS = ["request", "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

/**
 * The surface of a client. `middleware` is the client's list, shared with the operation methods:
 * `use` and `eject` change it for both.
 */
export function createFetchSurface(options: ResolvedOptions, middleware: Middleware[]): UserApiFetchClient {
  let loaded: OpenapiFetchClient | undefined;
  let loading: Promise<OpenapiFetchClient> | undefined;
  const load = () =>
    (loading ??= import("./openapi-fetch-client.js").then(({ createOpenapiFetchClient }) => {
      loaded = createOpenapiFetchClient(options, middleware, parts);
      return loaded;
    }));

  const surface: Record<string, unknown> = {
    use(...added: Middleware[]) {
      // Kept until the client loads; then added to it too. The operation methods' middleware
      // path starts loading now, so their next call does not wait for it.
      middleware.push(...added);
      if (added.length > 0) preload(loadOptIn);
      loaded?.client.use(...added);
    },
    eject(...removed: Middleware[]) {
      for (const m of removed) {
        const index = middleware.indexOf(m);
        if (index >= 0) middleware.splice(index, 1);
      }
      loaded?.client.eject(...removed);
    },
  };
  for (const method of METHODS) {
    surface[method] = async (...args: unknown[]) => {
      if (loaded) return loaded.call(method, args);
      const client = await load();
      // The load took time: a signal that aborted meanwhile stops the call before it is sent.
      throwIfAborted(signalOf(args[method === "request" ? 2 : 1]));
      return client.call(method, args);
    };
  }
  return surface as unknown as UserApiFetchClient;
}

/** The signal of a call's init (of any init: the surface refuses one that is not an object later). */
function signalOf(init: unknown): AbortSignal | undefined {
  return (init as { signal?: AbortSignal } | null | undefined)?.signal;
}
