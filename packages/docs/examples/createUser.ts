import { createUserApiClient, QuatrixBadRequestError, QuatrixErrorCode } from "@quatrix/user-api-client";

// apiKey from QUATRIX_API_KEY; baseUrl from QUATRIX_BASE_URL, else https://api.quatrix.it/api/1.0
const client = createUserApiClient();

try {
  const user = await client.createUser({
    name: "Alan Turing",
    email: "alan@example.com",
    groups: ["8d2e3f4a-6b7c-4d8e-9f0a-1b2c3d4e5f60"], // ids from listUserGroups()
  });
  console.log(`Created ${user.id}; they set a password with signupUser.`);
} catch (error) {
  // Code 31: the e-mail address is already taken.
  if (error instanceof QuatrixBadRequestError && error.code === QuatrixErrorCode.UserExists)
    console.log("That e-mail is taken");
  else throw error;
}
