// The mock's one core, independent of how requests arrive: `handle()` takes a request as plain
// data and returns the answer as plain data. The node:http server and the MSW handlers are two
// front doors over it, so both answer through the same state, rules, validators and faults.

import { type CorsOption, checkedCors, corsHeaders, isPreflight, preflightHeaders } from "./cors.js";
import { DEFAULT_GROUPS, DEFAULT_USERS } from "./default-account.js";
import { basePath, matchRoute, type Route, routes } from "./document.js";
import { documentAnswer, noRuleNotice } from "./document-answer.js";
import { defaultFaultBody, type Fault, FaultQueue } from "./faults.js";
import { Journal, type RecordedRequest, recordBytes, recordedBody, recordedHeaders } from "./journal.js";
import { protectKeyUser } from "./key-user.js";
import { unsafeNumbers } from "./numbers.js";
import { hasParameters, type ParameterValues, readParameters } from "./parameters.js";
import { type Answer, applyRule } from "./rules.js";
import { checkSeed } from "./seeds.js";
import { AccountState, type Group, type SeedUser, type UserRecord } from "./state.js";
import { type Issue, validateRequest } from "./validation.js";

/** What the mock does, whichever front door it sits behind. */
export interface MockOptions {
  /** The API key every operation but signupUser requires in `X-Auth-Token`. Default: "test-key". */
  apiKey?: string | undefined;
  /** Whether the account forces 2FA, so that removeUsersMfa refuses to turn it off. Default: false. */
  accountForcesMfa?: boolean | undefined;
  /**
   * The users the account starts with (and returns to on reset); the first one owns the API key.
   * Default: `DEFAULT_USERS`, the account owner and the users of the document's examples — the
   * ids the docs' samples use. `[]`: no users.
   */
  users?: SeedUser[] | undefined;
  /** The user groups of the account. Default: `DEFAULT_GROUPS`, the document's example groups. `[]`: none. */
  groups?: Group[] | undefined;
  /** The largest request body accepted, in bytes. Default: 1 MiB. */
  maxBodyBytes?: number | undefined;
  /**
   * Answer CORS preflights and let pages on other origins read answers: `true` for any origin, or a
   * list of origins as browsers send them (`http://127.0.0.1:5173`: no path, no trailing slash).
   * Default: false.
   */
  cors?: CorsOption | undefined;
  /**
   * The most records the journal keeps; past it the oldest are dropped, so a long-running mock
   * (the CLI under a load test) does not grow without bound. `Infinity` keeps all. Default: 10 000.
   */
  maxJournalEntries?: number | undefined;
  /**
   * The most memory the journal's records may hold, in bytes (estimated from above: two per
   * character, 64 per parsed object or array); past it the oldest are dropped. Each record keeps
   * at most 64 KiB of its request body (1 KiB when the answer was 401 or 404), so junk bodies
   * cannot fill the mock's memory. `Infinity` lifts the bound. Default: 16 MiB (16 777 216).
   */
  maxJournalBytes?: number | undefined;
  /** Called after every answer with its journal record; an exception it throws is reported, never fatal. Default: none. */
  onExchange?: ((exchange: RecordedRequest) => void) | undefined;
}

/** A request as a front door hands it to the core. */
export interface CoreRequest {
  method: string;
  /** The request target: a path with its query (`/api/1.0/user?x=1`) or an absolute URL. */
  url: string;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  /** The body text; undefined when there is none. */
  body: string | undefined;
  /** The body was larger than `maxBodyBytes` and was not read. */
  bodyTooLarge?: boolean;
}

/** The answer a front door sends. */
export interface CoreAnswer {
  status: number;
  /** Header names in lower case; content-length is the front door's business. */
  headers: Record<string, string>;
  body: string;
  /** Drop the connection instead of (or while) answering. */
  drop?: "before-response" | "during-body";
}

/** What both front doors (the HTTP server and the MSW handlers) offer to steer and inspect the mock. */
export interface MockControls {
  /** Every request answered since the start (or the last reset/clearRequests), oldest first. */
  readonly requests: readonly RecordedRequest[];
  /** Empties the journal. */
  clearRequests(): void;
  /** Delays, fails or drops the next matching requests (see Fault). */
  inject(fault: Fault): void;
  /** Forgets the faults not yet used. */
  clearInjections(): void;
  /** A deep copy of what the mock keeps about a user that the API does not show (password, MFA codes). */
  inspectUser(id: string): UserRecord | undefined;
  /** Puts the account back as it started, forgets the faults and empties the journal. */
  reset(): void;
}

export interface MockCore extends MockControls {
  handle(request: CoreRequest): Promise<CoreAnswer>;
  /** The path the API is served under, e.g. `/api/1.0`. */
  readonly basePath: string;
  readonly maxBodyBytes: number;
}

