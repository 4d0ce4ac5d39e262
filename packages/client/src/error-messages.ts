// The words of the errors' messages, and what keeps a message safe to print: the key redacted,
// control characters escaped, a body cut to an excerpt. Text only: no error class is made here.

import type { ParsedErrorBody, QuatrixRequestInfo } from "./errors.js";
import { QuatrixErrorCode } from "./generated/error-codes.js";
import { defaultBaseUrl } from "./generated/operations.js";

/** A redirect's `Location` as shown in errors: origin and path, resolved against the request. */
export function redirectLocation(location: string | undefined, requestUrl: string): string | undefined {
  if (!location) return undefined;
  try {
    const url = new URL(location, requestUrl);
    return url.origin === "null" ? `${url.protocol}${url.pathname}` : url.origin + url.pathname;
  } catch {
    return undefined;
  }
}

// C0 and C1 controls (CR, LF, ESC of ANSI codes…), line and paragraph separators, and the
// invisible bidi overrides and marks (U+061C, U+200B–U+200F, U+2060–U+2069, U+FEFF) that can
// make a log line read differently from what it holds.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const UNSAFE_FOR_LOG = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** The text with every character that could rewrite a log line shown as an escape (`\n`, `\u001b`). */
export function escapeForLog(text: string): string {
  return text.replace(UNSAFE_FOR_LOG, (c) => {
    const code = c.charCodeAt(0);
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "\t") return "\\t";
    return `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

// The path of the document's server (`/api/1.0`): a 404 "Not supported" on a URL without it
// means the base URL lacks it.
const API_PATH = new URL(defaultBaseUrl).pathname.replace(/\/+$/, "");

/**
 * A code's name as words, "NotAuthorized" → "Not authorized" (the document's description, which
 * the names are made from; the descriptions object itself stays out of bundles that never import it).
 */
function codeName(code: number): string | undefined {
  const name = Object.keys(QuatrixErrorCode).find(
    (key) => QuatrixErrorCode[key as keyof typeof QuatrixErrorCode] === code,
  );
  return name?.replace(/(?!^)([A-Z])/g, (letter) => ` ${letter.toLowerCase()}`);
}

/** What the server said, for the message: its msg (or the code's name), the failing fields. */
export function describeAnswer(status: number, body: ParsedErrorBody, request: QuatrixRequestInfo): string {
  if (body.code === undefined) return body.excerpt ? `non-JSON body: ${body.excerpt}` : "empty body";
  const known = codeName(body.code);
  const msg = body.msg?.trim() || known || "no message";
  let what = `${msg} (code ${body.code})`;
  const issues = body.details?.issues;
  if (issues && issues.length > 0) what += `: ${issues.map((i) => `${i.path} ${i.message}`).join("; ")}`;
  if (status === 404 && body.code === QuatrixErrorCode.NotSupported) {
    const path = new URL(request.url).pathname;
    what +=
      API_PATH && !path.includes(`${API_PATH}/`)
        ? `; the API has no such route: the base URL probably lacks "${API_PATH}" (e.g. ${defaultBaseUrl})`
        : "; the API has no such route: check the base URL";
  }
  return what;
}

/**
 * The text with the key (the API key a request carried) replaced by `[redacted]` in every spelling
 * a server may echo it in: as sent; JSON-escaped (`\/`, `\"`, `\uXXXX` for any character, hex in
 * either case); percent-encoded (UTF-8 or Latin-1 bytes, either case); and any mix of these,
 * character by character, in any letter case. The text itself when there is no key.
 */
export function withoutSecret(text: string, secret: string | undefined, replacement = "[redacted]"): string {
  return secret ? text.replace(keyPattern(secret), replacement) : text;
}

/**
 * `key` in every spelling, character by character: `\xHH` (the character itself, after an
 * optional JSON backslash: `\/`, `\"`), `\u00HH`, `%HH`, and for a non-ASCII character its UTF-8
 * bytes `%HH%HH` — hex in either case. A header value is Latin-1: each character is below 0x100.
 */
function keyPattern(key: string): RegExp {
  const hex = (n: number) => n.toString(16).padStart(2, "0");
  const anyCase = (n: number) => hex(n).replace(/[a-f]/g, (x) => `[${x}${x.toUpperCase()}]`);
  let source = "";
  for (const c of key) {
    const n = c.charCodeAt(0);
    const utf8 = n > 127 ? `|%${anyCase(192 | (n >> 6))}%${anyCase(128 | (n & 63))}` : "";
    source += `(?:\\\\?\\x${hex(n)}|\\\\u00${anyCase(n)}|%${anyCase(n)}${utf8})`;
  }
  // Any case: a URL parser lower-cases a host, and a header name arrives lower-cased.
  return new RegExp(source, "gi");
}

const EXCERPT_LENGTH = 200;

export function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH)}…` : flat;
}

export function describeCause(cause: unknown): string {
  const code = connectionErrorCode(cause);
  return code ? ` (${code})` : "";
}

/** The system error code behind a failed fetch (`ECONNREFUSED`, `ECONNRESET`, …), if any. */
export function connectionErrorCode(error: unknown): string | undefined {
  let current = error as { code?: unknown; cause?: unknown; errors?: unknown[] } | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === "string") return current.code;
    if (Array.isArray(current.errors) && current.errors.length > 0) current = current.errors[0] as typeof current;
    else current = current.cause as typeof current;
  }
  return undefined;
}

/** `850 ms`, `1.2 s`, `95 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${s < 10 ? Math.round(s * 10) / 10 : Math.round(s)} s`;
}
