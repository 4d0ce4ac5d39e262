// CORS, for pages on another origin calling the mock (off unless asked for): preflights are
// answered, X-Auth-Token, Content-Type and whatever other headers the page asks to send may be
// sent, x-request-id and Retry-After may be read.

/** `true`: any origin; a list: only those origins (e.g. `["http://127.0.0.1:5173"]`). */
export type CorsOption = boolean | string[];

const ALLOW_HEADERS = ["X-Auth-Token", "Content-Type"];
const EXPOSE_HEADERS = "x-request-id, Retry-After";
const ALLOW_METHODS = "GET, POST";
const MAX_AGE_SECONDS = "600";

/** A header name: an HTTP token. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** The option, checked: every listed origin must be an origin as a browser sends it. */
export function checkedCors(cors: CorsOption): CorsOption {
  if (typeof cors === "boolean") return cors;
  if (!Array.isArray(cors)) throw new TypeError(`cors must be true, false or a list of origins, not ${typeof cors}`);
  const problems = cors.flatMap((origin) => {
    const problem = originProblem(origin);
    return problem ? [`cors: ${JSON.stringify(origin)} ${problem}`] : [];
  });
  if (problems.length > 0) throw new TypeError(problems.join("; "));
  return [...cors];
}

/**
 * Why `origin` is not an origin a browser sends in `Origin` (scheme, host and port only, no
 * path or trailing slash: `http://127.0.0.1:5173`), or undefined when it is one.
 */
export function originProblem(origin: unknown): string | undefined {
  if (typeof origin !== "string") return "is not a string";
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return "is not an origin (e.g. http://127.0.0.1:5173)";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "is not an http:// or https:// origin";
  if (url.origin !== origin)
    return `is not an origin: a browser sends ${url.origin} (no path, no trailing slash, lower-case, no default port)`;
  return undefined;
}

/** The CORS headers every answer carries for this origin; none when CORS is off. */
export function corsHeaders(cors: CorsOption, origin: string | undefined): Record<string, string> {
  if (!cors) return {};
  // A list makes the answer depend on Origin: caches must know it, whatever this request sent.
  if (cors !== true && (origin === undefined || !cors.includes(origin))) return { vary: "Origin" };
  if (origin === undefined) return {};
  if (cors === true) return { "access-control-allow-origin": "*", "access-control-expose-headers": EXPOSE_HEADERS };
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

/**
 * The headers of a preflight's 204: the allowed methods, and the headers the page asked for
 * (`Access-Control-Request-Headers`, each a valid header name) besides the key and the content
 * type, for ten minutes. A request naming anything but header names gets the two alone.
 */
export function preflightHeaders(
  cors: CorsOption,
  origin: string | undefined,
  requestedHeaders?: string | undefined,
): Record<string, string> {
  const base = corsHeaders(cors, origin);
  const vary = [...(base.vary ? [base.vary] : []), "Access-Control-Request-Headers"].join(", ");
  if (!base["access-control-allow-origin"]) return { ...base, vary };
  return {
    ...base,
    "access-control-allow-methods": ALLOW_METHODS,
    "access-control-allow-headers": allowedHeaders(requestedHeaders).join(", "),
    "access-control-max-age": MAX_AGE_SECONDS,
    vary,
  };
}

/** X-Auth-Token, Content-Type, and each requested name when every one is a token. */
function allowedHeaders(requested: string | undefined): string[] {
  const names = (requested ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  if (names.length === 0 || !names.every((name) => TOKEN.test(name))) return ALLOW_HEADERS;
  const known = new Set(ALLOW_HEADERS.map((name) => name.toLowerCase()));
  return [...ALLOW_HEADERS, ...new Set(names.map((name) => name.toLowerCase()).filter((name) => !known.has(name)))];
}
