// Type tests: operation methods return QuatrixPromise; withResponse and asResponse are typed.
import { describe, expectTypeOf, it } from "vitest";
import {
  createUserApiClient,
  type QuatrixPromise,
  type QuatrixResponseWithData,
  type UserApiClient,
  type UserResp,
} from "../src/index.js";

const client = createUserApiClient({ apiKey: "k" });

describe("QuatrixPromise", () => {
  it("is what operation methods return, a Promise of the data", () => {
    expectTypeOf(client.listUsers()).toEqualTypeOf<QuatrixPromise<UserResp[]>>();
    expectTypeOf(client.getUser("id")).toExtend<Promise<UserResp>>();
    expectTypeOf(client.signupUser({ email: "a@b.c", password: "cA==" })).toEqualTypeOf<QuatrixPromise<void>>();
  });

  it("withResponse() gives data, Response and request id; asResponse() a Response", () => {
    expectTypeOf(client.getUser("id").withResponse()).resolves.toEqualTypeOf<QuatrixResponseWithData<UserResp>>();
    expectTypeOf<QuatrixResponseWithData<UserResp>["data"]>().toEqualTypeOf<UserResp>();
    expectTypeOf<QuatrixResponseWithData<UserResp>["response"]>().toEqualTypeOf<Response>();
    expectTypeOf<QuatrixResponseWithData<UserResp>["requestId"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf(client.listUsers().asResponse()).resolves.toEqualTypeOf<Response>();
    const plain = client.listUsers().then((u) => u);
    // @ts-expect-error then() returns a plain Promise: no withResponse on it
    void plain.withResponse();
  });

  it("withOptions returns a client", () => {
    expectTypeOf(client.withOptions({ timeoutMs: 1000 })).toEqualTypeOf<UserApiClient>();
    // @ts-expect-error an unknown option
    void client.withOptions({ timeout: 1000 });
  });
});
