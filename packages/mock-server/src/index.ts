// The public face of @quatrix/user-api-mock: exports only.
export { type Exchange, type MockServer, type MockServerOptions, startMockServer } from "./server.js";
export {
  DEFAULT_GROUPS,
  DEFAULT_USERS,
  type Group,
  type PgpKey,
  type SeedUser,
  type User,
  type UserRecord,
} from "./state.js";
