// Loads the validation modules on first use, so a client that never validates never loads
// them, and bundlers put them (and the validators compiled from the document) in chunks of
// their own. After the first load the module is returned without waiting.

type RequestValidation = typeof import("./request-validation.js");
type ResponseValidation = typeof import("./response-validation.js");

let requestModule: RequestValidation | undefined;
let responseModule: ResponseValidation | undefined;
let requestLoading: Promise<RequestValidation> | undefined;
let responseLoading: Promise<ResponseValidation> | undefined;

export function loadRequestValidation(): RequestValidation | Promise<RequestValidation> {
  if (requestModule) return requestModule;
  requestLoading ??= import("./request-validation.js").then((m) => {
    requestModule = m;
    return m;
  });
  return requestLoading;
}

export function loadResponseValidation(): ResponseValidation | Promise<ResponseValidation> {
  if (responseModule) return responseModule;
  responseLoading ??= import("./response-validation.js").then((m) => {
    responseModule = m;
    return m;
  });
  return responseLoading;
}
