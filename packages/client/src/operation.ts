// The shape of one entry of the generated operation table, and of the function that sends one.

import type { OperationId } from "./generated/operations.js";
import type { LogLevel } from "./log-types.js";
import type { ParameterStyle } from "./model.js";
import type { QuatrixPromise } from "./promise.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** What the client needs to know to send one operation; generated from the document. */
export interface OperationSpec {
  readonly operationId: OperationId;
  readonly method: HttpMethod;
  /** The path template, e.g. `/user/metadata/{id}`; its `{names}` are the path parameters. */
  readonly path: string;
  readonly hasBody: boolean;
  /** Whether the operation sends the API key (`X-Auth-Token`). */
  readonly auth: boolean;
  /** True when the success answer has no body. */
  readonly emptyResponse: boolean;
  /** The query, header and cookie parameters, in document order; absent when there are none. */
  readonly parameters?: readonly ParameterSpec[];
  /** Writes them (parameters.ts); absent when there are none, so that a client without any has none of its code. */
  readonly encode?: ParameterEncoder;
}

/** A query, header or cookie parameter: where it goes and how its value is written. */
export interface ParameterSpec {
  readonly name: string;
  readonly in: ParameterPlace;
  readonly style: ParameterStyle;
  readonly explode: boolean;
  /**
   * What its value must be, from its schema's type: one string, number or boolean (`value`), a
   * list of them (`list`), or an object of them (`object`). The generator always writes it;
   * absent (a hand-made spec), any of these is written.
   */
  readonly shape?: ParameterShape;
}

export type ParameterShape = "value" | "list" | "object";

export type ParameterPlace = "query" | "header" | "cookie";

/**
 * The parameters of one call as its options hold them: `{ query: { status: "A" } }`. The
 * operation methods of an operation with parameters take these fields in their options, typed
 * from the document.
 */
export type ParameterValues = { readonly [P in ParameterPlace]?: Readonly<Record<string, unknown>> | undefined };

/** A call's parameters, written: the URL with the query, the headers, what to validate. */
export interface EncodedParameters {
  /** The call's URL with the query of its parameters (`…/user?status=A`), or as it was. */
  url: string;
  /** The call's headers with the header and cookie parameters laid over them. */
  headers: Record<string, string>;
  /** The values by place, `{}` for a place the call left out, for the request validators. */
  params: ParameterValues;
}

/**
 * Writes a call's parameters over the call's headers and URL; throws a QuatrixValidationError
 * for a value that cannot be written. In the table only for operations that have parameters.
 */
export type ParameterEncoder = (
  spec: OperationSpec,
  values: ParameterValues | undefined,
  headers: Readonly<Record<string, string>>,
  url: string,
) => EncodedParameters;

/**
 * The parameters of one place (`query`, `header`, `cookie`) as an operation method takes them:
 * as RequestBody, `| undefined` on every optional one, and arrays that may be readonly.
 */
export type RequestParameters<T> = RequestBody<T>;

/**
 * A request body as an operation method takes it: the document's type, with `| undefined` on
 * every optional property at every depth, so that under `exactOptionalPropertyTypes` a caller
 * may write `{ name, email, phone: maybePhone }`, and with arrays that may be readonly. A
 * property that is undefined is left out of the JSON sent (as `JSON.stringify` leaves it out),
 * and validation treats it as absent.
 */
export type RequestBody<T> = T extends readonly (infer E)[]
  ? readonly RequestBody<E>[]
  : T extends object
    ? {
        [K in keyof T]: Record<never, never> extends Pick<T, K>
          ? RequestBody<Exclude<T[K], undefined>> | undefined
          : RequestBody<T[K]>;
      }
    : T;

/** Per-call options of the operation methods; each overrides the client's option of that name. */
export interface RequestOptions {
  /** Aborts the call at any point, also while waiting to retry; the call rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Time limit of each attempt, in milliseconds; 0 for none. Client default: 60 000. */
  timeoutMs?: number | undefined;
  /** How many times a failed attempt may be retried (see the README for what is retried). Client default: 2. */
  maxRetries?: number | undefined;
  /** Extra headers for this call; they replace the client's headers and key of the same name (case-insensitive). */
  headers?: Record<string, string> | undefined;
  /** Largest answer body accepted, in bytes after decompression. Client default: 32 MiB. */
  maxResponseBytes?: number | undefined;
  /** Check the body and parameters against the document before sending. Client default: true. */
  validateRequests?: boolean | undefined;
  /** Check the success body against the document. Client default: false. */
  validateResponses?: boolean | undefined;
  /**
   * What this call logs, e.g. `"error"` for a call whose 4xx the caller handles anyway. Client
   * default: its `logLevel` (itself `"off"` by default).
   */
  logLevel?: LogLevel | undefined;
}

/** One call of an operation, as a generated method hands it to the client's core. */
export interface OperationRequest {
  readonly spec: OperationSpec;
  /** The path parameters by name; absent when the path has none. */
  readonly pathParams?: Readonly<Record<string, string>>;
  /** The JSON body; absent when the operation takes none. */
  readonly body?: unknown;
  /** The call's options; an operation with parameters takes them here too (`query`, `header`, `cookie`). */
  readonly options?: (RequestOptions & ParameterValues) | undefined;
}

/** Sends one operation; the promise resolves to its success body. */
export type OperationCall = <T>(request: OperationRequest) => QuatrixPromise<T>;
