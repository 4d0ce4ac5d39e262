// The call logs of one client, one per level in use. The log module (in opt-in.ts) starts
// loading when a client that logs is created; a call with its own `logLevel` on a client that
// does not log loads it then.

import { type CallLog, LOG_LEVELS, type LogLevel, type LogSource, type QuatrixLogger } from "./log-types.js";
import * as parts from "./main-parts.js";
import { loadOptIn } from "./opt-in-load.js";
import { preload } from "./preload.js";

export function createLogSource(clientLevel: LogLevel, logger: QuatrixLogger, apiKey: string | undefined): LogSource {
  const logs = new Map<LogLevel, CallLog>();
  if (clientLevel !== "off") preload(loadOptIn);
  return (level = clientLevel) => {
    if (level === "off") return undefined;
    const cached = logs.get(level);
    if (cached) return cached;
    const make = (m: typeof import("./opt-in.js")) => {
      const rank = LOG_LEVELS.indexOf(level);
      const log =
        logs.get(level) ?? m.createCallLog((wanted) => rank >= LOG_LEVELS.indexOf(wanted), logger, apiKey, parts);
      logs.set(level, log);
      return log;
    };
    const loaded = loadOptIn();
    return loaded instanceof Promise ? loaded.then(make) : make(loaded);
  };
}
