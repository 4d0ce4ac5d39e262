// Types of serve.mjs, for the tests.
import type { Server } from "node:http";

/** Serves `dir` on 127.0.0.1 (port 0: any free one); resolves to the server and its URL. */
export function serveDirectory(dir: string, port?: number): Promise<{ server: Server; url: string }>;
