// Type tests: error codes by name, typed details, honest optional options.
import { describe, expectTypeOf, it } from "vitest";
import {
  createUserApiClient,
  type QuatrixApiError,
  QuatrixErrorCode,
  type RequestOptions,
  type UserApiClientOptions,
  type UserResp,
} from "../src/index.js";

declare const error: QuatrixApiError;

describe("QuatrixErrorCode", () => {
  it("is a const object of literal codes and the union of them", () => {
    expectTypeOf(QuatrixErrorCode.UserExists).toEqualTypeOf<31>();
    expectTypeOf(QuatrixErrorCode.UnknownError).toEqualTypeOf<-1>();
    expectTypeOf<31>().toExtend<QuatrixErrorCode>();
    expectTypeOf<32>().toExtend<QuatrixErrorCode>();
    expectTypeOf<33>().not.toExtend<QuatrixErrorCode>();
  });

  it("error.code is a known code, another number, or undefined", () => {
    expectTypeOf(error.code).toExtend<number | undefined>();
    expectTypeOf<QuatrixErrorCode | undefined>().toExtend<typeof error.code>();
    expectTypeOf<1234>().toExtend<typeof error.code>();
    if (error.code !== undefined) expectTypeOf(error.code).toExtend<number>();
    expectTypeOf(error.code === QuatrixErrorCode.UserExists).toEqualTypeOf<boolean>();
    // @ts-expect-error a string is never a code
    void (error.code === "31");
  });

  it("details is typed from ErrorModel: issues[i].path compiles under noUncheckedIndexedAccess", () => {
    expectTypeOf(error.details?.issues?.[0]?.path).toEqualTypeOf<string | undefined>();
    expectTypeOf(error.details?.issues?.[0]?.message).toEqualTypeOf<string | undefined>();
    expectTypeOf(error.requestId).toEqualTypeOf<string | undefined>();
  });
});

describe("honest optional types", () => {
  it("every option accepts undefined explicitly (exactOptionalPropertyTypes)", () => {
    const fromEnv: string | undefined = undefined;
    createUserApiClient({ apiKey: fromEnv, baseUrl: fromEnv, timeoutMs: undefined, logLevel: undefined });
    expectTypeOf<{ apiKey: undefined }>().toExtend<UserApiClientOptions>();
    expectTypeOf<{ signal: undefined; timeoutMs: undefined; headers: undefined }>().toExtend<RequestOptions>();
    // @ts-expect-error an unknown log level
    createUserApiClient({ logLevel: "verbose" });
  });

  it("response enums are unions", () => {
    expectTypeOf<UserResp["status"]>().toEqualTypeOf<"A" | "D" | undefined>();
    expectTypeOf<UserResp["super_admin"]>().toEqualTypeOf<"Y" | "N" | undefined>();
  });
});
