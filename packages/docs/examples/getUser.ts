import { createUserApiClient, QuatrixNotFoundError } from "@quatrix/user-api-client";

// apiKey from QUATRIX_API_KEY; baseUrl from QUATRIX_BASE_URL, else https://api.quatrix.it/api/1.0
const client = createUserApiClient();

const userId = "2a3b4c5d-6e7f-4081-92a3-b4c5d6e7f809"; // e.g. from listUsers()

try {
  const user = await client.getUser(userId);
  console.log(user.name, user.email, user.auth_methods);
} catch (error) {
  if (error instanceof QuatrixNotFoundError) console.log(`No user ${userId}`);
  else throw error;
}
