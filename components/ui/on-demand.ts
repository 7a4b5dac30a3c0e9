import { useSyncExternalStore } from "react";

/** Code loaded on demand (a dynamic import), once; components re-render when it arrives. */
export type OnDemand<T> = {
  /** the loaded value, null before */
  current: () => T | null;
  /** loads it once; after a failure (offline) the next call tries again */
  load: () => Promise<T>;
  subscribe: (listener: () => void) => () => void;
};

export function onDemand<T>(importer: () => Promise<T>): OnDemand<T> {
  let value: T | null = null;
  let loading: Promise<T> | null = null;
  const listeners = new Set<() => void>();
  return {
    current: () => value,
    load: () =>
      (loading ??= importer().then(
        (loaded) => {
          value = loaded;
          for (const listener of listeners) listener();
          return loaded;
        },
        (error: unknown) => {
          loading = null;
          throw error;
        },
      )),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const none = () => null;

/**
 * The value once loaded, null before. Hydration starts from null, as the server's HTML did (the app
 * loads these in the browser only; a server render in a test uses what the test loaded).
 */
export function useOnDemand<T>(source: OnDemand<T>): T | null {
  return useSyncExternalStore(source.subscribe, source.current, typeof window === "undefined" ? source.current : none);
}
