#!/usr/bin/env node
// quatrix-user-api-mock: starts the mock server, prints its base URL on one line, then one line
// per request (unless --quiet), and stops cleanly on SIGINT or SIGTERM. Bad flags or a bad seed
// exit with 2 and a message, never a stack.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Fault } from "./faults.js";
import type { RecordedRequest } from "./journal.js";
import { MockSeedError } from "./seeds.js";
import { startMockServer } from "./server.js";
import type { SeedUser } from "./state.js";

const usage = `Usage: quatrix-user-api-mock [options]

  --port <n>                       Port to listen on (default 4010; 0 picks a free one)
  --host <address>                 Address to listen on (default 127.0.0.1)
  --api-key <key>                  The key X-Auth-Token must hold (default test-key)
  --seed <users.json>              JSON file with the users to start with (an array of users)
                                   instead of the document's example users
  --empty                          Start with no users and no groups
  --account-forces-mfa             The account forces 2FA: removing 2FA is refused (code 70)
  --latency <ms>                   Delay every answer by this many milliseconds (default 0)
  --fail <operationId>:<status>[:<times>]
                                   Answer the operation's next <times> requests (default: all)
                                   with <status>; repeatable; operationId * means any
  --cors [origin,...]              Allow pages on other origins (all, or the listed ones)
  --quiet                          Print only the base URL, not a line per request
  --help                           Show this help`;

class UsageError extends Error {}

async function main(): Promise<void> {
  let values: ReturnType<typeof parse>;
  try {
    values = parse(process.argv.slice(2));
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${usage}`);
  }
  if (values.help) {
    console.log(usage);
    return;
  }
  let port: number;
  let faults: Fault[];
  let users: SeedUser[] | undefined;
  try {
    port = portOf(values.port);
    faults = [...latencyOf(values.latency), ...(values.fail ?? []).map(failureOf)];
    if (values.empty && values.seed !== undefined) throw new UsageError("--empty and --seed: give one of them");
    users = values.seed === undefined ? undefined : seedOf(values.seed);
  } catch (error) {
    return fail((error as Error).message);
  }
  const server = await startMockServer({
    port,
    host: values.host,
    apiKey: values["api-key"],
    accountForcesMfa: values["account-forces-mfa"],
    ...(users ? { users } : {}),
    ...(values.empty ? { users: [], groups: [] } : {}),
    ...(values.cors === undefined ? {} : { cors: values.cors === "*" ? true : values.cors.split(",").filter(Boolean) }),
    ...(values.quiet ? {} : { onExchange: (e: RecordedRequest) => console.log(line(e)) }),
  });
  try {
    for (const fault of faults) server.inject(fault);
  } catch (error) {
    await server.close();
    return fail((error as Error).message);
  }
  console.log(server.baseUrl);
  const stop = () => {
    server.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

/** `201 createUser POST /api/1.0/user/create 3 ms`, with what an injected fault did. */
function line(e: RecordedRequest): string {
  const what = e.dropped ? `dropped ${e.dropped}` : String(e.status);
  return `${what} ${e.operationId ?? "-"} ${e.method} ${e.path} ${Math.round(e.durationMs)} ms${e.injected ? " (injected)" : ""}`;
}

function parse(args: string[]) {
  // `--cors` alone means every origin: parseArgs has no optional values, so spell it out.
  const spelled = args.flatMap((arg, i) =>
    arg === "--cors" && (args[i + 1] === undefined || args[i + 1]?.startsWith("--")) ? ["--cors=*"] : [arg],
  );
  return parseArgs({
    args: spelled,
    options: {
      port: { type: "string", default: "4010" },
      host: { type: "string", default: "127.0.0.1" },
      "api-key": { type: "string", default: "test-key" },
      seed: { type: "string" },
      empty: { type: "boolean", default: false },
      "account-forces-mfa": { type: "boolean", default: false },
      latency: { type: "string" },
      fail: { type: "string", multiple: true },
      cors: { type: "string" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
    allowPositionals: false,
  }).values;
}

function portOf(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port must be a port number, not ${text}`);
  return port;
}

function latencyOf(text: string | undefined): Fault[] {
  if (text === undefined) return [];
  const ms = Number(text);
  if (!/^\d+$/.test(text)) throw new UsageError(`--latency must be a number of milliseconds, not ${text}`);
  return ms > 0 ? [{ delayMs: ms, times: Number.POSITIVE_INFINITY }] : [];
}

function failureOf(text: string): Fault {
  const [operationId, status, times, ...rest] = text.split(":");
  if (
    !operationId ||
    !status ||
    !/^\d{3}$/.test(status) ||
    (times !== undefined && !/^\d+$/.test(times)) ||
    rest.length > 0
  )
    throw new UsageError(`--fail must be <operationId>:<status>[:<times>], e.g. listUsers:503:2, not ${text}`);
  return { operationId, status: Number(status), times: times === undefined ? Number.POSITIVE_INFINITY : Number(times) };
}

function seedOf(file: string): SeedUser[] {
  let users: unknown;
  try {
    users = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageError(`--seed ${file}: ${(error as Error).message}`);
  }
  if (!Array.isArray(users)) throw new UsageError(`--seed ${file}: the file must hold a JSON array of users`);
  return users as SeedUser[];
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

main().catch((error: unknown) => {
  // A seed the mock refuses is the user's to fix: its message names every issue.
  if (error instanceof MockSeedError) fail(`--seed: ${error.message}`);
  console.error(`quatrix-user-api-mock: ${(error as Error).message}`);
  process.exit(1);
});
