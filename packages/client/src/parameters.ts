// The query, header and cookie parameters of a call, written as the document's `style` and
// `explode` say (OpenAPI 3.1, "Style Values"). Only the generated methods of operations that
// have such parameters import this module, so a client of a document without any carries none.
//
// Query: names and values percent-encoded as RFC 3986 asks (encodeURIComponent: a space is
// %20, never +); form explode repeats the name (`a=1&a=2`), form non-explode joins with a
// comma (`a=1,2`), spaceDelimited with %20 and pipeDelimited with %7C; an object (form) is
// its properties (`k=v&k2=v2`) or, not exploded, `name=k,v,k2,v2`. Header: simple, values
// joined with a comma. Cookie: form, `name=value` pairs in one Cookie header, values
// percent-encoded. A value left undefined is not sent.
//
// It imports nothing of the client: the openapi-fetch chunk uses it too, and a module both the
// main entry and a lazy chunk import would become a chunk of its own (see main-parts.ts). The
// caller turns its issues into a QuatrixValidationError and checks the header values.

import type { ValidationIssue } from "./errors.js";
import type { EncodedParameters, OperationSpec, ParameterSpec, ParameterValues } from "./operation.js";

const DELIMITERS: Record<string, string> = { spaceDelimited: "%20", pipeDelimited: "%7C" };

/**
 * Writes the parameters of a call. A value that cannot be written is an issue naming it; the
 * header values (by the document's names) are still to be checked as any header is.
 */
export function encodeParameters(spec: OperationSpec, values: ParameterValues): EncodedParameters {
  const query: string[] = [];
  const cookies: string[] = [];
  const headers: Record<string, string> = {};
  const issues: ValidationIssue[] = [];
  for (const p of spec.parameters ?? []) {
    const group: unknown = values[p.in];
    if (group === undefined) continue;
    if (group === null || typeof group !== "object") {
      issues.push({ path: `/${p.in}`, message: "must be an object of parameters" });
      continue;
    }
    const value: unknown = (group as Record<string, unknown>)[p.name];
    if (value === undefined) continue;
    const at = `/${p.in}/${p.name}`;
    try {
      if (p.in === "query") query.push(...queryPairs(p, value, at));
      else {
        // A cookie's values are percent-encoded one by one: the commas between them stay commas.
        const texts = (Array.isArray(value) ? value : [value]).map((v, i) =>
          text1(v, Array.isArray(value) ? `${at}/${i}` : at),
        );
        if (p.in === "cookie") cookies.push(`${p.name}=${texts.map(encode).join(",")}`);
        else headers[p.name] = texts.join(",");
      }
    } catch (error) {
      // encodeURIComponent's URIError: a lone surrogate (U+D800–U+DFFF) has no UTF-8 form.
      issues.push(
        error instanceof Refusal
          ? error.issue
          : { path: at, message: "must be well-formed Unicode (it has a lone surrogate)" },
      );
    }
  }
  if (cookies.length > 0) headers.cookie = cookies.join("; ");
  return { search: query.length > 0 ? `?${query.join("&")}` : "", headers, issues };
}

/** The `name=value` pairs of one query parameter. */
function queryPairs(p: ParameterSpec, value: unknown, at: string): string[] {
  const name = encode(p.name);
  if (Array.isArray(value)) {
    const items = value.map((v, i) => encode(text1(v, `${at}/${i}`)));
    return p.explode ? items.map((v) => `${name}=${v}`) : [`${name}=${items.join(DELIMITERS[p.style] ?? ",")}`];
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [encode(k), encode(text1(v, `${at}/${k}`))]);
    return p.explode ? entries.map(([k, v]) => `${k}=${v}`) : [`${name}=${entries.flat().join(",")}`];
  }
  return [`${name}=${encode(text1(value, at))}`];
}

/** A primitive value as text. */
function text1(value: unknown, at: string): string {
  if (typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value)))
    return String(value);
  throw new Refusal(at, "must be a string, a finite number or a boolean");
}

const encode = encodeURIComponent;

/** A value that cannot be written, found at any level of a parameter's value. */
class Refusal {
  readonly issue: ValidationIssue;
  constructor(path: string, message: string) {
    this.issue = { path, message };
  }
}
