// The benchmark's server, run in its own process so its CPU is not counted: a minimal
// node:http server on 127.0.0.1 answering GET /user (3 users) and POST /user/create (201).
import { createServer } from "node:http";

const user = (n) => ({
  id: `5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4${n}`,
  name: `User ${n}`,
  email: `user${n}@example.com`,
  status: "A",
  super_admin: "N",
  quota: 0,
  created: 1732700000,
  modified: 1732700000,
  groups: [],
  language: "eng",
  auth_methods: [],
  forced_auth: [],
});
const USERS = JSON.stringify([user(1), user(2), user(3)]);
const CREATED = JSON.stringify(user(4));

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    if (req.method === "GET" && req.url === "/api/1.0/user") {
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(USERS) });
      res.end(USERS);
    } else if (req.method === "POST" && req.url === "/api/1.0/user/create") {
      res.writeHead(201, { "content-type": "application/json", "content-length": Buffer.byteLength(CREATED) });
      res.end(CREATED);
    } else {
      res.writeHead(404, { "content-type": "application/json" });
      res.end('{"code":21,"msg":"Not supported"}');
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.send?.({ port: server.address().port }));
process.on("disconnect", () => server.close(() => process.exit(0)));
