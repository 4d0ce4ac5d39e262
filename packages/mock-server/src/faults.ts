// Faults on demand: the next matching requests are delayed, answered with a chosen status, or
// have their connection dropped. An injected answer never runs the operation, so the account
// does not change.
import type { OperationId } from "@quatrix/user-api-client";

/** A fault for the next matching requests. */
export interface Fault {
  /** The operation it applies to; `"*"` or omitted: every operation. Default: `"*"`. */
  operationId?: OperationId | "*" | undefined;
  /** How many matching requests it applies to (`Infinity`: all of them). Default: 1. */
  times?: number | undefined;
  /** Milliseconds to wait before answering, at most 2 147 483 647 (2³¹ − 1). Default: 0. */
  delayMs?: number | undefined;
  /** The status to answer with instead of the operation's. Default: the operation's own answer
   * (with `reset` alone: its success status and the document's success body, the operation not run). */
  status?: number | undefined;
  /** The body of that answer, sent as JSON (so no BigInt, no cycle). Default: an `ErrorModel` for a 4xx/5xx status, none otherwise. */
  body?: unknown;
  /**
   * Headers to add to the answer, e.g. `{ "retry-after": "2" }`: token names, Latin-1 values
   * without CR or LF; not the framing headers (`content-length`, `transfer-encoding`,
   * `connection`…), which the server sets. Default: none.
   */
  headers?: Record<string, string> | undefined;
  /**
   * Drop the connection instead of answering: `"before-response"` sends nothing,
   * `"during-body"` sends the status, the headers and half of the body. Default: no drop.
   */
  reset?: "before-response" | "during-body" | undefined;
}

interface Pending {
  fault: Fault;
  left: number;
}

/** The ErrorModel an injected error answer carries unless the fault gives a body. */
export function defaultFaultBody(status: number): unknown {
  if (status < 400) return undefined;
  const code = status === 401 ? 14 : status === 404 ? 20 : status === 429 ? 50 : -1;
  const msg = status === 429 ? "Too many requests" : `Injected fault: HTTP ${status}`;
  return { code, msg };
}

export class FaultQueue {
  private readonly pending: Pending[] = [];

  constructor(private readonly operationIds: ReadonlySet<OperationId>) {}

  inject(fault: Fault): void {
    const kept = checked(fault, this.operationIds);
    this.pending.push({ fault: kept, left: kept.times ?? 1 });
  }

  /**
   * What the faults waiting for this operation do to this request, each counting it: their
   * delays add up, their headers merge, and the first that answers or drops decides the answer.
   */
  take(operationId: OperationId): Fault | undefined {
    let taken: Fault | undefined;
    for (const p of [...this.pending]) {
      const { fault } = p;
      if (fault.operationId !== undefined && fault.operationId !== "*" && fault.operationId !== operationId) continue;
      p.left -= 1;
      if (p.left <= 0) this.pending.splice(this.pending.indexOf(p), 1);
      taken = combine(taken, fault);
    }
    return taken;
  }

  clear(): void {
    this.pending.length = 0;
  }
}

function combine(first: Fault | undefined, next: Fault): Fault {
  if (!first) return next;
  const decider = first.status !== undefined || first.reset !== undefined ? first : next;
  const out: Fault = {
    delayMs: Math.min(MAX_DELAY_MS, (first.delayMs ?? 0) + (next.delayMs ?? 0)),
    headers: { ...next.headers, ...first.headers },
  };
  if (decider.status !== undefined) out.status = decider.status;
  if (decider.body !== undefined) out.body = decider.body;
  if (decider.reset !== undefined) out.reset = decider.reset;
  return out;
}

/** The fields a fault may have: any other is a typo that would silently do nothing. */
const FAULT_FIELDS = new Set(["operationId", "times", "delayMs", "status", "body", "headers", "reset"]);

/** The longest delay a timer can wait: a longer one fires at once (node warns and uses 1 ms). */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** A header name: an HTTP token. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** A header value node can send: Latin-1 without control characters (a tab aside). */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Headers that frame the message or the connection: the server sets them itself, and a fault's
 * would contradict the body it sends (a content-length that disagrees, chunked and a length).
 */
const FRAMING_HEADERS = new Set([
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "upgrade",
  "te",
  "trailer",
  "proxy-connection",
]);

