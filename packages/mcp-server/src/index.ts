// The public face of @quatrix/user-api-mcp: exports only.
export { CONFIRM } from "./confirm.js";
export { createUserApiMcpServer, SERVER_INFO, type UserApiMcpServerOptions } from "./server.js";
export {
  type JsonSchemaObject,
  selectTools,
  type ToolCallPlan,
  type ToolDefinition,
  type ToolSelection,
  toolDefinitions,
} from "./tool-list.js";