/** The controls of a core, for a front door to hand out (and nothing else of the core). */
export function controlsOf(core: MockCore): MockControls {
  return {
    get requests() {
      return core.requests;
    },
    clearRequests: () => core.clearRequests(),
    inject: (fault) => core.inject(fault),
    clearInjections: () => core.clearInjections(),
    inspectUser: (id) => core.inspectUser(id),
    reset: () => core.reset(),
  };
}

const JSON_TYPE = /^application\/json\s*(;|$)/i;

export function createMockCore(options: MockOptions = {}): MockCore {
  const {
    apiKey = "test-key",
    accountForcesMfa = false,
    users = DEFAULT_USERS,
    groups = DEFAULT_GROUPS,
    maxBodyBytes = 1024 * 1024,
    cors: corsOption = false,
    maxJournalEntries = 10_000,
    maxJournalBytes = 16 * 1024 * 1024,
    onExchange,
  } = options;
  if (
    !(
      maxJournalEntries === Number.POSITIVE_INFINITY ||
      (Number.isSafeInteger(maxJournalEntries) && maxJournalEntries >= 1)
    )
  ) {
    throw new TypeError(`maxJournalEntries must be a positive integer or Infinity, not ${String(maxJournalEntries)}`);
  }
  if (
    !(maxJournalBytes === Number.POSITIVE_INFINITY || (Number.isSafeInteger(maxJournalBytes) && maxJournalBytes >= 1))
  ) {
    throw new TypeError(`maxJournalBytes must be a positive integer or Infinity, not ${String(maxJournalBytes)}`);
  }
  const cors = checkedCors(corsOption);
  const base = basePath();
  /** Operations without a rule that have answered from the document (logged once each). */
  const answeredFromDocument = new Set<string>();
  checkSeed(users, groups);
  const state = new AccountState(users, groups, accountForcesMfa);
  const keyUserId = state.users.keys().next().value;
  const faults = new FaultQueue(new Set(routes.map((r) => r.operationId)));
  const journal = new Journal(onExchange, (message) => console.error(message), maxJournalEntries, maxJournalBytes);

  function route(method: string, pathname: string): { route: Route; params: Record<string, string> } | undefined {
    const path = pathname.startsWith(`${base}/`) ? pathname.slice(base.length) : undefined;
    return path === undefined ? undefined : matchRoute(method, path);
  }

  /** The operation's own answer: auth, body, validation, then its rule. */
  function operate(
    found: { route: Route; params: Record<string, string> },
    request: CoreRequest,
    bodyOf: () => unknown,
    parameters: ParameterValues | undefined,
    parameterProblems: Issue[],
  ): Answer {
    const { route: r, params } = found;
    if (r.auth && request.headers["x-auth-token"] !== apiKey)
      return { status: 401, body: { code: 14, msg: "Not authorized" } };
    // Parsed only now: a request refused above costs no parsing (a junk body sent without a key).
    const body = r.hasBody ? bodyOf() : undefined;
    if (r.hasBody) {
      if (!JSON_TYPE.test(request.headers["content-type"] ?? ""))
        return badRequest(
          `The request body must be JSON (Content-Type: application/json), not ${JSON.stringify(request.headers["content-type"] ?? "")}`,
        );
      if (request.bodyTooLarge) return badRequest(`The request body is larger than ${maxBodyBytes} bytes`);
      if (body === NOT_JSON) {
        try {
          JSON.parse(request.body ?? "");
        } catch (error) {
          return badRequest(`The request body is not valid JSON: ${(error as Error).message}`);
        }
      }
    }
    // The validators and the rules walk a body recursively: a deeply nested one would exhaust
    // the stack. No body of the document comes near this depth.
    if (r.hasBody && nestedDeeperThan(body, MAX_BODY_DEPTH)) {
      return badRequest(`The request body is nested more than ${MAX_BODY_DEPTH} levels deep`);
    }
    const issues = [
      ...parameterProblems,
      ...validateRequest(r, params, body, parameters),
      ...(r.hasBody ? unsafeNumbers(body) : []),
    ];
    if (issues.length > 0) return invalid(issues);
    const refused = protectKeyUser(keyUserId, r.operationId, body);
    if (refused) return refused;
    const answer = applyRule(r.operationId, state, params, body, parameters);
    if (answer) return answer;
    // An operation without a rule answers as the document says it does.
    if (!answeredFromDocument.has(r.operationId)) {
      answeredFromDocument.add(r.operationId);
      console.warn(noRuleNotice(r));
    }
    return documentAnswer(r);
  }

  async function handle(request: CoreRequest): Promise<CoreAnswer> {
    const started = performance.now();
    const requestId = crypto.randomUUID();
    const method = request.method.toUpperCase();
    const origin = request.headers.origin;
    let url: URL | undefined;
    try {
      url = new URL(request.url, "http://mock.invalid");
    } catch {
      url = undefined;
    }
    const text = request.bodyTooLarge ? undefined : request.body;
    let parsed: unknown = UNPARSED;
    const parse = () => {
      if (parsed === UNPARSED) parsed = parseJson(text);
      return parsed;
    };
    const found = url ? route(method, url.pathname) : undefined;
    // Read for every request of an operation that has some (the journal shows them), also one
    // an injected fault answers.
    const parameterProblems: Issue[] = [];
    const parameters =
      url && found && hasParameters(found.route.operation)
        ? readParameters(found.route.operation, url.search, request.headers, parameterProblems)
        : undefined;
    let answer: Answer;
    let fault: Fault | undefined;
    let extraHeaders: Record<string, string> = corsHeaders(cors, origin);

    if (!url) {
      answer = badRequest(`The request target is not a valid URL path: ${JSON.stringify(request.url.slice(0, 200))}`);
    } else if (isPreflight(cors, method, request.headers)) {
      answer = { status: 204 };
      extraHeaders = preflightHeaders(cors, origin, request.headers["access-control-request-headers"]);
    } else if (!found) {
      answer = { status: 404, body: { code: 21, msg: `Not supported: ${method} ${url.pathname}` } };
    } else {
      fault = faults.take(found.route.operationId);
      if (fault?.delayMs) await sleep(fault.delayMs);
      if (fault && fault.status !== undefined) {
        answer = { status: fault.status, body: fault.body !== undefined ? fault.body : defaultFaultBody(fault.status) };
      } else if (fault && fault.reset !== undefined) {
        // A drop with no status of its own: the operation's success status and the document's
        // success body (the operation does not run), so that "during-body" has a body to cut.
        const success = documentAnswer(found.route);
        answer = fault.body !== undefined ? { ...success, body: fault.body } : success;
      } else {
        answer = operate(found, request, parse, parameters, parameterProblems);
      }
    }

    const bodyText = answer.body === undefined ? "" : JSON.stringify(answer.body);
    const headers: Record<string, string> = {
      ...answer.headers,
      ...extraHeaders,
      ...(fault?.headers ?? {}),
      "x-request-id": requestId,
    };
    if (bodyText) headers["content-type"] = "application/json";
    const drop = fault?.reset;
    const status = drop === "before-response" ? 0 : answer.status;
    const entry: RecordedRequest = {
      requestId,
      operationId: found?.route.operationId,
      method,
      path: url?.pathname ?? request.url,
      query: url ? Object.fromEntries(url.searchParams) : {},
      ...(parameters ? { parameters } : {}),
      headers: recordedHeaders(request.headers),
      ...recordedBody(text, answer.status, () => {
        const value = parse();
        return value === NOT_JSON ? undefined : value;
      }),
      status,
      response: {
        headers: drop === "before-response" ? {} : { ...headers },
        body: drop === "before-response" ? undefined : answer.body,
      },
      injected: fault !== undefined,
      ...(drop ? { dropped: drop } : {}),
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    };
    journal.add(entry, recordBytes(entry, text ?? "", drop === "before-response" ? "" : bodyText));
    return { status: answer.status, headers, body: bodyText, ...(drop ? { drop } : {}) };
  }

  return {
    handle,
    basePath: base,
    maxBodyBytes,
    get requests() {
      return journal.list();
    },
    clearRequests: () => journal.clear(),
    inject: (fault) => faults.inject(fault),
    clearInjections: () => faults.clear(),
    reset: () => {
      state.reset();
      faults.clear();
      journal.clear();
    },
    inspectUser: (id) => {
      const record = state.users.get(id);
      return record ? structuredClone(record) : undefined;
    },
  };
}

const NOT_JSON = Symbol("not JSON");
const UNPARSED = Symbol("not parsed yet");

/** The deepest nesting of arrays and objects a request body may have. */
const MAX_BODY_DEPTH = 64;

/** Whether a parsed JSON value nests arrays and objects more than `limit` levels deep (no recursion). */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== "object") continue;
    if (depth >= limit) return true;
    for (const item of Object.values(current)) stack.push([item, depth + 1]);
  }
  return false;
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined || text === "") return NOT_JSON;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

/** 400 naming each failing field: code 11 when a required field is missing, else 10. */
function invalid(issues: Issue[]): Answer {
  const missing = issues.some((i) => i.message === "is required");
  return {
    status: 400,
    body: { code: missing ? 11 : 10, msg: missing ? "Missing parameter" : "Bad parameter value", details: { issues } },
  };
}

function badRequest(msg: string): Answer {
  return { status: 400, body: { code: 10, msg } };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
