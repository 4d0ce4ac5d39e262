// QuatrixPromise: what every operation method returns. Awaited, it is the parsed body, as a
// plain call always was; `.withResponse()` adds the HTTP answer and `.asResponse()` gives only
// the answer. The request is sent at once, with retries, timeouts and typed errors; the body is
// parsed (and, with validateResponses, validated) only when the data is asked for, so
// `.asResponse()` never parses it.

import { toResponse } from "./response.js";

/** A success answer as the client received it: status, headers (lower-case names) and body text. */
export interface QuatrixAnswer {
  status: number;
  headers: Record<string, string>;
  /** The whole body, read within the client's limits and decoded. */
  text: string;
}

/** What `.withResponse()` resolves to. */
export interface QuatrixResponseWithData<T> {
  /** The parsed body, as awaiting the call gives it. */
  data: T;
  /**
   * The HTTP answer. Its body is the text the client read (already bounded and decoded), so
   * `content-length` and `content-encoding` are left out of its headers; it may be read once.
   */
  response: Response;
  /** The answer's `x-request-id` (or `request-id`) header. */
  requestId: string | undefined;
}

/**
 * A `Promise` of an operation's result, with access to its HTTP answer. It is a real `Promise`
 * (`instanceof Promise`, `Promise.all`, `await`); `then`, `catch` and `finally` return plain
 * promises.
 */
export class QuatrixPromise<T> extends Promise<T> {
  readonly #answer: Promise<QuatrixAnswer>;
  readonly #parse: (answer: QuatrixAnswer) => T | Promise<T>;
  #data: Promise<T> | undefined;

  /** Made by the client: `answer` settles once the call has a success answer (after any retries) or has failed. */
  constructor(answer: Promise<QuatrixAnswer>, parse: (answer: QuatrixAnswer) => T | Promise<T>) {
    // The base promise is settled at once and never observed: `then` reads the data instead.
    super((resolve) => resolve(undefined as T));
    this.#answer = answer;
    this.#parse = parse;
  }

  // Derived promises (from `then`, `catch`, `finally`) are plain ones.
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  /** The parsed body, computed once. */
  #parsed(): Promise<T> {
    this.#data ??= this.#answer.then(this.#parse);
    return this.#data;
  }

  // biome-ignore lint/suspicious/noThenProperty: a Promise subclass must define then.
  override then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#parsed().then(onFulfilled, onRejected);
  }

  override catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.#parsed().catch(onRejected);
  }

  override finally(onFinally?: (() => void) | null): Promise<T> {
    return this.#parsed().finally(onFinally);
  }

  /**
   * The data together with the HTTP answer and its request id. Retries, timeouts, validation and
   * typed errors apply as for a plain call.
   */
  async withResponse(): Promise<QuatrixResponseWithData<T>> {
    const answer = await this.#answer;
    const data = await this.#parsed();
    return {
      data,
      response: toResponse(answer),
      requestId: answer.headers["x-request-id"] ?? answer.headers["request-id"],
    };
  }

  /**
   * The HTTP answer of the call, its body not parsed (nor validated). A status other than 2xx
   * still rejects with the typed error, after the same retries as a plain call.
   */
  async asResponse(): Promise<Response> {
    const answer = await this.#answer;
    return toResponse(answer);
  }
}
