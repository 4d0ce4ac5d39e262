// The query, header and cookie parameters of a request, read as the document declares them:
// each parameter's `style` and `explode` say how its value is written (the client writes it
// the same way: packages/client/src/parameters.ts), its schema's type what it becomes — a
// number, a boolean, a list, an object — before validation. A value that cannot be read as its
// type is kept as text, so that validation names it ("must be an integer").
import type { JsonSchema, OperationModel, ParameterModel } from "@quatrix/user-api-client/internal";
import { unsafeNumbers } from "./numbers.js";

/** The parameters of a request by where they came from: `{ query: { status: "A" } }`. */
export type ParameterValues = {
  query?: Record<string, unknown>;
  header?: Record<string, unknown>;
  cookie?: Record<string, unknown>;
};

/** Whether an operation has query, header or cookie parameters. */
export function hasParameters(operation: OperationModel): boolean {
  return operation.parameters.some((p) => p.in !== "path");
}

/**
 * The operation's parameters found in a request. `search` is the raw query (`?a=1&b=2`, or
 * ""), `headers` the request's headers with lower-case names. A parameter whose text is not
 * valid percent-encoding (`%zz`, a `%` alone, an escape of no UTF-8 character) is kept as its
 * text and named in `problems`, for a 400: it is no value a client meant.
 */
export function readParameters(
  operation: OperationModel,
  search: string,
  headers: Record<string, string | undefined>,
  problems: { path: string; message: string }[] = [],
): ParameterValues {
  const pairs = rawPairs(search.replace(/^\?/, ""), "&");
  const cookies = rawPairs(headers.cookie ?? "", ";");
  const values: Required<ParameterValues> = { query: {}, header: {}, cookie: {} };
  for (const p of operation.parameters) {
    if (p.in === "path") continue;
    let value: unknown;
    if (p.in === "query") value = queryValue(p, pairs);
    else if (p.in === "cookie") {
      const found = cookies.filter(([name]) => name === p.name).map(([, raw]) => raw);
      const raw = found[0];
      // Only a list is split at its commas: a comma in one value is part of it (`region=a,b`).
      value =
        found.length > 1
          ? repeated(p.schema, found.map(decode))
          : raw === undefined
            ? undefined
            : typed(p.schema, p.schema.type === "array" ? split(raw, ",") : [decode(raw)]);
    } else {
      const raw = headers[p.name.toLowerCase()];
      value =
        raw === undefined
          ? undefined
          : typed(p.schema, p.schema.type === "array" ? raw.split(",").map((v) => v.trim()) : [raw.trim()]);
    }
    if (value !== undefined) values[p.in][p.name] = value;
    // `?limit=99999999999999999999` reads as 100000000000000000000: not the number sent.
    problems.push(...unsafeNumbers(value, `/${p.in}/${p.name}`));
    if (p.in !== "header" && rawTexts(p, p.in === "query" ? pairs : cookies).some((raw) => !decodes(raw)))
      problems.push({ path: `/${p.in}/${p.name}`, message: "is not valid percent-encoding (RFC 3986)" });
  }
  return values;
}

/** The raw texts of a query or cookie parameter: under its name, or an exploded object's under its properties'. */
function rawTexts(p: ParameterModel, pairs: [string, string][]): string[] {
  const properties = p.schema.type === "object" && p.explode ? (p.schema.properties ?? {}) : undefined;
  return pairs
    .filter(([name]) => (properties ? Object.hasOwn(properties, name) : name === p.name))
    .map(([, raw]) => raw);
}

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/** `name=value` pairs, names decoded, values still raw (a delimiter inside must not split them). */
function rawPairs(text: string, separator: string): [string, string][] {
  return text
    .split(separator)
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) => {
      const at = part.indexOf("=");
      return at < 0 ? [decode(part), ""] : [decode(part.slice(0, at)), part.slice(at + 1)];
    });
}

const DELIMITERS: Record<string, RegExp> = { form: /,/, spaceDelimited: /%20/i, pipeDelimited: /%7C|\|/i };

function queryValue(p: ParameterModel, pairs: [string, string][]): unknown {
  const schema = p.schema;
  if (schema.type === "object") {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const object: Record<string, unknown> = {};
    // Own properties only: `?constructor=x` or `?toString=x` is no property of the object (the
    // `in` operator would say it is, and validation then blame the object for it).
    const property = (name: string) => (Object.hasOwn(properties, name) ? properties[name] : undefined);
    if (p.explode) {
      for (const [name, raw] of pairs) if (property(name)) ownValue(object, name, scalar(property(name), decode(raw)));
    } else {
      const raw = pairs.find(([name]) => name === p.name)?.[1];
      if (raw === undefined) return undefined;
      const parts = split(raw, ",");
      for (let i = 0; i + 1 < parts.length; i += 2) {
        const name = parts[i] as string;
        ownValue(object, name, scalar(property(name), parts[i + 1] as string));
      }
    }
    return Object.keys(object).length > 0 ? object : undefined;
  }
  const raws = pairs.filter(([name]) => name === p.name).map(([, raw]) => raw);
  if (raws.length === 0) return undefined;
  if (schema.type === "array" && !p.explode) {
    const delimiter = DELIMITERS[p.style] ?? /,/;
    // Given twice (`?ids=a,b&ids=c`): all of the values, none dropped.
    return typed(
      schema,
      raws.flatMap((raw) => raw.split(delimiter).map((v) => decode(v))),
    );
  }
  // Form explode repeats the name of a list; a one-value parameter given twice is ambiguous.
  const texts = raws.map((v) => decode(v));
  return schema.type !== "array" && texts.length > 1 ? repeated(schema, texts) : typed(schema, texts);
}

/**
 * Sets a property as an own one, whatever its name: `object.__proto__ = v` would set the
 * object's prototype (or, for a text, nothing at all), and validation could not name it.
 */
function ownValue(object: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(object, name, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A one-value parameter given more than once (`?status=A&status=D`, two `region` cookies): the
 * values as a list, which validation refuses naming the parameter (a 400), rather than a pick
 * of one of them that the caller cannot see.
 */
function repeated(schema: JsonSchema, texts: string[]): unknown[] {
  return texts.map((t) => scalar(schema, t));
}

/** The texts of a value as its schema types it: a list for an array, else the last text. */
function typed(schema: JsonSchema, texts: string[]): unknown {
  if (schema.type === "array") return texts.map((t) => scalar(schema.items as JsonSchema | undefined, t));
  return scalar(schema, texts[texts.length - 1] ?? "");
}

/** One text as the scalar its schema says, or the text itself when it is not one. */
function scalar(schema: JsonSchema | undefined, text: string): unknown {
  switch (schema?.type) {
    case "integer":
    case "number":
      return /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text) ? Number(text) : text;
    case "boolean":
      return text === "true" ? true : text === "false" ? false : text;
    default:
      return text;
  }
}

function split(raw: string, delimiter: string): string[] {
  return raw.split(delimiter).map((v) => decode(v));
}

/** Percent-decoding as RFC 3986 has it (a `+` is a plus); a broken escape is kept as it is. */
function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
