import { createUserApiClient, QuatrixBadRequestError } from "@quatrix/user-api-client";

const client = createUserApiClient({
  baseUrl: process.env.QUATRIX_BASE_URL, // default: https://api.quatrix.it/api/1.0
  apiKey: process.env.QUATRIX_API_KEY,
});

try {
  await client.removeUsersMfa({ ids: ["5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c"], auth_type: "PIN" });
  console.log("PIN turned off");
} catch (error) {
  // Code 70: the account forces 2FA, which then cannot be turned off.
  if (error instanceof QuatrixBadRequestError && error.code === 70) console.log("Not allowed on this account");
  else throw error;
}
