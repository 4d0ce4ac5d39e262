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
  /** Milliseconds to wait before answering. Default: 0. */
  delayMs?: number | undefined;
  /** The status to answer with instead of the operation's. Default: the operation's own answer
   * (with `reset` alone: its success status and the document's success body, the operation not run). */
  status?: number | undefined;
  /** The body of that answer. Default: an `ErrorModel` for a 4xx/5xx status, none otherwise. */
  body?: unknown;
  /** Headers to add to the answer, e.g. `{ "retry-after": "2" }`. Default: none. */
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
    this.pending.push({ fault: checked(fault, this.operationIds), left: fault.times ?? 1 });
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
    delayMs: (first.delayMs ?? 0) + (next.delayMs ?? 0),
    headers: { ...next.headers, ...first.headers },
  };
  if (decider.status !== undefined) out.status = decider.status;
  if (decider.body !== undefined) out.body = decider.body;
  if (decider.reset !== undefined) out.reset = decider.reset;
  return out;
}

/** A copy of the fault, or a TypeError naming what is wrong with it. */
function checked(fault: Fault, operationIds: ReadonlySet<OperationId>): Fault {
  const problems: string[] = [];
  const { operationId, times, delayMs, status, headers, reset } = fault ?? {};
  if (operationId !== undefined && operationId !== "*" && !operationIds.has(operationId))
    problems.push(
      `operationId must be "*" or one of ${[...operationIds].join(", ")}, not ${JSON.stringify(operationId)}`,
    );
  if (times !== undefined && !(times === Number.POSITIVE_INFINITY || (Number.isSafeInteger(times) && times > 0)))
    problems.push(`times must be a positive integer or Infinity, not ${String(times)}`);
  if (delayMs !== undefined && !(Number.isFinite(delayMs) && delayMs >= 0))
    problems.push(`delayMs must be a number of milliseconds ≥ 0, not ${String(delayMs)}`);
  if (status !== undefined && !(Number.isInteger(status) && status >= 200 && status <= 599))
    problems.push(`status must be an HTTP status from 200 to 599, not ${String(status)}`);
  if (reset !== undefined && reset !== "before-response" && reset !== "during-body")
    problems.push(`reset must be "before-response" or "during-body", not ${JSON.stringify(reset)}`);
  if (
    headers !== undefined &&
    (typeof headers !== "object" || Object.values(headers).some((v) => typeof v !== "string"))
  )
    problems.push("headers must be an object of strings");
  if (problems.length > 0) throw new TypeError(`Invalid fault: ${problems.join("; ")}`);
  return { ...fault, ...(headers ? { headers: { ...headers } } : {}) };
}
