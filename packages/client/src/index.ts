// The public face of @quatrix/user-api-client: exports only.

export { createUserApiClient, type UserApiClient } from "./client.js";
export {
  type ParsedErrorBody,
  QuatrixApiError,
  QuatrixAuthenticationError,
  QuatrixBadRequestError,
  QuatrixConnectionError,
  QuatrixError,
  QuatrixInvalidResponseError,
  QuatrixNotFoundError,
  QuatrixPermissionDeniedError,
  QuatrixRateLimitError,
  type QuatrixRequestInfo,
  QuatrixServerError,
  QuatrixTimeoutError,
  QuatrixValidationError,
  type ValidationIssue,
} from "./errors.js";
export { defaultBaseUrl, type OperationId, operationTable, type UserApiOperations } from "./generated/operations.js";
export type * from "./generated/schema.js";
export type { OperationSpec, RequestOptions } from "./operation.js";
export { DEFAULTS, type UserApiClientOptions } from "./options.js";
export type { RetryEvent } from "./retry.js";
