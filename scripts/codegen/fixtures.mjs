// @ts-check
// Test fixtures taken from the model: for every operation, one request body example and the
// first example of each response status. Tests answer and send these, so they follow the document.
import { derefSchema } from "./model.mjs";

/** @typedef {import("./model.mjs").ApiModel} ApiModel */

/**
 * @param {ApiModel} model
 * @returns {string}
 */
export function renderFixtures(model) {
  /** @type {Record<string, unknown>} */
  const fixtures = {};
  for (const op of model.operations) {
    /** @type {Record<string, unknown>} */
    const responses = {};
    for (const response of [op.success, ...op.errors]) responses[response.status] = firstOf(response.examples);
    const body = op.requestBody;
    fixtures[op.operationId] = {
      method: op.method,
      path: op.path,
      pathParams: op.pathParams,
      auth: op.auth,
      successStatus: op.success.statusCode,
      request: body ? firstOf(body.examples) : null,
      bodySchema: body ? derefSchema(model, body.schema) : null,
      responses,
    };
  }
  return `${JSON.stringify(fixtures, null, 2)}\n`;
}

/**
 * @param {Readonly<Record<string, unknown>>} examples
 * @returns {unknown}
 */
function firstOf(examples) {
  const [first] = Object.values(examples);
  return first === undefined ? null : first;
}
