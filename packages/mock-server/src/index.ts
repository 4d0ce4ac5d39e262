// The public face of @quatrix/user-api-mock: exports only.
// The core behind both front doors stays internal: startMockServer and the MSW handlers are the API.
export type { MockControls, MockOptions } from "./core.js";
export type { CorsOption } from "./cors.js";
export { ACCOUNT_OWNER, DEFAULT_GROUPS, DEFAULT_USERS } from "./default-account.js";
export type { Fault } from "./faults.js";
export type { RecordedRequest } from "./journal.js";
export { MockSeedError } from "./seeds.js";
export {
  type Exchange,
  type MockServer,
  type MockServerOptions,
  SERVER_DEFAULTS,
  startMockServer,
} from "./server.js";
export type {
  Group,
  PgpKey,
  SeedUser,
  User,
  UserRecord,
} from "./state.js";
