#!/usr/bin/env node
// quatrix-user-api-mock: starts the mock server, prints its base URL on one line, then one line
// per request (unless --quiet), and stops cleanly on SIGINT or SIGTERM. Bad flags or a bad seed
// exit with 2 and a message naming every problem at once, never a stack.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { parseArgs } from "node:util";
import { version } from "../package.json";
import { originProblem } from "./cors.js";
import { routes } from "./document.js";
import type { Fault } from "./faults.js";
import type { RecordedRequest } from "./journal.js";
import { MockSeedError } from "./seeds.js";
import { startMockServer } from "./server.js";
import type { SeedUser } from "./state.js";

interface Flag {
  type: "string" | "boolean";
  /** How the value is written in the help, e.g. `<n>`. */
  value?: string;
  /** The default, as the help shows it. */
  default: string;
  help: string;
  multiple?: boolean;
}

/** Every flag, in the order the help lists them: the one list parsing, defaults and --help read. */
const FLAGS = {
  port: { type: "string", value: "<n>", default: "4010", help: "Port to listen on; 0 picks a free one" },
  host: { type: "string", value: "<address>", default: "127.0.0.1", help: "Address to listen on" },
  "api-key": { type: "string", value: "<key>", default: "test-key", help: "The key X-Auth-Token must hold" },
  seed: {
    type: "string",
    value: "<users.json>",
    default: "the default account",
    help: "JSON file with the users to start with (an array of users)",
  },
  empty: { type: "boolean", default: "off", help: "Start with no users and no groups (not with --seed)" },
  "account-forces-mfa": {
    type: "boolean",
    default: "off",
    help: "The account forces 2FA: removing 2FA is refused (code 70)",
  },
  latency: { type: "string", value: "<ms>", default: "0", help: "Delay every answer by this many milliseconds" },
  fail: {
    type: "string",
    value: "<operationId>:<status>[:<times>]",
    default: "none",
    multiple: true,
    help: "Answer the operation's next <times> requests (default: all) with <status>; repeatable; operationId * means any",
  },
  cors: {
    type: "string",
    value: "[origin,...]",
    default: "off",
    help: "Allow pages on other origins: all, or the listed ones (e.g. http://127.0.0.1:5173)",
  },
  quiet: { type: "boolean", default: "off", help: "Print only the base URL, not a line per request" },
  version: { type: "boolean", default: "off", help: "Print the version and exit" },
  help: { type: "boolean", default: "off", help: "Show this help and exit" },
} satisfies Record<string, Flag>;

type FlagName = keyof typeof FLAGS;
const flags: [FlagName, Flag][] = Object.entries(FLAGS) as [FlagName, Flag][];

const usage = `Usage: quatrix-user-api-mock [options]

${flags
  .map(([name, flag]) => {
    const left = `  --${name}${flag.value ? ` ${flag.value}` : ""}`;
    const right = `${flag.help} (default: ${flag.default})`;
    return left.length < 34 ? left.padEnd(35) + right : `${left}\n${" ".repeat(35)}${right}`;
  })
  .join("\n")}

Prints the base URL, then one line per request: status, operation, method, path, milliseconds,
(injected) for a fault, and the answer's x-request-id. Exits 2 on a bad flag.`;

/** A problem with the flags, for the user to fix: reported without a stack. */
class UsageError extends Error {}

/** The longest delay a timer can wait. */
const MAX_DELAY_MS = 2 ** 31 - 1;

interface Settings {
  port: number;
  host: string;
  apiKey: string;
  accountForcesMfa: boolean;
  users: SeedUser[] | undefined;
  empty: boolean;
  faults: Fault[];
  cors: true | string[] | undefined;
  quiet: boolean;
}

