import { monotonicFactory } from "ulid";

/** Time-sortable ids (ULID): lexical order is creation order, so keyset pages sort on id alone. */
export const newId: () => string = monotonicFactory();
