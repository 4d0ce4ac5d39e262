// The page's script, bundled by esbuild for the browser as a consumer's bundler would: the mock's
// MSW handlers in a service worker (msw's setupWorker), the client calling them. The test reaches
// both through `window.quatrix` and `window.mock`. The handlers come from the source (the
// typecheck runs before this package is built); browser-msw.test.ts bundles the built entry too.
import * as quatrix from "@quatrix/user-api-client";
import { setupWorker } from "msw/browser";
import { createUserApiHandlers } from "../../src/msw.js";

// The page's own origin: every request stays on 127.0.0.1, answered by the worker. (The mock's
// tsconfig has no DOM library: its source must not need one.)
const { origin } = (globalThis as unknown as { location: URL }).location;
const mock = createUserApiHandlers({ baseUrl: `${origin}/api/1.0`, apiKey: "browser-key" });
const worker = setupWorker(...mock.handlers);
await worker.start({ serviceWorker: { url: "/mockServiceWorker.js" }, onUnhandledRequest: "error", quiet: true });

Object.assign(globalThis, { quatrix, mock });
