/**
 * Values that must exist once per process (the database pool, the Socket.IO server, Redis clients,
 * caches). A module-level `let` is not enough: Next evaluates server modules in several chunks of
 * one process (route handlers, server components and actions, server.ts's own tsx copy), each with
 * its own module scope. So they live on globalThis, as `globalThis.__<key>`: one visible name per
 * value, the same one for every chunk (and for a debugger, a benchmark or a test that looks).
 * Keys are unique across the project; `grep -rn "processSingleton\|processSlot"` lists them.
 */
type Holder = Record<`__${string}`, unknown>;
const holder = globalThis as unknown as Holder;

/** The process's one value under `key`, made by `create` on first use (a null or undefined result is kept too). */
export function processSingleton<T>(key: string, create: () => T): T {
  const name = `__${key}` as const;
  if (!(name in holder)) holder[name] = create();
  return holder[name] as T;
}

/** A slot for a value that is set, replaced and taken away (a server registered at start, a pool closed at shutdown). */
export interface ProcessSlot<T> {
  /** The value, if any. */
  get(): T | undefined;
  /** The value, made by `create` when there is none. */
  getOrCreate(create: () => T): T;
  /** Sets (or with undefined, clears) the value. */
  set(value: T | undefined): void;
  /** Clears the slot and returns what it held: the caller closes it. */
  take(): T | undefined;
}

export function processSlot<T>(key: string): ProcessSlot<T> {
  const name = `__${key}` as const;
  return {
    get: () => holder[name] as T | undefined,
    getOrCreate: (create) => {
      if (holder[name] === undefined) holder[name] = create();
      return holder[name] as T;
    },
    set: (value) => {
      if (value === undefined) delete holder[name];
      else holder[name] = value;
    },
    take: () => {
      const value = holder[name] as T | undefined;
      delete holder[name];
      return value;
    },
  };
}
