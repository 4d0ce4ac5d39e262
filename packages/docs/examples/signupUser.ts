import { createUserApiClient } from "@quatrix/user-api-client";

// signupUser needs no API key: the new user sets the password themselves.
// baseUrl from QUATRIX_BASE_URL, else https://api.quatrix.it/api/1.0
const client = createUserApiClient();

await client.signupUser({
  email: "ada@example.com", // as given to createUser
  password: Buffer.from("correct horse battery staple").toString("base64"),
});
console.log("Signed up: Ada can sign in now");
