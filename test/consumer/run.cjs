// Run as CommonJS against a mock server: started from the mock's API, or at QUATRIX_BASE_URL (its CLI).
const { createUserApiClient, QuatrixApiError, QuatrixValidationError } = require("@quatrix/user-api-client");
const { startMockServer } = require("@quatrix/user-api-mock");
const { openapiJsonPath } = require("@quatrix/user-api-docs");

(async () => {
  const mock = process.env.QUATRIX_BASE_URL ? undefined : await startMockServer({ apiKey: "test-key" });
  const client = createUserApiClient({ baseUrl: process.env.QUATRIX_BASE_URL || mock.baseUrl, apiKey: "test-key" });
  const created = await client.createUser({ name: "Alan Turing", email: "alan@example.com" });
  const again = await client.createUser({ name: "Alan Turing", email: "ALAN@example.com" }).catch((e) => e);
  const invalid = await client.createUser({ name: "Ada", emial: "x" }).catch((e) => e);
  const { data } = await client.GET("/user/metadata/{id}", { params: { path: { id: created.id } } });
  console.log(
    JSON.stringify({
      module: "cjs",
      created: created.email,
      taken: again instanceof QuatrixApiError ? again.code : null,
      invalid: invalid instanceof QuatrixValidationError ? invalid.issues.map((i) => i.path) : null,
      fetched: data && data.id === created.id,
      docs: require(openapiJsonPath).openapi,
    }),
  );
  if (mock) await mock.close();
})();
