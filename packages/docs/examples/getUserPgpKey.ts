import { createUserApiClient } from "@quatrix/user-api-client";

const client = createUserApiClient({
  baseUrl: process.env.QUATRIX_BASE_URL, // default: https://api.quatrix.it/api/1.0
  apiKey: process.env.QUATRIX_API_KEY,
});

const userId = "2a3b4c5d-6e7f-4081-92a3-b4c5d6e7f809"; // a user whose has_key is true

const key = await client.getUserPgpKey(userId);
// The key is base64-encoded.
const armored = Buffer.from(key.public, "base64").toString("utf8");
console.log(key.name, armored.split("\n")[0]);
