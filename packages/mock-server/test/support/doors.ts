// The mock's two front doors, opened the same way, so one table of tests runs against both:
// the node:http server on 127.0.0.1 and the MSW handlers (no port; requests never leave the
// process). The MSW door's origins are loopback ports nothing listens on.
import { setupServer } from "msw/node";
import { afterAll, beforeAll } from "vitest";
import type { Fault } from "../../src/faults.js";
import type { MockOptions, RecordedRequest, UserRecord } from "../../src/index.js";
import { createUserApiHandlers } from "../../src/msw.js";
import { checked, startCheckedMockServer } from "./contract.js";

export type DoorName = "http" | "msw";
export const DOORS: DoorName[] = ["http", "msw"];

/** What a test sees of a mock, whichever door it sits behind. */
export interface OpenMock {
  baseUrl: string;
  readonly requests: readonly RecordedRequest[];
  clearRequests(): void;
  inject(fault: Fault): void;
  clearInjections(): void;
  inspectUser(id: string): UserRecord | undefined;
  reset(): void;
}

const msw = setupServer();
let nextPort = 1;

/** Installs the door's hooks in the current describe: MSW listens only inside its own block. */
export function useDoor(door: DoorName): void {
  if (door === "msw") {
    beforeAll(() => msw.listen({ onUnhandledRequest: "error" }));
    afterAll(() => msw.close());
  }
}

/** A mock behind the given door; its every answer is checked against the document after the file. */
export async function openMock(door: DoorName, options: MockOptions = {}): Promise<OpenMock> {
  // HTTP servers are closed by the contract check after the file.
  if (door === "http") return startCheckedMockServer(options);
  const api = createUserApiHandlers({ ...checked(options), baseUrl: `http://127.0.0.1:${nextPort++}/api/1.0` });
  msw.use(...api.handlers);
  return api;
}
