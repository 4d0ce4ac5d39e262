// The one header model of both surfaces: names compared case-insensitively, sets merged in a
// fixed order (client headers, then the API key, then the call's headers), a later value
// replacing an earlier one and never joined to it, and every name and value checked before
// anything is sent. A refusal names the header and what is wrong, never the value: it may be
// the key.

import type { ValidationIssue } from "./errors.js";

/** The header the API key travels in. */
export const AUTH_HEADER = "x-auth-token";

// RFC 9110 token: the characters a field name may have.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// A field value: Latin-1 without C0 controls (CR, LF, NUL, TAB…), DEL or C1 controls.
const BAD_VALUE = /[^\u0020-\u007e\u00a0-\u00ff]/;

// Headers that frame the message or manage the connection: the transport sets them itself. Sent
// as given, `content-length` or `transfer-encoding` would disagree with the real body (fetch
// then never sends the request; node:http sends both, which servers read as smuggling), and
// `host` would point the key at another virtual host of the same address.
const TRANSPORT_HEADERS = new Set([
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "upgrade",
  "expect",
  "te",
  "trailer",
  "proxy-connection",
]);

/** What is wrong with a header value, or undefined when it may be sent. Never quotes the value. */
export function headerValueProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return "must be a string";
  const bad = BAD_VALUE.exec(value);
  if (bad === null) return undefined;
  const code = bad[0].codePointAt(0) ?? 0;
  if (code === 0x0d || code === 0x0a) return "must not contain CR or LF (they would start a new header)";
  if (code === 0 || code < 0x20 || (code >= 0x7f && code <= 0x9f)) return "must not contain control characters";
  return "must contain only Latin-1 characters (U+0020–U+00FF)";
}

/** Where a refusal points: `/headers/<name>`, the name made printable (it is not a secret). */
export function headerPath(name: string): string {
  const printable = JSON.stringify(name).slice(1, -1);
  const short = printable.length > 64 ? `${printable.slice(0, 64)}…` : printable;
  return `/headers/${short.replaceAll("~", "~0").replaceAll("/", "~1")}`;
}

/**
 * Checks a set of headers and returns it with lower-case names, or the issues found. Values
 * that are undefined are dropped (an option left out); `prefix` tells apart where they came from.
 */
export function normaliseHeaders(
  headers: unknown,
  issues: ValidationIssue[],
  path: (name: string) => string = headerPath,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === undefined || headers === null) return out;
  if (typeof headers !== "object") {
    issues.push({ path: "/headers", message: "must be an object of header names to values" });
    return out;
  }
  const entries = headers instanceof Headers ? [...headers] : Object.entries(headers);
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    if (!TOKEN.test(name)) {
      issues.push({ path: path(name), message: "is not a valid header name (letters, digits and !#$%&'*+-.^_`|~)" });
      continue;
    }
    if (TRANSPORT_HEADERS.has(name.toLowerCase())) {
      issues.push({ path: path(name), message: "is set by the transport and may not be given" });
      continue;
    }
    const problem = headerValueProblem(value);
    if (problem !== undefined) {
      issues.push({ path: path(name), message: `value ${problem}; the value is not shown` });
      continue;
    }
    out[name.toLowerCase()] = value as string;
  }
  return out;
}

/** Merges header sets (lower-case names) in order: a later value replaces an earlier one. */
export function mergeHeaders(...sets: Array<Record<string, string> | undefined>): Record<string, string> {
  return Object.assign({}, ...sets);
}