async function main(): Promise<void> {
  const { values, problems } = parse(process.argv.slice(2));
  if (values.help === true) return void console.log(usage);
  if (values.version === true) return void console.log(version);
  // Every problem at once: the spelling's and each value's.
  const settings = settingsOf(values, problems);
  if (problems.length > 0) return fail(`${problems.join("\n")}\n\nRun quatrix-user-api-mock --help for every flag.`);
  let server: Awaited<ReturnType<typeof startMockServer>>;
  try {
    server = await startMockServer({
      port: settings.port,
      host: settings.host,
      apiKey: settings.apiKey,
      accountForcesMfa: settings.accountForcesMfa,
      ...(settings.users ? { users: settings.users } : {}),
      ...(settings.empty ? { users: [], groups: [] } : {}),
      ...(settings.cors === undefined ? {} : { cors: settings.cors }),
      ...(settings.quiet ? {} : { onExchange: (e: RecordedRequest) => console.log(line(e)) }),
    });
  } catch (error) {
    const listening = listenProblem(error as NodeJS.ErrnoException, settings);
    if (listening) return fail(listening);
    throw error;
  }
  for (const fault of settings.faults) server.inject(fault);
  console.log(server.baseUrl);
  const stop = () => {
    server.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

/**
 * `201 createUser POST /api/1.0/user/create 3 ms x-request-id=…`, with what an injected fault
 * did: the id is the one a client error reports as `requestId`, to find the line of a failure.
 */
function line(e: RecordedRequest): string {
  const what = e.dropped ? `dropped ${e.dropped}` : String(e.status);
  return `${what} ${e.operationId ?? "-"} ${e.method} ${e.path} ${Math.round(e.durationMs)} ms${e.injected ? " (injected)" : ""} x-request-id=${e.requestId}`;
}

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** The flags as given, and every problem with their spelling (unknown flags, missing values). */
function parse(args: string[]): { values: Values; problems: string[] } {
  // `--cors` alone means every origin: parseArgs has no optional values, so spell it out.
  const spelled = args.flatMap((arg, i) =>
    arg === "--cors" && (args[i + 1] === undefined || args[i + 1]?.startsWith("--")) ? ["--cors=*"] : [arg],
  );
  const options = Object.fromEntries(
    flags.map(([name, flag]) => [name, { type: flag.type, multiple: flag.multiple ?? false }]),
  );
  // Not strict: every unknown flag and stray argument is collected, not only the first.
  const { values, tokens } = parseArgs({ args: spelled, options, strict: false, allowPositionals: true, tokens: true });
  const problems: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") problems.push(`unexpected argument ${JSON.stringify(token.value)}`);
    if (token.kind !== "option") continue;
    const flag = flags.find(([name]) => name === token.name)?.[1];
    if (!flag) problems.push(`unknown flag ${token.rawName}`);
    else if (flag.type === "string" && token.value === undefined) problems.push(`${token.rawName} needs a value`);
    else if (flag.type === "boolean" && token.value !== undefined) problems.push(`${token.rawName} takes no value`);
  }
  return { values, problems };
}

/** The settings the flags ask for; each problem found is added to `problems`. */
function settingsOf(values: Values, problems: string[]): Settings {
  const text = (name: FlagName): string | undefined => {
    const value = values[name];
    return typeof value === "string" ? value : undefined;
  };
  const check = <T>(get: () => T, fallback: T): T => {
    try {
      return get();
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      problems.push(error.message);
      return fallback;
    }
  };
  const given = values.fail;
  const fails = (Array.isArray(given) ? given : []).filter((f): f is string => typeof f === "string");
  return {
    port: check(() => portOf(text("port") ?? FLAGS.port.default), 0),
    host: check(() => hostOf(text("host") ?? FLAGS.host.default), ""),
    apiKey: check(() => apiKeyOf(text("api-key") ?? FLAGS["api-key"].default), ""),
    accountForcesMfa: values["account-forces-mfa"] === true,
    users: check(() => (text("seed") === undefined ? undefined : seedOf(text("seed") ?? "")), undefined),
    empty: check(() => {
      if (values.empty === true && text("seed") !== undefined)
        throw new UsageError("--empty and --seed: give one of them");
      return values.empty === true;
    }, false),
    faults: [...check(() => latencyOf(text("latency")), []), ...fails.flatMap((f) => check(() => [failureOf(f)], []))],
    cors: check(() => corsOf(text("cors")), undefined),
    quiet: values.quiet === true,
  };
}

function portOf(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port must be a port number, not ${text}`);
  return port;
}

function hostOf(text: string): string {
  // An empty host would listen on every interface: the opposite of the default.
  if (text === "") throw new UsageError("--host must be an address, not empty (it would listen on every interface)");
  if (!/^[!-~\u0080-\uffff]+$/.test(text))
    throw new UsageError(`--host must be an address without spaces or control characters, not ${JSON.stringify(text)}`);
  return text;
}

/** The key, as a header value can carry it; the value itself is never shown in a message. */
function apiKeyOf(text: string): string {
  if (text === "") throw new UsageError("--api-key must not be empty");
  if (/[\r\n]/.test(text)) throw new UsageError("--api-key must be one line: it has a line break");
  // C1 controls (U+0080–U+009F) are control characters too, and no-break spaces are spaces.
  if (!/^[\x21-\x7e\xa1-\xff]([\t\x20-\x7e\xa0-\xff]*[\x21-\x7e\xa1-\xff])?$/.test(text))
    throw new UsageError(
      "--api-key must be Latin-1 text without control characters or surrounding spaces (it is sent as a header)",
    );
  return text;
}

function latencyOf(text: string | undefined): Fault[] {
  if (text === undefined) return [];
  const ms = Number(text);
  if (!/^\d+$/.test(text) || ms > MAX_DELAY_MS)
    throw new UsageError(`--latency must be a number of milliseconds from 0 to ${MAX_DELAY_MS}, not ${text}`);
  return ms > 0 ? [{ delayMs: ms, times: Number.POSITIVE_INFINITY }] : [];
}

const operationIds = new Set(routes.map((r) => r.operationId as string));

function failureOf(text: string): Fault {
  const [operationId, status, times, ...rest] = text.split(":");
  if (
    !operationId ||
    !status ||
    !/^\d{3}$/.test(status) ||
    Number(status) < 200 ||
    Number(status) > 599 ||
    (times !== undefined && !/^[1-9]\d*$/.test(times)) ||
    rest.length > 0
  )
    throw new UsageError(
      `--fail must be <operationId>:<status 200-599>[:<times ≥ 1>], e.g. listUsers:503:2, not ${text}`,
    );
  if (operationId !== "*" && !operationIds.has(operationId))
    throw new UsageError(`--fail ${text}: the operationId must be * or one of ${[...operationIds].join(", ")}`);
  return {
    operationId: operationId as Fault["operationId"],
    status: Number(status),
    times: times === undefined ? Number.POSITIVE_INFINITY : Number(times),
  };
}

function corsOf(text: string | undefined): true | string[] | undefined {
  if (text === undefined) return undefined;
  if (text === "*") return true;
  const origins = text.split(",").map((origin) => origin.trim());
  if (origins.every((origin) => origin === ""))
    throw new UsageError("--cors needs origins (e.g. http://127.0.0.1:5173), or no value for every origin");
  const problems = origins.flatMap((origin) => {
    const problem = originProblem(origin);
    return problem ? [`--cors ${JSON.stringify(origin)} ${problem}`] : [];
  });
  if (problems.length > 0) throw new UsageError(problems.join("\n"));
  return origins;
}

/** A seed larger than this is refused: a mock's users fit in far less, and a device never ends. */
const MAX_SEED_BYTES = 16 * 1024 * 1024;

/** The file's text, read only if it is a regular file of at most MAX_SEED_BYTES. */
function readSeed(file: string): string {
  const fd = openSync(file, "r");
  try {
    if (!fstatSync(fd).isFile()) throw new Error("not a regular file");
    // Read at most one byte more than allowed: a file that grows while read is caught too.
    const buffer = Buffer.alloc(MAX_SEED_BYTES + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n)
      n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > MAX_SEED_BYTES) throw new Error(`larger than ${MAX_SEED_BYTES / 1024 / 1024} MiB`);
    return buffer.toString("utf8", 0, length);
  } finally {
    closeSync(fd);
  }
}

function seedOf(file: string): SeedUser[] {
  let users: unknown;
  try {
    users = JSON.parse(readSeed(file));
  } catch (error) {
    throw new UsageError(`--seed ${file}: ${(error as Error).message}`);
  }
  if (!Array.isArray(users)) throw new UsageError(`--seed ${file}: the file must hold a JSON array of users`);
  return users as SeedUser[];
}

/** A listening failure the flags caused (a host that is not this machine's, a port in use), or undefined. */
function listenProblem(error: NodeJS.ErrnoException, settings: Settings): string | undefined {
  switch (error.code) {
    case "EADDRINUSE":
      return `--port ${settings.port}: the port is in use (0 picks a free one)`;
    case "EACCES":
      return `--port ${settings.port}: not allowed to listen on this port`;
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_FAIL":
      return `--host ${settings.host}: not an address of this machine (${error.code})`;
    default:
      return undefined;
  }
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
