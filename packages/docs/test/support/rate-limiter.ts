// A purpose-built fault injector for the guides' code: an HTTP proxy on 127.0.0.1 in front of
// the mock server that answers the next N POSTs with 429 and `Retry-After: 1`, as a rate-limited
// Quatrix would, and passes every other request through untouched.
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RateLimiter {
  /** The proxy's base URL, in place of the mock's. */
  baseUrl: string;
  /** Answers the next `count` POSTs with 429. */
  limitNextPosts(count: number): void;
  /** 429s answered since the last `limitNextPosts`. */
  readonly limited: number;
  close(): Promise<void>;
}

/** `body`: the 429 answer's body, the document's example. */
export async function startRateLimiter(mockBaseUrl: string, body: unknown): Promise<RateLimiter> {
  const target = new URL(mockBaseUrl);
  let pending = 0;
  let limited = 0;
  const server: Server = createServer((req, res) => {
    if (req.method === "POST" && pending > 0) {
      pending--;
      limited++;
      req.resume();
      res.writeHead(429, { "content-type": "application/json", "retry-after": "1" });
      res.end(JSON.stringify(body));
      return;
    }
    const forward = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${target.pathname}`,
    limitNextPosts(count) {
      pending = count;
      limited = 0;
    },
    get limited() {
      return limited;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
