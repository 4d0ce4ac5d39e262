// Values built from the document's schemas: how a record gets a property the mock knows
// nothing about, and how an operation without a rule gets an answer.
//
// The rule, for each property of an object: its `default`, else its `example` (or first of
// `examples`), else its `const` or first `enum` value, else a value built from its type — ""
// (or a fixed valid uuid/e-mail for those formats), the minimum or 0, false, [] (or `minItems`
// built items), an object with every property. Optional properties are included too, so a
// property the document adds shows up in every answer.
import type { JsonSchema } from "@quatrix/user-api-client/internal";
import { model } from "./document.js";

const FORMAT_VALUES: Record<string, string> = {
  uuid: "00000000-0000-4000-8000-000000000000",
  email: "user@example.com",
  "date-time": "1970-01-01T00:00:00Z",
  date: "1970-01-01",
  uri: "https://example.com/",
};

/** The named schema a `$ref` points to, or the schema itself. */
export function resolveSchema(schema: JsonSchema): JsonSchema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === "string"; hops++) {
    const name = current.$ref.split("/").pop() ?? "";
    const target = model.schemas[name];
    if (!target || hops > 32) throw new Error(`cannot resolve ${String(current.$ref)}`);
    current = target;
  }
  return current;
}

/**
 * How deep optional properties are filled in: a recursive schema (`parent?: Group`) would
 * otherwise never end. Required properties are always built; a schema that requires itself has
 * no finite value, and is refused past MAX_DEPTH.
 */
const OPTIONAL_DEPTH = 3;
const MAX_DEPTH = 32;

/** A value valid for the schema, following the rule above. */
export function valueFor(schema: JsonSchema, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new Error("the schema has no finite value (it requires itself)");
  const s = resolveSchema(schema);
  if ("default" in s) return structuredClone(s.default);
  if ("example" in s) return structuredClone(s.example);
  if (Array.isArray(s.examples) && s.examples.length > 0) return structuredClone(s.examples[0]);
  if ("const" in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  for (const keyword of ["oneOf", "anyOf"] as const) {
    const [first] = (s[keyword] as JsonSchema[] | undefined) ?? [];
    if (first) return valueFor(first, depth);
  }
  if (Array.isArray(s.allOf)) return Object.assign({}, ...(s.allOf as JsonSchema[]).map((a) => valueFor(a, depth)));
  const type = Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== "null") : s.type;
  switch (type) {
    case "object":
      return objectFor(s, {}, depth);
    case "array": {
      const count = typeof s.minItems === "number" ? s.minItems : 0;
      return Array.from({ length: count }, () => valueFor((s.items as JsonSchema | undefined) ?? {}, depth + 1));
    }
    case "string": {
      const byFormat = typeof s.format === "string" ? FORMAT_VALUES[s.format] : undefined;
      return byFormat ?? "x".repeat(typeof s.minLength === "number" ? s.minLength : 0);
    }
    case "integer":
    case "number":
      return typeof s.minimum === "number" ? s.minimum : 0;
    case "boolean":
      return false;
    case "null":
      return null;
    default:
      return s.properties ? objectFor(s, {}, depth) : null;
  }
}

/**
 * An object of the schema: every declared property, taken from `given` where it has it and
 * built by the rule above where not; properties of `given` the schema does not declare are kept.
 */
export function objectFor<T extends object>(schema: JsonSchema, given: T, depth = 0): T {
  const s = resolveSchema(schema);
  const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  const out: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    const value = (given as Record<string, unknown>)[name];
    if (value !== undefined) out[name] = value;
    else if (required.has(name) || depth < OPTIONAL_DEPTH) out[name] = valueFor(property, depth + 1);
  }
  for (const [name, value] of Object.entries(given)) if (!(name in out) && value !== undefined) out[name] = value;
  // The schema decides the shape; the caller's type promises the fields it set itself.
  return out as T;
}
