// Following a caller's AbortSignal without piling listeners on it. A signal may be shared by
// thousands of calls at once; one listener per call would trip Node's MaxListenersExceeded
// warning at the eleventh. So each signal gets at most one listener of ours, which forwards to
// every call currently following it, and is removed when the last of them settles.

interface Followers {
  calls: Set<() => void>;
  listener: () => void;
}

const following = new WeakMap<AbortSignal, Followers>();

/**
 * Calls `onAbort` when `signal` aborts, until the returned function is called. A signal that is
 * already aborted calls it at once: its "abort" event has fired and will not fire again.
 */
export function followAbort(signal: AbortSignal, onAbort: () => void): () => void {
  if (signal.aborted) {
    onAbort();
    return () => {};
  }
  let followers = following.get(signal);
  if (followers === undefined) {
    const calls = new Set<() => void>();
    const listener = () => {
      following.delete(signal);
      for (const call of calls) call();
    };
    followers = { calls, listener };
    following.set(signal, followers);
    signal.addEventListener("abort", listener, { once: true });
  }
  const { calls, listener } = followers;
  calls.add(onAbort);
  return () => {
    calls.delete(onAbort);
    if (calls.size === 0 && following.get(signal)?.calls === calls) {
      following.delete(signal);
      signal.removeEventListener("abort", listener);
    }
  };
}

/** Rejects (throws) with the signal's reason once it has aborted: the check after every await of a call. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason;
}
