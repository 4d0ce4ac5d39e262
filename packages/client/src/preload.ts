// A module loaded once, on demand or ahead of need. `get()` returns the module itself once it has
// loaded — no await, no tick — and until then the one promise of it. The client starts loading
// what it will need when it is created (or when `use` is called), so a call waits at most for a
// load that is already under way, never for one it starts itself.

export type Loader<T> = () => T | Promise<T>;

export function loader<T>(load: () => Promise<T>): Loader<T> {
  let loaded: T | undefined;
  let loading: Promise<T> | undefined;
  return () => {
    if (loaded !== undefined) return loaded;
    loading ??= load().then((module) => {
      loaded = module;
      return module;
    });
    return loading;
  };
}

/** Starts a load now; a failure is reported to the call that awaits it, not as unhandled here. */
export function preload<T>(get: Loader<T>): void {
  const started = get();
  if (started instanceof Promise) started.catch(() => {});
}
