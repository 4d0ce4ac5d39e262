// The page's script, bundled by esbuild for the browser: the client, as a consumer's bundler
// would include it, exposed to the test on `window.quatrix`.
import * as quatrix from "@quatrix/user-api-client";

(globalThis as unknown as { quatrix: typeof quatrix }).quatrix = quatrix;
