// A strict TypeScript consumer of the packed packages, as ES module.
import { createUserApiClient, QuatrixApiError, type UserCreateReq, type UserResp } from "@quatrix/user-api-client";
import { referenceHtmlPath } from "@quatrix/user-api-docs";
import { type MockServer, startMockServer } from "@quatrix/user-api-mock";

const mock: MockServer = await startMockServer({ apiKey: "k" });
const client = createUserApiClient({ baseUrl: mock.baseUrl, apiKey: "k" });
const body: UserCreateReq = { name: "Alan Turing", email: "alan@example.com" };
const user: UserResp = await client.createUser(body);
const users: UserResp[] = await client.listUsers();
try {
  await client.createUser(body);
} catch (error) {
  if (error instanceof QuatrixApiError) console.log(error.code);
}
console.log(user.id, users.length, referenceHtmlPath.endsWith("index.html"));
await mock.close();
