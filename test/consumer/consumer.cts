// A strict TypeScript consumer of the packed packages, as CommonJS.
import { createUserApiClient, QuatrixApiError, type UserResp } from "@quatrix/user-api-client";
import { startMockServer } from "@quatrix/user-api-mock";

async function main(): Promise<void> {
  const mock = await startMockServer({ apiKey: "k" });
  const client = createUserApiClient({ baseUrl: mock.baseUrl, apiKey: "k" });
  const users: UserResp[] = await client.listUsers();
  const error = await client.getUser("00000000-0000-4000-8000-000000000000").catch((e: unknown) => e);
  console.log(users.length, error instanceof QuatrixApiError ? error.status : "?");
  await mock.close();
}
void main();
