import { processSingleton } from "../singletons";

/** PGlite instances this process holds open (one set for every module chunk); the health endpoint reports the count. */
export const openPgliteInstances = processSingleton("pgliteInstances", () => new Set<object>());

export function embeddedInstanceCount(): number {
  return openPgliteInstances.size;
}
