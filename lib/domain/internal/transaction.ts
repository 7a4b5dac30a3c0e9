import { db, type Prisma } from "../../db";

/** Registers something to do once the transaction has committed: publishing, joining rooms, dropping a cache or a replaced file. */
export type AfterCommit = (effect: () => unknown) => void;

/**
 * Runs `work` in one interactive transaction. Effects registered with `afterCommit` run after the
 * commit, in the order they were registered, and never when the transaction rolls back, so what the
 * domain publishes is always committed, by construction. An effect that fails fails the call (the
 * writes stay committed), as publishing after commit always did; later effects do not run.
 */
export async function inTransaction<T>(
  work: (tx: Prisma.TransactionClient, afterCommit: AfterCommit) => Promise<T>,
  options?: { maxWait?: number; timeout?: number },
): Promise<T> {
  let effects: Array<() => unknown> = [];
  let open = true;
  const afterCommit: AfterCommit = (effect) => {
    // a late registration (an effect kept past its transaction) would silently never run
    if (!open) throw new Error("afterCommit called after its transaction ended");
    effects.push(effect);
  };
  let result: T;
  try {
    result = await db.$transaction((tx) => {
      effects = []; // a transaction that is run again starts with nothing registered
      return work(tx, afterCommit);
    }, options);
  } finally {
    open = false;
  }
  for (const effect of effects) await effect();
  return result;
}

/** True when Prisma reports a unique-constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}
