import { createUserApiClient } from "@quatrix/user-api-client";

// apiKey from QUATRIX_API_KEY; baseUrl from QUATRIX_BASE_URL, else https://api.quatrix.it/api/1.0
const client = createUserApiClient();

const [user] = await client.editUsers({
  ids: ["2a3b4c5d-6e7f-4081-92a3-b4c5d6e7f809"],
  name: "Account Owner (billing)",
  quota: 10 * 1024 ** 3, // bytes
});
console.log(user?.name, user?.quota, user?.modified);
