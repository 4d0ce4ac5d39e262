import { createUserApiClient } from "@quatrix/user-api-client";

// apiKey from QUATRIX_API_KEY; baseUrl from QUATRIX_BASE_URL, else https://api.quatrix.it/api/1.0
const client = createUserApiClient();

const userId = "2a3b4c5d-6e7f-4081-92a3-b4c5d6e7f809"; // a user whose has_key is true

const key = await client.getUserPgpKey(userId);
// The key is base64-encoded.
const armored = Buffer.from(key.public, "base64").toString("utf8");
console.log(key.name, armored.split("\n")[0]);
