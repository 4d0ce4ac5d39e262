// Destructive tools (`x-quatrix-destructive` in the document) are sent only once the user
// agreed: asked through the MCP client (elicitation) when it can ask, naming the users
// affected; otherwise only with `confirm: true`, which the tool's description asks for.
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { UserApiClient } from "@quatrix/user-api-client";
import type { ToolDefinition } from "./tool-list.js";

/** The argument that confirms a destructive call when the MCP client cannot ask the user. */
export const CONFIRM = "confirm";

export type Confirmation = { confirmed: true } | { confirmed: false; reason: string };

export async function confirmDestructive(
  server: Server,
  client: UserApiClient,
  tool: ToolDefinition,
  args: Record<string, unknown>,
  signal: AbortSignal,
): Promise<Confirmation> {
  if (!server.getClientCapabilities()?.elicitation) {
    return args[CONFIRM] === true
      ? { confirmed: true }
      : {
          confirmed: false,
          reason: `${tool.name} is destructive and was not sent: ask the user, then call it again with \`${CONFIRM}: true\`.`,
        };
  }
  const users = await describeUsers(client, userIds(args), signal);
  const answer = await server.elicitInput(
    {
      message: `${tool.name}: ${tool.description.split(". ")[0]}. Users affected: ${users}. Go ahead?`,
      requestedSchema: {
        type: "object",
        properties: { confirm: { type: "boolean", title: "Go ahead", description: "Yes, do it" } },
        required: ["confirm"],
      },
    },
    { signal },
  );
  if (answer.action === "accept" && answer.content?.["confirm"] === true) return { confirmed: true };
  return { confirmed: false, reason: `The user did not confirm ${tool.name} (${answer.action}); nothing was sent.` };
}

/** The user ids a call names: an `id` argument and the strings of an `ids` argument. */
function userIds(args: Record<string, unknown>): string[] {
  const ids = Array.isArray(args["ids"]) ? args["ids"] : [];
  return [...(typeof args["id"] === "string" ? [args["id"]] : []), ...ids].filter(
    (id): id is string => typeof id === "string",
  );
}

/** "Ada Lovelace <ada@example.com> (5b9f…)", each id by its user's name when the list has it. */
async function describeUsers(client: UserApiClient, ids: string[], signal: AbortSignal): Promise<string> {
  if (ids.length === 0) return "none named";
  let known: { id: string; name?: string; email?: string }[] = [];
  try {
    // Called with call options alone: should the document give listUsers a required parameter,
    // the client refuses the call unsent and the question goes out with the ids alone.
    const list = client.listUsers as unknown as (options: {
      signal: AbortSignal;
      maxRetries: number;
    }) => Promise<typeof known>;
    known = await list({ signal, maxRetries: 0 });
  } catch {
    // The question still goes out, with the ids alone.
  }
  return ids
    .map((id) => {
      const user = known.find((u) => u.id === id);
      return user ? `${user.name} <${user.email}> (${id})` : `${id} (not found)`;
    })
    .join(", ");
}
