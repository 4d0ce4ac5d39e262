// The curl sample of an operation, generated from the operation model: its method, its URL on
// the document's first server (path parameters filled from their examples), the API key read
// from $QUATRIX_API_KEY when the operation needs one, its required query, header and cookie
// parameters (their example values, written by their style as the client writes them), and its
// first request example as the body.

/** The environment variable the samples read the API key from. */
export const API_KEY_VARIABLE = "QUATRIX_API_KEY";

/** The base URL the curl samples call: the document's first server, variables at their defaults. */
export function sampleBaseUrl(document) {
  const server = document.servers?.[0];
  if (!server) throw new Error("the document names no server");
  return server.url.replace(/\{(\w+)\}/g, (_, name) => {
    const value = server.variables?.[name]?.default;
    if (value === undefined) throw new Error(`server variable {${name}} has no default`);
    return value;
  });
}

/**
 * The value a sample shows for a parameter: its example, its schema's, its schema's first enum
 * value or its default; undefined when the document gives none.
 */
export function parameterExample(parameter) {
  const schema = parameter.schema ?? {};
  return parameter.example ?? schema.example ?? schema.examples?.[0] ?? schema.enum?.[0] ?? schema.default;
}

/** A required parameter's value as the client writes it (see the client's parameters.ts). */
function written(op, parameter) {
  const value = parameterExample(parameter);
  if (value === undefined)
    throw new Error(`${op.operationId}: required ${parameter.in} parameter "${parameter.name}" has no example`);
  const enc = encodeURIComponent;
  const name = enc(parameter.name);
  if (parameter.in === "header") return Array.isArray(value) ? value.join(",") : String(value);
  if (parameter.in === "cookie") return `${parameter.name}=${[value].flat().map(enc).join(",")}`;
  if (Array.isArray(value)) {
    const delimiter = { spaceDelimited: "%20", pipeDelimited: "%7C" }[parameter.style] ?? ",";
    return parameter.explode
      ? value.map((v) => `${name}=${enc(v)}`).join("&")
      : `${name}=${value.map(enc).join(delimiter)}`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => [enc(k), enc(v)]);
    return parameter.explode ? entries.map(([k, v]) => `${k}=${v}`).join("&") : `${name}=${entries.flat().join(",")}`;
  }
  return `${name}=${enc(value)}`;
}

/**
 * The curl command for `op` (an operation of the model). Throws, naming the operation, when the
 * document lacks what the command needs (a path parameter's example, a required parameter's,
 * a request body's example): the build turns that into a failure.
 */
export function curlSample(document, op) {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name) => {
    const parameter = op.parameters.find((p) => p.in === "path" && p.name === name);
    const example = parameter?.example ?? parameter?.schema?.example;
    if (example === undefined) throw new Error(`${op.operationId}: path parameter {${name}} has no example`);
    return encodeURIComponent(String(example));
  });

  const required = op.parameters.filter((p) => p.in !== "path" && p.required);
  const query = required.filter((p) => p.in === "query").map((p) => written(op, p));
  const search = query.length > 0 ? `?${query.join("&")}` : "";
  const lines = [`curl ${op.method === "GET" ? "" : `-X ${op.method} `}"${sampleBaseUrl(document)}${path}${search}"`];
  if (op.auth) lines.push(`-H "X-Auth-Token: $${API_KEY_VARIABLE}"`);
  for (const p of required.filter((p) => p.in === "header"))
    lines.push(`-H ${shellQuote(`${p.name}: ${written(op, p)}`)}`);
  const cookies = required.filter((p) => p.in === "cookie").map((p) => written(op, p));
  if (cookies.length > 0) lines.push(`-b ${shellQuote(cookies.join("; "))}`);
  if (op.requestBody) {
    const [body] = Object.values(op.requestBody.examples ?? {});
    if (body === undefined) throw new Error(`${op.operationId}: the request body has no example`);
    lines.push(`-H "Content-Type: application/json"`);
    lines.push(`-d '${JSON.stringify(body, null, 2).replaceAll("'", "'\\''")}'`);
  }
  return lines.join(" \\\n  ");
}

/** A word for a POSIX shell: in single quotes, a quote inside written as '\''. */
function shellQuote(text) {
  return `'${text.replaceAll("'", "'\\''")}'`;
}
