// The query, header and cookie parameters of a call, written as the document's `style` and
// `explode` say (OpenAPI 3.1, "Style Values"). Only the generated operation table imports it,
// as the `encode` of the operations that have such parameters, so a client of a document
// without any carries none of it; both surfaces call it from there.
//
// Query: names and values percent-encoded as RFC 3986 asks (encodeURIComponent: a space is
// %20, never +); form explode repeats the name (`a=1&a=2`), form non-explode joins with a
// comma (`a=1,2`), spaceDelimited with %20 and pipeDelimited with %7C; an object (form) is
// its properties (`k=v&k2=v2`) or, not exploded, `name=k,v,k2,v2`. Header: simple, values
// joined with a comma. Cookie: form, `name=value` pairs in one Cookie header, values
// percent-encoded, each replacing a cookie of its name that the call's headers already have.
// A value left undefined is not sent; a name that is no parameter of its place, or a value
// with nothing to write (a Date, a Map), is refused, never silently left out.

import { QuatrixValidationError, type ValidationIssue } from "./errors.js";
import { normaliseHeaders } from "./headers.js";
import type { EncodedParameters, OperationSpec, ParameterValues } from "./operation.js";

const DELIMITERS: Record<string, string> = { spaceDelimited: "%20", pipeDelimited: "%7C" };
const encode = encodeURIComponent;
const SCALAR = "must be a string, a finite number or a boolean";

/**
 * Writes the parameters of a call over `base`, the call's headers, and `url`, its URL: query
 * parameters after a `?`, header parameters after the headers (checked as any header is),
 * cookie parameters joined to their cookie. Refuses, naming it, a value that cannot be written,
 * before anything is sent.
 */
export function encodeParameters(
  spec: OperationSpec,
  values: ParameterValues | undefined,
  base: Readonly<Record<string, string>>,
  url: string,
): EncodedParameters {
  const query: string[] = [];
  const cookies: string[] = [];
  const headers: Record<string, string> = {};
  const issues: ValidationIssue[] = [];
  const params: Record<string, unknown> = {};
  const declared = spec.parameters ?? [];
  // Each place once: not an object is one issue, and a name that is none of its parameters is
  // refused rather than left out (openapi-fetch's surface has no validator to name it).
  for (const place of ["query", "header", "cookie"] as const) {
    const group = values?.[place];
    if (group != null || declared.some((p) => p.in === place)) params[place] = group ?? {};
    if (group == null) continue;
    if (!isPlainObject(group)) issues.push({ path: `/${place}`, message: "must be an object of parameters" });
    else
      for (const [name, value] of Object.entries(group))
        if (value !== undefined && !declared.some((p) => p.in === place && p.name === name))
          issues.push({ path: `/${place}/${pointer(name)}`, message: "is not a field of this request" });
  }
  for (const { name, in: place, style, explode, shape } of declared) {
    const group = params[place];
    if (!isPlainObject(group)) continue;
    const value = group[name];
    if (value === undefined) continue;
    const at = `/${place}/${name}`;
    const refuse = (path: string, message: string) => {
      issues.push({ path, message });
      return "";
    };
    const text = (v: unknown, path: string) =>
      typeof v === "string" || typeof v === "boolean" || Number.isFinite(v) ? String(v) : refuse(path, SCALAR);
    const list = Array.isArray(value);
    // Only a plain object is written as its properties: a Date or a Map has none to show.
    const object = isPlainObject(value);
    // The parameter's own shape: an object given for a list would add query names the document
    // does not have, a list given for one value would repeat its name.
    if (shape === "list" ? !list : shape === "object" ? !object : shape === "value" && (list || object)) {
      refuse(at, shape === "list" ? "must be a list" : shape === "object" ? "must be an object" : SCALAR);
      continue;
    }
    try {
      // [name, text] pairs: a list's items under the parameter's name, an object's properties
      // under theirs. Array.from, not map: a hole of a sparse list is an undefined item, refused.
      const pairs: string[][] = list
        ? Array.from(value, (v, i) => [name, text(v, `${at}/${i}`)])
        : object
          ? Object.entries(value)
              .filter(([, v]) => v !== undefined)
              .map(([k, v]) => [k, text(v, `${at}/${k}`)])
          : [[name, text(value, at)]];
      const texts = pairs.map((pair) => pair[1] as string);
      if (place === "header") headers[name] = texts.join(",");
      // A cookie's values are percent-encoded one by one: the commas between them stay commas.
      else if (place === "cookie") cookies.push(`${name}=${texts.map(encode).join(",")}`);
      // One by one, not push(...all): a list of a few hundred thousand items overflows the stack.
      else if (explode) for (const [k, v] of pairs) query.push(`${encode(k as string)}=${encode(v as string)}`);
      else query.push(`${encode(name)}=${(object ? pairs.flat() : texts).map(encode).join(DELIMITERS[style] ?? ",")}`);
    } catch (error) {
      // encodeURIComponent's URIError: a lone surrogate (U+D800–U+DFFF) has no UTF-8 form.
      if (!(error instanceof URIError)) throw error;
      refuse(at, "must be well-formed Unicode (it has a lone surrogate)");
    }
  }
  const own = normaliseHeaders(headers, issues, (name) => `/header/${name}`);
  if (issues.length > 0) throw new QuatrixValidationError(spec.operationId, issues, "request");
  if (cookies.length > 0) {
    // A parameter replaces a cookie of its name in the call's or the client's Cookie header, as
    // a later header replaces an earlier one: sent twice, a server picks one, maybe the old.
    const names = cookies.map((c) => c.split("=")[0]);
    own.cookie = [
      ...(base.cookie ?? "")
        .split(";")
        .map((c) => c.trim())
        .filter((c) => c && !names.includes(c.split("=")[0]?.trim())),
      ...cookies,
    ].join("; ");
  }
  return {
    url: query.length > 0 ? `${url}?${query.join("&")}` : url,
    headers: { ...base, ...own },
    params: params as ParameterValues,
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  // Object.prototype of this realm or another (a frame's, a vm context's), or none; not an
  // array's, a Date's or a Map's.
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** A name as a JSON Pointer segment, made printable (names are not secrets; values may be). */
function pointer(name: string): string {
  return JSON.stringify(name).slice(1, -1).replaceAll("~", "~0").replaceAll("/", "~1");
}
