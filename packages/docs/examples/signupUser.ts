import { createUserApiClient } from "@quatrix/user-api-client";

// signupUser needs no API key: the new user sets the password themselves.
const client = createUserApiClient({ baseUrl: process.env.QUATRIX_BASE_URL });

await client.signupUser({
  email: "ada@example.com", // as given to createUser
  password: Buffer.from("correct horse battery staple").toString("base64"),
});
console.log("Signed up: Ada can sign in now");
