// The curl sample of an operation, generated from the operation model: its method, its URL on
// the document's first server (path parameters filled from their examples), the API key read
// from $QUATRIX_API_KEY when the operation needs one, and its first request example as the body.

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
 * The curl command for `op` (an operation of the model). Throws, naming the operation, when the
 * document lacks what the command needs (a path parameter's example, a request body's example):
 * the build turns that into a failure.
 */
export function curlSample(document, op) {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name) => {
    const parameter = op.parameters.find((p) => p.in === "path" && p.name === name);
    const example = parameter?.example ?? parameter?.schema?.example;
    if (example === undefined) throw new Error(`${op.operationId}: path parameter {${name}} has no example`);
    return encodeURIComponent(String(example));
  });

  const lines = [`curl ${op.method === "GET" ? "" : `-X ${op.method} `}"${sampleBaseUrl(document)}${path}"`];
  if (op.auth) lines.push(`-H "X-Auth-Token: $${API_KEY_VARIABLE}"`);
  if (op.requestBody) {
    const [body] = Object.values(op.requestBody.examples ?? {});
    if (body === undefined) throw new Error(`${op.operationId}: the request body has no example`);
    lines.push(`-H "Content-Type: application/json"`);
    lines.push(`-d '${JSON.stringify(body, null, 2).replaceAll("'", "'\\''")}'`);
  }
  return lines.join(" \\\n  ");
}
