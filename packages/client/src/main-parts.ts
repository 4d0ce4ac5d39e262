// What the lazily loaded chunks — opt-in.ts (the call log, the middleware path) and
// openapi-fetch-client.ts — use of the main entry's modules, handed to them as this one object
// instead of imported. For a bundler, a module that a lazy chunk imports is shared between
// chunks and goes into a chunk of its own: every app would download it as a second file,
// gzipped apart (about 0.4 kB more for one call). The lazy modules import only its type.

export { followAbort, throwIfAborted } from "./abort.js";
export { answerError, invalidResponseError, retryReason, transportError } from "./answer-errors.js";
export { escapeForLog, withoutSecret } from "./error-messages.js";
export {
  QuatrixApiError,
  QuatrixError,
  QuatrixMissingApiKeyError,
  QuatrixTimeoutError,
  QuatrixValidationError,
} from "./errors.js";
export { createFetchTransport } from "./fetch-transport.js";
export { operationTable } from "./generated/operations.js";
export { AUTH_HEADER, headerPath, normaliseHeaders } from "./headers.js";
export { rangeIssues } from "./ranges.js";
export { toResponse } from "./response.js";
export { isRedirectStatus } from "./transport.js";

export type MainParts = typeof import("./main-parts.js");
