// The candidate the Node transport was measured against: undici's `request` API (the npm
// package, not Node's built-in fetch) behind the same Transport contract, for the fast path
// the benchmark takes — status, headers, a body bounded by maxResponseBytes, redirects not
// followed. It has no decompression: the benchmark's server sends none. Kept to re-check the
// choice on a newer Node or undici.
import { Agent, request } from "undici";

export function createUndiciTransport() {
  const dispatcher = new Agent({ keepAliveTimeout: 4_000 });
  return {
    async send({ method, url, headers, body, signal, maxResponseBytes }) {
      const response = await request(url, { method, headers, body, signal, dispatcher });
      const chunks = [];
      let bytesRead = 0;
      for await (const chunk of response.body) {
        bytesRead += chunk.length;
        if (bytesRead > maxResponseBytes) {
          response.body.destroy();
          throw new Error(`the answer is larger than ${maxResponseBytes} bytes`);
        }
        chunks.push(chunk);
      }
      const text = chunks.length === 1 ? chunks[0].toString("utf8") : Buffer.concat(chunks).toString("utf8");
      const raw = response.headers;
      let built;
      return {
        status: response.statusCode,
        text,
        get headers() {
          built ??= Object.fromEntries(
            Object.entries(raw).map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : value]),
          );
          return built;
        },
      };
    },
    close: () => dispatcher.close(),
  };
}
