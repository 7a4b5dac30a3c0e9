/**
 * PGlite instances this process holds open. On globalThis because Next evaluates modules in
 * several chunks of one process; the health endpoint reports the count.
 */
const holder = globalThis as typeof globalThis & { __pgliteInstances?: Set<object> };
export const openPgliteInstances = (holder.__pgliteInstances ??= new Set<object>());

export function embeddedInstanceCount(): number {
  return openPgliteInstances.size;
}
