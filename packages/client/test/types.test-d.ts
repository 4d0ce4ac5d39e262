// Type tests: the generated methods and the openapi-fetch surface refuse, at compile time,
// what the document does not allow.
import { describe, expectTypeOf, it } from "vitest";
import {
  createUserApiClient,
  type JobResp,
  type PgpKeyResp,
  type ProfileRemoveMfaResp,
  type RequestBody,
  type UserCreateReq,
  type UserEditReq,
  type UserResp,
} from "../src/index.js";

const client = createUserApiClient({ apiKey: "k" });

describe("operation methods", () => {
  it("take and return the document's types", () => {
    expectTypeOf(client.listUsers).returns.resolves.toEqualTypeOf<UserResp[]>();
    expectTypeOf(client.getUser).parameter(0).toEqualTypeOf<string>();
    expectTypeOf(client.getUser).returns.resolves.toEqualTypeOf<UserResp>();
    expectTypeOf(client.getUserPgpKey).returns.resolves.toEqualTypeOf<PgpKeyResp>();
    expectTypeOf(client.createUser).parameter(0).toEqualTypeOf<RequestBody<UserCreateReq>>();
    // Every document body is accepted as it is.
    expectTypeOf<UserCreateReq>().toExtend<RequestBody<UserCreateReq>>();
    expectTypeOf(client.createUser).returns.resolves.toEqualTypeOf<UserResp>();
    expectTypeOf(client.deleteUsers).returns.resolves.toEqualTypeOf<JobResp>();
    expectTypeOf(client.setUsersMfa).returns.resolves.toEqualTypeOf<ProfileRemoveMfaResp>();
    expectTypeOf(client.signupUser).returns.resolves.toEqualTypeOf<void>();
    expectTypeOf<UserResp["id"]>().toEqualTypeOf<string>();
    expectTypeOf<UserResp["quota"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<UserCreateReq["status"]>().toEqualTypeOf<"A" | "D" | undefined>();
  });

  it("take an explicit undefined for an optional body property (exactOptionalPropertyTypes is on)", () => {
    const phone: string | undefined = process.env.NO_SUCH_VARIABLE;
    const quota: number | undefined = undefined;
    void client.createUser({ name: "Ada", email: "ada@example.com", home_id: phone, quota });
    void client.editUsers({ ids: ["5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c"], name: phone });
    expectTypeOf<RequestBody<UserEditReq>["quota"]>().toEqualTypeOf<number | undefined>();
    // @ts-expect-error undefined is no value for a required property
    void client.createUser({ name: undefined, email: "ada@example.com" });
    // @ts-expect-error nor is undefined an element of an array
    void client.deleteUsers({ ids: [undefined] });
    const ids: readonly string[] = ["5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c"];
    void client.deleteUsers({ ids });
  });

  it("refuse bodies the document does not allow", () => {
    // @ts-expect-error a required field (email) is missing
    void client.createUser({ name: "Ada" });
    // @ts-expect-error a typo'd field
    void client.createUser({ name: "Ada", email: "ada@example.com", emial: "x" });
    // @ts-expect-error a value outside the enum
    void client.createUser({ name: "Ada", email: "ada@example.com", status: "X" });
    // @ts-expect-error a wrong type
    void client.editUsers({ ids: ["5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c"], quota: "lots" });
    // @ts-expect-error auth_type is required
    void client.removeUsersMfa({ ids: [] });
    // @ts-expect-error only 2FA can be reset
    void client.resetUsersMfa({ ids: [], auth_type: "PIN" });
    // @ts-expect-error getUser needs an id
    void client.getUser();
    // @ts-expect-error no such operation
    void client.userGet();
  });
});

describe("the openapi-fetch surface", () => {
  it("knows the paths and bodies", () => {
    // @ts-expect-error an unknown path
    void client.GET("/user/unknown");
    // @ts-expect-error a path parameter is required
    void client.GET("/user/metadata/{id}", {});
    // @ts-expect-error a wrong body
    void client.POST("/user/create", { body: { name: 1, email: "a@b.c" } });
    // @ts-expect-error GET has no /user/create
    void client.GET("/user/create");
    expectTypeOf(client.GET("/user", {})).resolves.toHaveProperty("data").toEqualTypeOf<UserResp[] | undefined>();
  });
});
