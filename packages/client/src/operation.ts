// The shape of one entry of the generated operation table, and of the function that sends one.

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** What the client needs to know to send one operation; generated from the document. */
export interface OperationSpec {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** The path template, e.g. `/user/metadata/{id}`. */
  readonly path: string;
  readonly pathParams: readonly string[];
  readonly hasBody: boolean;
  /** Whether the operation sends the API key (`X-Auth-Token`). */
  readonly auth: boolean;
  readonly successStatus: number;
  /** True when the success answer has no body. */
  readonly emptyResponse: boolean;
  /** Every status the document declares for the operation (`5XX` for a range). */
  readonly statuses: readonly string[];
}

/** Per-call options of the operation methods; each overrides the client's option of that name. */
export interface RequestOptions {
  /** Aborts the call at any point, also while waiting to retry; the call rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Time limit of each attempt, in milliseconds. Client default: 60 000. */
  timeoutMs?: number;
  /** How many times a failed attempt may be retried (see the README for what is retried). Client default: 2. */
  maxRetries?: number;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
  /** Check the body and path parameters against the document before sending. Client default: true. */
  validateRequests?: boolean;
  /** Check the success body against the document. Client default: false. */
  validateResponses?: boolean;
}

/** Sends one operation and resolves to its success body. */
export type OperationCall = <T>(
  spec: OperationSpec,
  pathParams: Record<string, string> | undefined,
  body: unknown,
  options: RequestOptions | undefined,
) => Promise<T>;
