import { createUserApiClient } from "@quatrix/user-api-client";

// apiKey from QUATRIX_API_KEY; baseUrl from QUATRIX_BASE_URL, else https://api.quatrix.it/api/1.0
const client = createUserApiClient();

// 2FA is forced on the users; all their sessions end.
const { status } = await client.setUsersMfa({
  ids: ["5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c"],
  auth_type: "2FA",
  code: "492051",
});
console.log(status); // "success"
