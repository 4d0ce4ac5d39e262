import { createUserApiClient } from "@quatrix/user-api-client";

// apiKey from QUATRIX_API_KEY; baseUrl from QUATRIX_BASE_URL, else https://api.quatrix.it/api/1.0
const client = createUserApiClient();

const users = await client.listUsers();
for (const user of users) console.log(`${user.name} <${user.email}> status ${user.status}`);
