// Runs in a child Node.js process (see child-client.ts): loads the client bundle named on the
// command line, makes the calls of the plan in order, and prints one JSON line: what each call
// ended in, and the process's peak RSS before the first call and after the last. A process of
// its own, so that the memory measured is the client's, and NODE_EXTRA_CA_CERTS can apply.
import { createRequire } from "node:module";

const [bundle, planJson] = process.argv.slice(2);
const { createUserApiClient, createNodeTransport } = createRequire(import.meta.url)(bundle);
const plan = JSON.parse(planJson);
// "fetch" (the default) or "node": the transport the client is created with.
const transport = plan.transport === "node" ? createNodeTransport() : undefined;
const client = createUserApiClient(transport ? { ...plan.options, transport } : plan.options);
const NEW_USER = { name: "Ada Lovelace", email: "ada@example.com" };

/** A call aborted in the same tick it is made: nothing may be sent. */
function abortedAtOnce(call) {
  const controller = new AbortController();
  const pending = call(controller.signal);
  controller.abort();
  return pending;
}

const calls = {
  createUserAbortedAtOnce: () => abortedAtOnce((signal) => client.createUser(NEW_USER, { signal })),
  POSTAbortedAtOnce: () => abortedAtOnce((signal) => client.POST("/user/create", { body: NEW_USER, signal })),
  listUsers: () => client.listUsers(),
  createUser: () => client.createUser(NEW_USER),
  GET: () => client.GET("/user"),
  POST: () => client.POST("/user/create", { body: NEW_USER }),
};

const results = [];
let baselineKiB;
for (const [index, name] of plan.calls.entries()) {
  // The first call warms up (loads the lazy chunks, opens the connection): the baseline follows it.
  if (index === 1) baselineKiB = process.resourceUsage().maxRSS;
  try {
    const value = await calls[name]();
    results.push({ ok: true, data: value?.data ?? value });
  } catch (error) {
    const { name: errorName, message, status, location, limit, bytesRead } = error;
    results.push({ ok: false, name: errorName, message, status, location, limit, bytesRead });
  }
}
await transport?.close();
process.stdout.write(`${JSON.stringify({ results, baselineKiB, peakKiB: process.resourceUsage().maxRSS })}\n`);
