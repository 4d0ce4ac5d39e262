// The public face of @quatrix/user-api-client/node: the Node.js transport. Only Node.js loads
// this entry; the main entry (and so every browser bundle) never imports it.

export {
  createNodeTransport,
  NODE_TRANSPORT_DEFAULTS,
  type NodeTransport,
  type NodeTransportOptions,
} from "./node-transport.js";
