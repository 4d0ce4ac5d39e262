// Run as ES module against a mock server: started from the mock's API, or at QUATRIX_BASE_URL (its CLI).
import { createUserApiClient, QuatrixApiError, QuatrixValidationError } from "@quatrix/user-api-client";
import { startMockServer } from "@quatrix/user-api-mock";

const mock = process.env.QUATRIX_BASE_URL ? undefined : await startMockServer({ apiKey: "test-key" });
const client = createUserApiClient({ baseUrl: process.env.QUATRIX_BASE_URL || mock.baseUrl, apiKey: "test-key" });
const created = await client.createUser({ name: "Alan Turing", email: "alan@example.com" });
const again = await client.createUser({ name: "Alan Turing", email: "ALAN@example.com" }).catch((e) => e);
const invalid = await client.createUser({ name: "Ada", emial: "x" }).catch((e) => e);
const { data } = await client.GET("/user/metadata/{id}", { params: { path: { id: created.id } } });
console.log(
  JSON.stringify({
    module: "esm",
    created: created.email,
    taken: again instanceof QuatrixApiError ? again.code : null,
    invalid: invalid instanceof QuatrixValidationError ? invalid.issues.map((i) => i.path) : null,
    fetched: data?.id === created.id,
  }),
);
await mock?.close();
