#!/usr/bin/env node
// quatrix-user-api-mock: starts the mock server, prints its base URL on one line, and stops
// cleanly on SIGINT or SIGTERM.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startMockServer } from "./server.js";
import type { SeedUser } from "./state.js";

const usage = `Usage: quatrix-user-api-mock [--port 4010] [--host 127.0.0.1] [--api-key KEY] [--seed users.json] [--account-forces-mfa]

  --port                Port to listen on (default 4010; 0 picks a free one)
  --host                Address to listen on (default 127.0.0.1)
  --api-key             The key X-Auth-Token must hold (default test-key)
  --seed                JSON file with the users to start with (an array of users)
  --account-forces-mfa  The account forces 2FA: removing 2FA is refused (code 70)
  --help                Show this help`;

async function main(): Promise<void> {
  let values: ReturnType<typeof parse>;
  try {
    values = parse();
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a port number, not ${values.port}`);
    process.exit(2);
  }
  let users: SeedUser[] | undefined;
  if (values.seed) {
    try {
      users = JSON.parse(readFileSync(values.seed, "utf8"));
      if (!Array.isArray(users)) throw new Error("the file must hold a JSON array of users");
    } catch (error) {
      console.error(`--seed ${values.seed}: ${(error as Error).message}`);
      process.exit(2);
    }
  }
  const server = await startMockServer({
    port,
    host: values.host,
    apiKey: values["api-key"],
    accountForcesMfa: values["account-forces-mfa"],
    users,
  });
  console.log(server.baseUrl);
  const stop = () => {
    server.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

function parse() {
  return parseArgs({
    options: {
      port: { type: "string", default: "4010" },
      host: { type: "string", default: "127.0.0.1" },
      "api-key": { type: "string", default: "test-key" },
      seed: { type: "string" },
      "account-forces-mfa": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
  }).values;
}

main().catch((error: unknown) => {
  console.error(`quatrix-user-api-mock: ${(error as Error).message}`);
  process.exit(1);
});
