// What only some clients use, loaded the first time one needs it: the call log (logLevel other
// than "off") and the middleware path of the operation methods (after `use`). One module, so a
// bundler makes one chunk of both.
export { createCallLog } from "./logger.js";
export { operationTransport } from "./middleware.js";
