// The mock's public types under the strictest settings (tsconfig.base.json has
// exactOptionalPropertyTypes and noUncheckedIndexedAccess): an operation's name is checked by
// the compiler — a typo fails `npm run typecheck` through the @ts-expect-error lines — and
// every option accepts `undefined`, as every option of the client does.
import type { OperationId } from "@quatrix/user-api-client";
import { apiModel } from "@quatrix/user-api-client/internal";
import { expectTypeOf } from "vitest";
import type { Fault, MockOptions, MockServer, MockServerOptions, RecordedRequest } from "../src/index.js";
import { startMockServer } from "../src/index.js";
import { createUserApiHandlers, type UserApiHandlersOptions } from "../src/msw.js";

declare const mock: MockServer;

// Fault.operationId: an operation of the document or "*".
expectTypeOf<NonNullable<Fault["operationId"]>>().toEqualTypeOf<OperationId | "*">();
mock.inject({ operationId: "listUsers", status: 503 });
mock.inject({ operationId: "*", delayMs: 10 });
mock.inject({ operationId: undefined });
// @ts-expect-error "listUser" is not an operation of the document
mock.inject({ operationId: "listUser", status: 503 });
// @ts-expect-error operation names are case-sensitive
mock.inject({ operationId: "ListUsers" });

// RecordedRequest.operationId: an operation, or undefined for a path the document does not have.
expectTypeOf<RecordedRequest["operationId"]>().toEqualTypeOf<OperationId | undefined>();
// @ts-expect-error comparing with a name that no operation has is a compile error
mock.requests.filter((r) => r.operationId === "listUser");
mock.requests.filter((r) => r.operationId === "listUsers");

// Every operationId of the model is an OperationId, and only those.
expectTypeOf(apiModel.operations[0]?.operationId).toEqualTypeOf<OperationId | undefined>();

// Every option of every entry point accepts undefined (exactOptionalPropertyTypes).
declare const fromEnvironment: string | undefined;
createUserApiHandlers({ baseUrl: fromEnvironment, apiKey: fromEnvironment });
void startMockServer({ port: undefined, host: fromEnvironment, cors: undefined, users: undefined });
type AcceptsUndefined<T> = { [K in keyof T]-?: undefined extends T[K] ? true : K };
expectTypeOf<AcceptsUndefined<UserApiHandlersOptions>[keyof UserApiHandlersOptions]>().toEqualTypeOf<true>();
expectTypeOf<AcceptsUndefined<MockServerOptions>[keyof MockServerOptions]>().toEqualTypeOf<true>();
expectTypeOf<AcceptsUndefined<MockOptions>[keyof MockOptions]>().toEqualTypeOf<true>();
expectTypeOf<AcceptsUndefined<Fault>[keyof Fault]>().toEqualTypeOf<true>();
