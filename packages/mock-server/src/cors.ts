// CORS, for pages on another origin calling the mock (off unless asked for): preflights are
// answered, X-Auth-Token and Content-Type may be sent, x-request-id and Retry-After may be read.

/** `true`: any origin; a list: only those origins (e.g. `["http://127.0.0.1:5173"]`). */
export type CorsOption = boolean | string[];

const ALLOW_HEADERS = "X-Auth-Token, Content-Type";
const EXPOSE_HEADERS = "x-request-id, Retry-After";
const ALLOW_METHODS = "GET, POST";
const MAX_AGE_SECONDS = "600";

/** The CORS headers every answer to this origin carries; none when CORS is off or the origin is not allowed. */
export function corsHeaders(cors: CorsOption, origin: string | undefined): Record<string, string> {
  if (!cors || origin === undefined) return {};
  if (cors === true) return { "access-control-allow-origin": "*", "access-control-expose-headers": EXPOSE_HEADERS };
  if (!cors.includes(origin)) return { vary: "Origin" };
  return {
    "access-control-allow-origin": origin,
    "access-control-expose-headers": EXPOSE_HEADERS,
    vary: "Origin",
  };
}

/** Whether a request is a CORS preflight the mock answers itself. */
export function isPreflight(cors: CorsOption, method: string, headers: Record<string, string | undefined>): boolean {
  return Boolean(cors) && method === "OPTIONS" && headers["access-control-request-method"] !== undefined;
}

/** The headers of a preflight's 204: the allowed methods and headers, for ten minutes. */
export function preflightHeaders(cors: CorsOption, origin: string | undefined): Record<string, string> {
  const base = corsHeaders(cors, origin);
  if (!base["access-control-allow-origin"]) return base;
  return {
    ...base,
    "access-control-allow-methods": ALLOW_METHODS,
    "access-control-allow-headers": ALLOW_HEADERS,
    "access-control-max-age": MAX_AGE_SECONDS,
  };
}
