// @ts-check
// The string formats the document uses, as regular expressions. The client's compiled
// validators and the mock server both take them from here, so they never disagree.
export const FORMATS = {
  uuid: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
  email: "^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$",
};

/** Formats that only describe a width; `type: integer` already checks what can be checked. */
export const ANNOTATION_FORMATS = ["int64", "int32"];
