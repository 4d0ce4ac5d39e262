import { createUserApiClient, QuatrixBadRequestError, QuatrixErrorCode } from "@quatrix/user-api-client";

// apiKey from QUATRIX_API_KEY; baseUrl from QUATRIX_BASE_URL, else https://api.quatrix.it/api/1.0
const client = createUserApiClient();

try {
  await client.removeUsersMfa({ ids: ["5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c"], auth_type: "PIN" });
  console.log("PIN turned off");
} catch (error) {
  // Code 70: the account forces 2FA, which then cannot be turned off.
  if (error instanceof QuatrixBadRequestError && error.code === QuatrixErrorCode.NotAllowed)
    console.log("Not allowed on this account");
  else throw error;
}
