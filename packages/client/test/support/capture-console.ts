// Every console line written during a test is checked for the API key (see secrets.ts).
import { observe } from "./secrets.js";

for (const level of ["log", "info", "warn", "error", "debug"] as const) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    for (const arg of args) observe(arg);
    original(...args);
  };
}
