// @quatrix/user-api-client/internal: what the other packages of this repository share with the
// client — the operation model and the request/response checks with their issue wording — so
// the mock server validates exactly as the client does. Not a public API: it follows the
// document, not semver.

export type { ValidationIssue } from "./errors.js";
export { apiModel } from "./generated/model.js";
export { type OperationId, operationTable } from "./generated/operations.js";
export type { components, operations } from "./generated/schema.js";
export type {
  ApiModel,
  JsonSchema,
  OperationModel,
  ParameterModel,
  ParameterStyle,
  RequestBodyModel,
  ResponseModel,
} from "./model.js";
export type { OperationSpec, ParameterSpec } from "./operation.js";
// How the client writes query, header and cookie parameters, for the mock's test that it reads
// back what the client writes.
export { encodeParameters } from "./parameters.js";
export { requestIssues } from "./request-validation.js";
export { responseIssues } from "./response-validation.js";
