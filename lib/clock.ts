/** The time the domain acts at. Tests move it (setClock) instead of sleeping. */
let current: () => Date = () => new Date();

export const now = () => current();

/** Tests only: make `now()` answer from `source`; call with no argument to go back to the real clock. */
export function setClock(source?: () => Date) {
  current = source ?? (() => new Date());
}
