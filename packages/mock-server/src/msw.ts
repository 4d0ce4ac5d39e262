// @quatrix/user-api-mock/msw: the mock as MSW request handlers, for tests that run without a
// port. The handlers answer through the same core as the HTTP server — the same state, rules,
// validators, faults and journal — so a test passes or fails the same way behind either door.
import { type HttpHandler, HttpResponse, http } from "msw";
import { controlsOf, createMockCore, type MockControls, type MockOptions } from "./core.js";
import { basePath, model } from "./document.js";
import { readLimitedText } from "./limited-body.js";

export interface UserApiHandlersOptions extends MockOptions {
  /**
   * The base URL whose requests the handlers answer; its path must be the document's
   * (`/api/1.0`). Default: the document's first server, the client's default base URL.
   */
  baseUrl?: string | undefined;
}

/** The handlers and the mock's controls; here a dropped connection is a network error. */
export interface UserApiHandlers extends MockControls {
  /** Pass these to `setupServer(...handlers)` (or `server.use(...)`). */
  handlers: HttpHandler[];
  /** The base URL the handlers answer: pass it to createUserApiClient. */
  baseUrl: string;
}

export function createUserApiHandlers(options: UserApiHandlersOptions = {}): UserApiHandlers {
  const { baseUrl: given, ...mockOptions } = options;
  const base = basePath();
  const baseUrl = (given ?? model.defaultBaseUrl).replace(/\/$/, "");
  const target = new URL(baseUrl);
  if (target.pathname.replace(/\/$/, "") !== base)
    throw new TypeError(
      `baseUrl must end in the API's path ${base}, e.g. http://127.0.0.1:4010${base}, not ${baseUrl}`,
    );
  const core = createMockCore(mockOptions);

  const handler = http.all(`${target.origin}/*`, async ({ request }) => {
    // Read up to maxBodyBytes and no further: a larger body is cut, never read whole.
    const { text, tooLarge } = await readLimitedText(
      request.body,
      core.maxBodyBytes,
      request.headers.get("content-length"),
    );
    const url = new URL(request.url);
    const reply = await core.handle({
      method: request.method,
      url: url.pathname + url.search,
      headers: Object.fromEntries(request.headers),
      body: text,
      bodyTooLarge: tooLarge,
    });
    // A connection dropped before the answer is, to fetch, a network error (a TypeError).
    if (reply.drop === "before-response") return HttpResponse.error();
    if (reply.drop === "during-body")
      return new HttpResponse(halfThenError(reply.body), { status: reply.status, headers: reply.headers });
    return new HttpResponse(reply.body === "" ? null : reply.body, { status: reply.status, headers: reply.headers });
  });

  // The controls keep `requests` a live getter: the other members are added to them, not spread.
  return Object.assign(controlsOf(core), { handlers: [handler], baseUrl });
}

/** A body that gives half its bytes, then fails as a connection reset mid-body would. */
function halfThenError(body: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(body);
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes.subarray(0, Math.floor(bytes.length / 2)));
      controller.error(new TypeError("The connection was reset during the body (injected fault)"));
    },
  });
}
