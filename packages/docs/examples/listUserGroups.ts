import { createUserApiClient } from "@quatrix/user-api-client";

const client = createUserApiClient({
  baseUrl: process.env.QUATRIX_BASE_URL, // default: https://api.quatrix.it/api/1.0
  apiKey: process.env.QUATRIX_API_KEY,
});

const groups = await client.listUserGroups();
for (const group of groups) console.log(group.id, group.name);
