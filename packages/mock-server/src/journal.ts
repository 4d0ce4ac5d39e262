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
  /**
   * The operation's query, header and cookie parameters as the document declares them, read by
   * their style and typed by their schema (`{ query: { tags: ["a", "b"] } }`); set only for an
   * operation that has such parameters.
   */
  parameters?: { query?: Record<string, unknown>; header?: Record<string, unknown>; cookie?: Record<string, unknown> };
  /** The request's headers, names in lower case, `x-auth-token` shown as `[redacted]`. */
  headers: Record<string, string>;
  /**
   * The request body, parsed when it is JSON, else the text; undefined when empty. A body larger
   * than the journal keeps (see `bodyTruncated`) is its text's start, not parsed.
   */
  body: unknown;
  /**
   * Set when `body` holds only the start of the body: the whole body's size in bytes. The journal
   * keeps up to 64 KiB of a body, and 1 KiB of one answered 401 or 404 (the mock never read it).
   */
  bodyTruncated?: number;
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

/** The most of a body a record keeps, in bytes (UTF-8): a larger one is kept as its start. */
export const JOURNAL_BODY_BYTES = 64 * 1024;
/** The most of a body a record keeps when the answer was 401 or 404: the mock never read it. */
export const JOURNAL_REFUSED_BODY_BYTES = 1024;
/** What a JSON container (an object or an array) costs in memory once parsed, beyond its text. */
const CONTAINER_BYTES = 64;
/** What a record costs beyond its strings and bodies: the object, its fields, its timings. */
const RECORD_BYTES = 1024;

/**
 * A body as recorded: parsed JSON when it parses, else the text; undefined when empty. A body
 * over the limit for its answer's status is kept as its start, unparsed, with its size.
 * `parsed` gives the body the mock already parsed, if it did, so it is not parsed twice.
 */
export function recordedBody(
  text: string | undefined,
  status: number,
  parsed?: () => unknown,
): { body: unknown; bodyTruncated?: number } {
  if (text === undefined || text === "") return { body: undefined };
  const limit = status === 401 || status === 404 ? JOURNAL_REFUSED_BODY_BYTES : JOURNAL_BODY_BYTES;
  const bytes = utf8Length(text);
  if (bytes > limit) return { body: copied(utf8Start(text, limit)), bodyTruncated: bytes };
  const value = parsed ? parsed() : parseOrUndefined(text);
  return { body: value === undefined ? text : value };
}

/**
 * A string of its own: a slice of a string may share the whole's memory (V8 keeps a 1 KiB slice
 * of a 1 MiB body as a view of the 1 MiB), so the start the journal keeps is copied out.
 */
function copied(slice: string): string {
  return new TextDecoder().decode(new TextEncoder().encode(slice));
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The size of `text` in UTF-8, without encoding it (the core also runs where Buffer does not). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 2; // a pair: 2 units, 4 bytes
        i++;
        continue;
      }
    }
    if (code >= 0x800) bytes += 2;
    else if (code >= 0x80) bytes += 1;
  }
  return bytes;
}

/** The longest start of `text` of at most `bytes` bytes in UTF-8, never half a surrogate pair. */
function utf8Start(text: string, bytes: number): string {
  let used = 0;
  let end = 0;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    const pair = code >= 0xd800 && code <= 0xdbff && end + 1 < text.length;
    const size = pair ? 4 : code >= 0x800 ? 3 : code >= 0x80 ? 2 : 1;
    if (used + size > bytes) break;
    used += size;
    end += pair ? 2 : 1;
  }
  return text.slice(0, end);
}

/**
 * What a record holds in memory, estimated from above: two bytes per character of its strings
 * (headers, path, query, bodies) and CONTAINER_BYTES for each object or array in its bodies.
 * `requestText` is the request body as received ("" for none) and `responseText` the answer's
 * as sent: the texts of `body` and `response.body` (never serialised again: a body may nest
 * deeper than JSON.stringify can go).
 */
export function recordBytes(entry: RecordedRequest, requestText: string, responseText: string): number {
  let chars = entry.path.length + entry.method.length;
  for (const [name, value] of Object.entries(entry.headers)) chars += name.length + value.length;
  for (const [name, value] of Object.entries(entry.response.headers)) chars += name.length + value.length;
  for (const [name, value] of Object.entries(entry.query)) chars += name.length + value.length;
  // No more than the query and headers they were read from, once more.
  if (entry.parameters) chars += JSON.stringify(entry.parameters).length;
  // A body kept as text (the start of a large one, or one that is not JSON) holds no objects.
  const body = typeof entry.body === "string" ? entry.body : entry.body === undefined ? "" : requestText;
  const objects = (typeof entry.body === "string" ? 0 : containers(body)) + containers(responseText);
  return RECORD_BYTES + 2 * (chars + body.length + responseText.length) + CONTAINER_BYTES * objects;
}

/** How many objects and arrays a JSON text holds, at most (brackets inside strings count too). */
function containers(json: string): number {
  let count = 0;
  for (let i = 0; i < json.length; i++) {
    const code = json.charCodeAt(i);
    if (code === 0x7b || code === 0x5b) count++;
  }
  return count;
}

export class Journal {
  private readonly entries: { entry: RecordedRequest; bytes: number }[] = [];
  private bytes = 0;

  constructor(
    private readonly onExchange: ((exchange: RecordedRequest) => void) | undefined,
    private readonly report: (message: string) => void,
    /** The most records kept: past it the oldest are dropped. */
    private readonly limit = Number.POSITIVE_INFINITY,
    /** The most bytes (as recordBytes counts them) the records may hold: past it the oldest are dropped. */
    private readonly byteLimit = Number.POSITIVE_INFINITY,
  ) {}

  /** What the records hold in memory, as recordBytes estimates it. */
  get accountedBytes(): number {
    return this.bytes;
  }

  /**
   * Records an exchange of `bytes` (see recordBytes) and hands it to onExchange; an onExchange
   * that throws is reported, never fatal. The newest record is always kept.
   */
  add(entry: RecordedRequest, bytes: number): void {
    this.entries.push({ entry, bytes });
    this.bytes += bytes;
    while (this.entries.length > 1 && (this.entries.length > this.limit || this.bytes > this.byteLimit))
      this.bytes -= this.entries.shift()?.bytes ?? 0;
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
    return this.entries.map((e) => e.entry);
  }

  clear(): void {
    this.entries.length = 0;
    this.bytes = 0;
  }
}
