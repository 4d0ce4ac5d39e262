// The request journal: every request the mock answered, in order, as one record that tests
// read through `mock.requests` and `onExchange` receives. The API key never enters it.
import type { OperationId } from "@quatrix/user-api-client";

/** One request and the answer it got. */
export interface RecordedRequest {
  /** The answer's `x-request-id`: unique per request. */
  requestId: string;
  /** The operation the request matched; undefined for a path or method the document does not have. */
  operationId: OperationId | undefined;
  method: string;
  /** The path as requested, without the query, e.g. `/api/1.0/user/metadata/…`. */
  path: string;
  /** The query parameters (the last value wins when one repeats). */
  query: Record<string, string>;
  /** The request's headers, names in lower case, `x-auth-token` shown as `[redacted]`. */
  headers: Record<string, string>;
  /** The request body, parsed when it is JSON, else the text; undefined when empty. */
  body: unknown;
  /** The answer's status; 0 when the connection was dropped before an answer was sent. */
  status: number;
  /** The answer as sent (or as begun, for a connection dropped during the body). */
  response: { headers: Record<string, string>; body: unknown };
  /** Whether an injected fault answered (or delayed) the request, instead of the operation alone. */
  injected: boolean;
  /** Set when an injected fault dropped the connection. */
  dropped?: "before-response" | "during-body";
  /** Milliseconds from the request's arrival to its answer, injected delays included. */
  durationMs: number;
  /** Set when `onExchange` threw on this record: the error's message. */
  onExchangeError?: string;
}

const REDACTED = "[redacted]";

/** The headers to record: lower-case names, the API key replaced. */
export function recordedHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    out[lower] = lower === "x-auth-token" ? REDACTED : value;
  }
  return out;
}

/** A body as recorded: parsed JSON when it parses, else the text; undefined when empty. */
export function recordedBody(text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export class Journal {
  private readonly entries: RecordedRequest[] = [];

  constructor(
    private readonly onExchange: ((exchange: RecordedRequest) => void) | undefined,
    private readonly report: (message: string) => void,
    /** The most records kept: past it the oldest are dropped. */
    private readonly limit = Number.POSITIVE_INFINITY,
  ) {}

  /** Records an exchange and hands it to onExchange; an onExchange that throws is reported, never fatal. */
  add(entry: RecordedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.shift();
    if (!this.onExchange) return;
    try {
      this.onExchange(entry);
    } catch (error) {
      entry.onExchangeError = error instanceof Error ? error.message : String(error);
      this.report(`quatrix-user-api-mock: onExchange threw on ${entry.method} ${entry.path}: ${entry.onExchangeError}`);
    }
  }

  /** A copy of the records, oldest first. */
  list(): readonly RecordedRequest[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries.length = 0;
  }
}
