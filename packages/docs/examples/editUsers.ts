import { createUserApiClient } from "@quatrix/user-api-client";

const client = createUserApiClient({
  baseUrl: process.env.QUATRIX_BASE_URL, // default: https://api.quatrix.it/api/1.0
  apiKey: process.env.QUATRIX_API_KEY,
});

const [user] = await client.editUsers({
  ids: ["2a3b4c5d-6e7f-4081-92a3-b4c5d6e7f809"],
  name: "Account Owner (billing)",
  quota: 10 * 1024 ** 3, // bytes
});
console.log(user?.name, user?.quota, user?.modified);
