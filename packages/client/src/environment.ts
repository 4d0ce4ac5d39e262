// The environment variables the client reads where `process.env` exists (Node.js, Deno, Bun,
// bundlers that define it); elsewhere, as in a browser, none.

/** The variables and the option each one defaults. */
export const ENVIRONMENT = {
  apiKey: "QUATRIX_API_KEY",
  baseUrl: "QUATRIX_BASE_URL",
  logLevel: "QUATRIX_LOG",
} as const;

/** The variable's value, or undefined when it is unset, empty or there is no `process.env`. */
export function readEnvironment(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[name];
  return value === undefined || value === "" ? undefined : value;
}
