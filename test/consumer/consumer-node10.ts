// A strict TypeScript consumer of the packed packages under `moduleResolution: node10` (the
// default of `module: commonjs`): every subpath of every package resolves with its types (the
// docs' openapi.json, built with the docs, is left to attw: the repository typecheck runs first).
import { createUserApiClient, type OperationId, type UserResp } from "@quatrix/user-api-client";
import { apiModel } from "@quatrix/user-api-client/internal";
import { createNodeTransport } from "@quatrix/user-api-client/node";
import { referenceHtmlPath } from "@quatrix/user-api-docs";
import { type Fault, startMockServer } from "@quatrix/user-api-mock";
import { createUserApiHandlers } from "@quatrix/user-api-mock/msw";
import mockDocument from "@quatrix/user-api-mock/openapi.json";

const operationId: OperationId = "listUsers";
const fault: Fault = { operationId, status: 503 };
const client = createUserApiClient({ apiKey: "k", transport: createNodeTransport() });
const users: Promise<UserResp[]> = client.listUsers();
const { handlers } = createUserApiHandlers({ baseUrl: undefined });
console.log(fault, users, handlers.length, apiModel.operations.length, referenceHtmlPath, startMockServer);
console.log(mockDocument.openapi);
