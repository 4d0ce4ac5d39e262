// Test fixtures taken from the document: for every operation, one request body example and the
// example of each response status. Tests answer and send these, so they follow the document.
import { listOperations, resolve } from "./operations.mjs";

export function renderFixtures(document) {
  const fixtures = {};
  for (const op of listOperations(document)) {
    const item = document.paths[op.path][op.method.toLowerCase()];
    const body = resolve(document, item.requestBody);
    const responses = {};
    for (const [status, response] of Object.entries(item.responses)) {
      const media = resolve(document, response).content?.["application/json"];
      const example = media?.examples && Object.values(media.examples)[0];
      responses[status] = example ? resolve(document, example).value : null;
    }
    const requestExample = body?.content?.["application/json"]?.examples;
    fixtures[op.operationId] = {
      method: op.method,
      path: op.path,
      auth: op.auth,
      successStatus: op.successStatus,
      request: requestExample ? resolve(document, Object.values(requestExample)[0]).value : null,
      bodySchema: body ? deref(document, body.content["application/json"].schema) : null,
      responses,
    };
  }
  return `${JSON.stringify(fixtures, null, 2)}\n`;
}

/** A schema with every $ref replaced by its target (the document has no cycles). */
function deref(document, node) {
  if (Array.isArray(node)) return node.map((n) => deref(document, n));
  if (node === null || typeof node !== "object") return node;
  if (node.$ref) return deref(document, resolve(document, node));
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, deref(document, v)]));
}
