import { createUserApiClient } from "@quatrix/user-api-client";

const client = createUserApiClient({
  baseUrl: process.env.QUATRIX_BASE_URL, // default: https://api.quatrix.it/api/1.0
  apiKey: process.env.QUATRIX_API_KEY,
});

const users = await client.listUsers();
for (const user of users) console.log(`${user.name} <${user.email}> status ${user.status}`);
