import { createUserApiClient } from "@quatrix/user-api-client";

// apiKey from QUATRIX_API_KEY; baseUrl from QUATRIX_BASE_URL, else https://api.quatrix.it/api/1.0
const client = createUserApiClient();

const { job_id } = await client.deleteUsers({
  ids: ["5b9f3c2a-7e1d-4f6a-8b2c-9d0e1f2a3b4c"],
  delete_home: true,
});
console.log(`Removal job ${job_id} started`);
