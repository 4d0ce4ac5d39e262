// fast-check arbitraries built from the document's request schemas: valid bodies, and
// mutations of them that break exactly one field.
import fc from "fast-check";
import type { JsonSchema } from "./fixtures.js";

export function arbitraryFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case "object": {
      // A property cut where a recursive schema recurses (`false`) is left out.
      const properties = Object.fromEntries(
        Object.entries(schema.properties ?? {}).flatMap(([name, s]) => (s === false ? [] : [[name, arbitraryFor(s)]])),
      );
      return fc.record(properties, { requiredKeys: schema.required ?? [] });
    }
    case "array":
      if (schema.items === false) return fc.constant([]);
      return fc.array(arbitraryFor(schema.items ?? {}), { minLength: schema.minItems ?? 0, maxLength: 4 });
    case "integer":
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: 1_000_000_000 });
    case "boolean":
      return fc.boolean();
    case "string":
      if (schema.format === "uuid") return fc.uuid();
      if (schema.format === "email") return fc.emailAddress();
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: 20 });
    default:
      return fc.anything();
  }
}

/** One way to break a valid body, and the path of the field it breaks. */
export interface Mutation {
  kind: "drop-required" | "wrong-type" | "outside-enum" | "bad-uuid" | "unknown-field";
  field: string;
  /** The JSON pointer the refusal must name. */
  path: string;
  apply(body: Record<string, unknown>): Record<string, unknown>;
}

export function mutationsFor(schema: JsonSchema): Mutation[] {
  const out: Mutation[] = [];
  for (const field of schema.required ?? []) {
    out.push({
      kind: "drop-required",
      field,
      path: `/body/${field}`,
      apply: (body) => {
        const copy = { ...body };
        delete copy[field];
        return copy;
      },
    });
  }
  for (const [field, s] of Object.entries(schema.properties ?? {})) {
    if (s === false) continue;
    const wrong = s.type === "string" ? 42 : `not-a-${s.type}`;
    out.push({ kind: "wrong-type", field, path: `/body/${field}`, apply: (body) => ({ ...body, [field]: wrong }) });
    if (s.enum) {
      out.push({ kind: "outside-enum", field, path: `/body/${field}`, apply: (body) => ({ ...body, [field]: "ZZ" }) });
    }
    if (s.format === "uuid") {
      out.push({
        kind: "bad-uuid",
        field,
        path: `/body/${field}`,
        apply: (body) => ({ ...body, [field]: "not-a-uuid" }),
      });
    }
    if (s.type === "array" && s.items !== false && s.items?.format === "uuid") {
      out.push({
        kind: "bad-uuid",
        field,
        path: `/body/${field}/0`,
        apply: (body) => ({ ...body, [field]: ["12345"] }),
      });
    }
  }
  out.push({ kind: "unknown-field", field: "emial", path: "/body/emial", apply: (body) => ({ ...body, emial: "x" }) });
  return out;
}
