#!/usr/bin/env node
// `npm run docs`: serves dist/ on localhost and prints the URL. Also used by the browser test.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".yaml": "application/yaml",
  ".png": "image/png",
};

/** Serves `dir` on 127.0.0.1; resolves to the server and its URL. */
export function serveDirectory(dir, port = 0) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const file = path.join(dir, path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, ""));
    const target = existsSync(file) && statSync(file).isDirectory() ? path.join(file, "index.html") : file;
    if (!target.startsWith(dir) || !existsSync(target)) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(target)] ?? "application/octet-stream" });
    createReadStream(target).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(port, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${server.address().port}/` }));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../dist");
  if (!existsSync(path.join(dist, "index.html"))) {
    console.error("dist/index.html is missing: run `npm run build` first");
    process.exit(1);
  }
  const { url } = await serveDirectory(dist, Number(process.env.PORT ?? 4020));
  console.log(url);
}
