// The API key used across the client's tests, and a guard that every error and log line the
// suite produces is searched for it.
import { inspect } from "node:util";
import { afterAll, expect } from "vitest";

export const API_KEY = "qx-test-5ecret-7f3a9c1e2b4d";

const seen: string[] = [];

/** Everything a developer could print of a value: message, stack, String, JSON, inspect. */
export function renderings(value: unknown): string[] {
  const out = [String(value), inspect(value, { depth: 10, showHidden: true })];
  try {
    out.push(JSON.stringify(value) ?? "");
  } catch {
    // Circular: inspect already has it.
  }
  if (value instanceof Error) {
    out.push(value.message, value.stack ?? "");
    if (value.cause !== undefined) out.push(...renderings(value.cause));
  }
  return out;
}

/** Records a value (an error, a log line, a retry event) to be checked for the key. */
export function observe<T>(value: T): T {
  seen.push(...renderings(value));
  return value;
}

/** Awaits a promise that must reject, records the error and returns it. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    observe(error);
    return error as Error;
  }
  throw new Error("expected the call to reject, and it resolved");
}

/** Runs what must throw synchronously (creating a client with bad options), records the error and returns it. */
export function creationError(make: () => unknown): Error {
  try {
    make();
  } catch (error) {
    return observe(error) as Error;
  }
  throw new Error("expected the client to be refused");
}

/** Call once per test file: fails the file if anything observed holds the key. */
export function guardSecrets(): void {
  afterAll(() => {
    expect(seen.length).toBeGreaterThan(0);
    for (const text of seen) expect(text).not.toContain(API_KEY);
  });
}
