// The shape of the validators compiled from the document at build time (see scripts/codegen).

/** An ajv error as the generated validators report it. */
export interface ValidatorError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A compiled validator: true when the data is valid; otherwise `errors` says what failed. */
export interface Validator {
  (data: unknown): boolean;
  errors?: ValidatorError[] | null;
}

/** The request validators of one operation; each absent where the operation has no body or no parameters there. */
export interface OperationRequestValidators {
  readonly body?: Validator;
  readonly path?: Validator;
  /** The query, header and cookie parameters, as `{ query: { … }, header: { … }, cookie: { … } }`. */
  readonly params?: Validator;
}
