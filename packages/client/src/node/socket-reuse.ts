// When a kept connection may carry another request. A server may end a connection right after
// its answer without saying `Connection: close`, or once its `Keep-Alive: timeout` has passed;
// a request written to it then fails with ECONNRESET, and a POST that fails so cannot be retried
// (it may have arrived). So a connection is reused only when it is known open: the server's end
// (FIN) of a connection comes with or just after its answer, and Node reads it in the next turn
// of the event loop that polls for I/O. A connection is therefore written to only once a whole
// poll has passed since its last answer, it is still open then, and the server's idle time is
// not over; until then the request waits (two turns of the loop, a few microseconds when the
// loop is idle). One found closed has had nothing written to it: the request is sent again on
// a new connection, which is safe even for a POST.

/// <reference types="node" />

import type { Socket } from "node:net";

/** A server's idle time is cut short by this much: its timer starts before ours. Node's margin. */
const KEEP_ALIVE_MARGIN_MS = 1_000;

/** The last answer a kept connection carried. */
export interface Release {
  /** The server's idle time from `Keep-Alive: timeout=N`, in ms; Infinity without one. */
  serverIdleMs: number;
  /** When the answer was complete (Date.now() time); 0 until then. */
  at: number;
  /** Until when the connection may be reused (Date.now() time); 0 until the answer is complete. */
  until: number;
  /** True once a poll for I/O has run since the answer was complete. */
  polled: boolean;
  pollScheduled: boolean;
  /** Waits for `polled`. */
  waiter: (() => void) | undefined;
}

export class SocketReleases {
  private readonly releases = new WeakMap<Socket, Release>();
  private readonly watched = new WeakSet<Socket>();
  /** Connections in the agent's idle pool, between `idle` and `take`. */
  private readonly idling = new WeakSet<Socket>();

  constructor(private readonly idleTimeoutMs: number) {}

  /** An answer arrived on `socket` (its headers): the connection may be kept after it. */
  answered(socket: Socket, keepAlive: string | undefined): void {
    this.releases.set(socket, {
      serverIdleMs: keepAlive === undefined ? Number.POSITIVE_INFINITY : serverIdleMs(keepAlive),
      at: 0,
      until: 0,
      polled: false,
      pollScheduled: false,
      waiter: undefined,
    });
  }

  /**
   * The agent keeps `socket` idle after its answer: how long it may stay so, in ms (≤ 0: do not
   * keep it). From now on a server's end of the connection destroys it, so the agent drops it.
   */
  idle(socket: Socket): number {
    const release = this.releases.get(socket);
    if (release === undefined) return this.idleTimeoutMs;
    const left = this.complete(release);
    this.idling.add(socket);
    if (!this.watched.has(socket)) {
      this.watched.add(socket);
      // Only while idle: a connection in use reports its end to its request.
      socket.on("end", () => {
        if (this.idling.has(socket)) socket.destroy();
      });
    }
    return left;
  }

  /** A request got `socket`: its last answer, or undefined for a new connection. */
  take(socket: Socket): Release | undefined {
    const release = this.releases.get(socket);
    if (release === undefined) return undefined;
    this.releases.delete(socket);
    this.idling.delete(socket);
    return release;
  }

  /** Calls `then` with whether the connection is open and may carry a request, once known. */
  whenKnownOpen(socket: Socket, release: Release, then: (open: boolean) => void): void {
    // A connection handed straight to a waiting request skipped `idle`.
    if (release.until === 0) this.complete(release);
    const decide = () =>
      then(!socket.destroyed && socket.writable && !socket.readableEnded && Date.now() < release.until);
    if (release.polled) decide();
    else release.waiter = decide;
  }

  /** Marks the answer complete: sets `until` and starts waiting for a poll; returns ms left. */
  private complete(release: Release): number {
    const now = Date.now();
    release.at = now;
    release.until = now + Math.min(this.idleTimeoutMs, release.serverIdleMs - KEEP_ALIVE_MARGIN_MS);
    if (!release.pollScheduled) {
      release.pollScheduled = true;
      // The first immediate runs in this turn's check phase, the second after the next poll.
      setImmediate(afterThisTurn, release);
    }
    return release.until - now;
  }
}

function afterThisTurn(release: Release): void {
  setImmediate(afterNextPoll, release);
}

function afterNextPoll(release: Release): void {
  release.polled = true;
  const waiter = release.waiter;
  if (waiter !== undefined) {
    release.waiter = undefined;
    waiter();
  }
}

/** The idle time a `Keep-Alive` header announces (`timeout=N`, in seconds, anywhere in it), in ms. */
export function serverIdleMs(keepAlive: string): number {
  const match = /(?:^|[\s,;])timeout\s*=\s*"?(\d+)/i.exec(keepAlive);
  return match === null ? Number.POSITIVE_INFINITY : Number(match[1]) * 1000;
}
