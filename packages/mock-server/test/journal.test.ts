// The journal is bounded in bytes, not only in records: junk bodies sent without a key (the
// attack that once kept ~21 MiB per 1 MiB `[{},{},…]` body until the heap ran out) are kept as
// their first KiB with their size, large bodies as their first 64 KiB, and past maxJournalBytes
// the oldest records go. Over real HTTP on 127.0.0.1.
import { request } from "node:http";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, type RecordedRequest, startMockServer } from "../src/index.js";
import { JOURNAL_BODY_BYTES, JOURNAL_REFUSED_BODY_BYTES, recordBytes } from "../src/journal.js";
import { API_KEY } from "./support/client.js";

const MiB = 1024 * 1024;

/** `[{},{},…]` of about `bytes` bytes: the most objects per byte a JSON body can hold. */
function junk(bytes: number): Buffer {
  return Buffer.from(`[${"{},".repeat(Math.floor((bytes - 16) / 3))}{}]`);
}

/** POSTs `body` over a fresh connection and resolves with the status once the answer is read. */
function post(baseUrl: string, path: string, body: Buffer, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(baseUrl + path);
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        agent: false,
        headers: { "content-type": "application/json", ...headers },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

/** What the journal accounts for its records (the same estimate it evicts by). */
function accounted(records: readonly RecordedRequest[]): number {
  return records.reduce(
    (sum, r) =>
      sum +
      recordBytes(
        r,
        typeof r.body === "string" ? r.body : JSON.stringify(r.body ?? ""),
        r.response.body === undefined ? "" : JSON.stringify(r.response.body),
      ),
    0,
  );
}

/** The heap in use after a full garbage collection (the mock runs in this process). */
function heapAfterGc(): number {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
  return process.memoryUsage().heapUsed;
}

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ apiKey: API_KEY, maxBodyBytes: 2 * MiB });
});
afterAll(() => mock.close());

describe("bodies the journal keeps", () => {
  it("a 1 MiB junk body sent without a key (401) is kept as its first KiB and its size, unparsed", async () => {
    mock.clearRequests();
    const body = junk(MiB);
    expect(await post(mock.baseUrl, "/user/create", body)).toBe(401);
    const [record] = mock.requests;
    expect(record).toMatchObject({ status: 401, operationId: "createUser", bodyTruncated: body.length });
    expect(record?.body).toBe(body.subarray(0, JOURNAL_REFUSED_BODY_BYTES).toString());
  });

  it("a junk body to a path the API lacks (404) is kept the same way", async () => {
    mock.clearRequests();
    const body = junk(MiB);
    expect(await post(mock.baseUrl, "/no/such/path", body, { "x-auth-token": API_KEY })).toBe(404);
    expect(mock.requests[0]).toMatchObject({ status: 404, bodyTruncated: body.length });
    expect(mock.requests[0]?.body).toBe(body.subarray(0, JOURNAL_REFUSED_BODY_BYTES).toString());
  });

  it("a small body of a 401 is still parsed, as before", async () => {
    mock.clearRequests();
    expect(await post(mock.baseUrl, "/user/create", Buffer.from('{"name":"Ada"}'))).toBe(401);
    expect(mock.requests[0]?.body).toEqual({ name: "Ada" });
    expect(mock.requests[0]?.bodyTruncated).toBeUndefined();
  });

  it("an answered body over 64 KiB is kept as its first 64 KiB (whole characters) and its size", async () => {
    mock.clearRequests();
    // Non-ASCII text, so that bytes and characters differ: the cut never splits a character.
    const text = JSON.stringify({ name: "Ada", email: "ada@example.com", note: "é€😀".repeat(20_000) });
    const body = Buffer.from(text);
    expect(await post(mock.baseUrl, "/user/create", body, { "x-auth-token": API_KEY })).toBe(400);
    const record = mock.requests[0];
    expect(record?.bodyTruncated).toBe(body.length);
    const kept = record?.body as string;
    expect(text.startsWith(kept)).toBe(true);
    expect(Buffer.byteLength(kept)).toBeLessThanOrEqual(JOURNAL_BODY_BYTES);
    expect(Buffer.byteLength(kept)).toBeGreaterThan(JOURNAL_BODY_BYTES - 4);
    expect(kept).not.toMatch(/[\ud800-\udbff]$/);
  });

  it("250 junk 1 MiB bodies without a key: every record kept, each accounted under 4 KiB", async () => {
    // (scripts/measure-journal-memory.mjs sends 1 000 and reports the mock's RSS.)
    mock.clearRequests();
    const body = junk(MiB);
    const heapBefore = heapAfterGc();
    for (let i = 0; i < 250; i++) expect(await post(mock.baseUrl, "/user/create", body)).toBe(401);
    // What the records hold once garbage is collected: a kept KiB must not pin its 1 MiB body.
    expect(heapAfterGc() - heapBefore).toBeLessThan(32 * MiB);
    expect(mock.requests).toHaveLength(250);
    expect(mock.requests.every((r) => r.bodyTruncated === body.length)).toBe(true);
    // A record: its headers, the kept KiB, the answer.
    expect(accounted(mock.requests)).toBeLessThan(250 * 4 * 1024);
  }, 60_000);
});

describe("maxJournalBytes", () => {
  it("past the bound the oldest records are dropped; the newest are kept, in order", async () => {
    const small = await startMockServer({ apiKey: API_KEY, maxJournalBytes: 256 * 1024 });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) {
        // ~40 KiB of valid JSON that the document refuses (an unknown field): a 400, kept whole.
        const body = JSON.stringify({ name: `User ${i}`, email: `u${i}@example.com`, extra: "x".repeat(40_000) });
        const response = await fetch(`${small.baseUrl}/user/create`, {
          method: "POST",
          headers: { "x-auth-token": API_KEY, "content-type": "application/json" },
          body,
        });
        expect(response.status).toBe(400);
        ids.push(response.headers.get("x-request-id") ?? "");
        await response.text();
      }
      const kept = small.requests;
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.length).toBeLessThan(12);
      expect(kept.map((r) => r.requestId)).toEqual(ids.slice(ids.length - kept.length));
      expect(accounted(kept)).toBeLessThanOrEqual(256 * 1024);
      expect(kept.at(-1)?.body).toMatchObject({ name: "User 11" });
    } finally {
      await small.close();
    }
  });

  it("the newest record is kept even when it alone is over the bound", async () => {
    const tiny = await startMockServer({ apiKey: API_KEY, maxJournalBytes: 1 });
    try {
      for (let i = 0; i < 3; i++) {
        const response = await fetch(`${tiny.baseUrl}/user/group`, { headers: { "x-auth-token": API_KEY } });
        await response.text();
      }
      expect(tiny.requests).toHaveLength(1);
    } finally {
      await tiny.close();
    }
  });

  it("refuses a bound that is not a positive integer or Infinity", async () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      await expect(startMockServer({ maxJournalBytes: bad })).rejects.toThrow(/maxJournalBytes must be/);
    }
    const unbounded = await startMockServer({ maxJournalBytes: Number.POSITIVE_INFINITY });
    await unbounded.close();
  });
});
