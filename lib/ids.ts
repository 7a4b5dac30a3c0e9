import { encodeTime, monotonicFactory } from "ulid";
import { now } from "./clock";

const ulid = monotonicFactory();

/**
 * Time-sortable ids (ULID) at the domain clock: lexical order is creation order, so keyset pages sort
 * on id alone. Monotonic within a process even if the clock is moved back (a test).
 */
export const newId = (): string => ulid(now().getTime());

/** The smallest id made at `date`: every id made earlier sorts below it. */
export const idFloor = (date: Date): string => encodeTime(date.getTime(), 10) + "0".repeat(16);