/** A copy of the fault, or a TypeError naming each field that is wrong with it. */
function checked(fault: Fault, operationIds: ReadonlySet<string>): Fault {
  if (fault === null || typeof fault !== "object" || Array.isArray(fault))
    throw new TypeError(
      `Invalid fault: a fault must be an object, not ${fault === null ? "null" : Array.isArray(fault) ? "an array" : typeof fault}`,
    );
  const problems: string[] = [];
  // Checked and kept as read once: a getter that answers differently later changes nothing.
  const { operationId, times, delayMs, status, body: given, headers: givenHeaders, reset } = fault;
  const headers =
    givenHeaders !== null && typeof givenHeaders === "object" && !Array.isArray(givenHeaders)
      ? Object.fromEntries(Object.entries(givenHeaders))
      : givenHeaders;
  for (const field of Object.keys(fault))
    if (!FAULT_FIELDS.has(field))
      problems.push(`${JSON.stringify(field)} is not a field of a fault (${[...FAULT_FIELDS].join(", ")})`);
  if (operationId !== undefined && operationId !== "*" && !operationIds.has(operationId))
    problems.push(
      `operationId must be "*" or one of ${[...operationIds].join(", ")}, not ${JSON.stringify(operationId)}`,
    );
  if (times !== undefined && !(times === Number.POSITIVE_INFINITY || (Number.isSafeInteger(times) && times > 0)))
    problems.push(`times must be a positive integer or Infinity, not ${String(times)}`);
  if (delayMs !== undefined && !(typeof delayMs === "number" && delayMs >= 0 && delayMs <= MAX_DELAY_MS))
    problems.push(`delayMs must be a number of milliseconds from 0 to ${MAX_DELAY_MS}, not ${String(delayMs)}`);
  if (status !== undefined && !(Number.isInteger(status) && status >= 200 && status <= 599))
    problems.push(`status must be an HTTP status from 200 to 599, not ${String(status)}`);
  if (reset !== undefined && reset !== "before-response" && reset !== "during-body")
    problems.push(`reset must be "before-response" or "during-body", not ${JSON.stringify(reset)}`);
  if (given !== undefined) {
    const problem = jsonProblem(given);
    if (problem) problems.push(`body must be serialisable to JSON: ${problem}`);
  }
  if (headers !== undefined) problems.push(...headerProblems(headers));
  if (problems.length > 0) throw new TypeError(`Invalid fault: ${problems.join("; ")}`);
  const snapshot: Fault = {};
  if (operationId !== undefined) snapshot.operationId = operationId;
  if (times !== undefined) snapshot.times = times;
  if (delayMs !== undefined) snapshot.delayMs = delayMs;
  if (status !== undefined) snapshot.status = status;
  // The body is the caller's object, sent as it is then (a body changed later is the caller's).
  if (given !== undefined) snapshot.body = given;
  if (headers !== undefined) snapshot.headers = headers as Record<string, string>;
  if (reset !== undefined) snapshot.reset = reset;
  return snapshot;
}

/** What keeps `value` from being sent as JSON (a BigInt, a cycle, a function), or undefined. */
function jsonProblem(value: unknown): string | undefined {
  try {
    return JSON.stringify(value) === undefined ? `${typeof value} has no JSON form` : undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** What is wrong with each of a fault's headers, each named as `headers["name"]`. */
function headerProblems(headers: unknown): string[] {
  if (headers === null || typeof headers !== "object" || Array.isArray(headers))
    return ["headers must be an object of header names to strings"];
  const problems: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const field = `headers[${JSON.stringify(name)}]`;
    if (!TOKEN.test(name)) problems.push(`${field}: the name must be a token (letters, digits, !#$%&'*+-.^_\`|~)`);
    else if (FRAMING_HEADERS.has(name.toLowerCase()))
      problems.push(`${field}: the server frames the answer itself; ${name.toLowerCase()} cannot be injected`);
    if (typeof value !== "string") problems.push(`${field}: the value must be a string, not ${typeof value}`);
    else if (!HEADER_VALUE.test(value))
      problems.push(`${field}: the value must be Latin-1 without CR, LF or other control characters`);
  }
  return problems;
}
