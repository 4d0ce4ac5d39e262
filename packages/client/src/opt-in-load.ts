// Loads opt-in.ts (the call log and the middleware path). Started when a client with logging is
// created and when `use` adds middleware, so no call starts the download itself.

import { loader } from "./preload.js";

export const loadOptIn = loader(() => import("./opt-in.js"));
