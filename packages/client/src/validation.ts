// The validation modules, loaded apart so that a client that never validates never loads them
// and bundlers put them (and the validators compiled from the document) in chunks of their own.
// A client that validates starts loading them when it is created (core.ts).

import { loader } from "./preload.js";

export const loadRequestValidation = loader(() => import("./request-validation.js"));
export const loadResponseValidation = loader(() => import("./response-validation.js"));
