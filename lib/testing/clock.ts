import { setClock } from "../clock";

/** Pins the domain clock at `iso`; it stands still until moved. Undo with `setClock()` (afterEach). */
export function pinClock(iso: string) {
  let at = Date.parse(iso);
  if (Number.isNaN(at)) throw new Error(`not a date: ${iso}`);
  setClock(() => new Date(at));
  return {
    now: () => new Date(at),
    advance: (ms: number) => void (at += ms),
    set: (next: string) => void (at = Date.parse(next)),
  };
}
