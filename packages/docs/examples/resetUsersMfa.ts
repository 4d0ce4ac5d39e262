import { createUserApiClient } from "@quatrix/user-api-client";

// apiKey from QUATRIX_API_KEY; baseUrl from QUATRIX_BASE_URL, else https://api.quatrix.it/api/1.0
const client = createUserApiClient();

// The users set 2FA up again at their next sign-in; MFA stays on.
await client.resetUsersMfa({ ids: ["5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c"], auth_type: "2FA" });
console.log("2FA codes cleared");
