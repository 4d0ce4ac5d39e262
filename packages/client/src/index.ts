// The public face of @quatrix/user-api-client: exports only.

// The middleware shape `use` takes, so an app need not depend on openapi-fetch to name it.
export type { Middleware } from "openapi-fetch";
export { createUserApiClient, type UserApiClient, type UserApiClientMethods } from "./client.js";
export { ENVIRONMENT } from "./environment.js";
export {
  type ParsedErrorBody,
  QuatrixApiError,
  QuatrixAuthenticationError,
  QuatrixBadRequestError,
  QuatrixConnectionError,
  QuatrixError,
  type QuatrixErrorCodeValue,
  type QuatrixErrorDetails,
  QuatrixInvalidResponseError,
  QuatrixMissingApiKeyError,
  QuatrixNotFoundError,
  QuatrixPermissionDeniedError,
  QuatrixRateLimitError,
  QuatrixRedirectError,
  type QuatrixRequestInfo,
  QuatrixResponseTooLargeError,
  QuatrixServerError,
  QuatrixTimeoutError,
  QuatrixValidationError,
  type ValidationIssue,
} from "./errors.js";
export { QuatrixErrorCode, quatrixErrorCodeDescriptions } from "./generated/error-codes.js";
export { defaultBaseUrl, type OperationId, operationTable, type UserApiOperations } from "./generated/operations.js";
export type * from "./generated/schema.js";
export type { LogLevel, QuatrixLogger } from "./logger.js";
export type { OperationSpec, RequestBody, RequestOptions } from "./operation.js";
export { DEFAULTS, type UserApiClientOptions } from "./options.js";
export { type QuatrixAnswer, QuatrixPromise, type QuatrixResponseWithData } from "./promise.js";
export { toResponse } from "./response.js";
export type { RetryEvent } from "./retry.js";
export {
  ResponseTooLargeFailure,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from "./transport.js";
