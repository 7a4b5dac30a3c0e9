/** The time the domain acts at. Tests move it (setClock) instead of sleeping. */
let base: () => Date = () => new Date();
let current = base;

export const now = () => current();

/** Tests only: make `now()` answer from `source`; with no argument, go back to the base clock. */
export function setClock(source?: () => Date) {
  current = source ?? base;
}

/** Tests only: the clock `setClock()` goes back to (the suite can run as if today were another day). */
export function setBaseClock(source: () => Date) {
  base = source;
  current = source;
}
