import { z } from "zod";

/**
 * Text the database can store: no NUL (PostgreSQL text cannot hold one) and well-formed UTF-16
 * (a lone surrogate has no UTF-8 form, and jsonb refuses it).
 */
export const isStorableText = (value: string) => !value.includes("\u0000") && value.isWellFormed();

export const unstorableTextMessage =
  "This text contains a character that cannot be saved (a NUL or a broken Unicode sequence).";

/**
 * zod runs length checks (.min, .max) on any value that has a `length`, even after the type check
 * failed: `{"length": {"toString": 0, "valueOf": 0}}`, plain JSON, made them throw a TypeError (a
 * server error). Placed first, this stops every later check once the type check failed.
 */
function stopUnless(isType: (value: unknown) => boolean) {
  const check = new z.core.$ZodCheck({ check: "custom", when: (payload) => !isType(payload.value) });
  check._zod.check = (payload) => {
    payload.aborted = true;
  };
  return check;
}
const stopUnlessString = stopUnless((value) => typeof value === "string");
const stopUnlessArray = stopUnless(Array.isArray);

/**
 * The one `z.string()` for anything a client sends, ids included: refuses unstorable text first,
 * so the app answers a validation error (6002001), never a database error.
 */
export const text = (invalidTypeMessage?: string) =>
  z.string(invalidTypeMessage).check(stopUnlessString).refine(isStorableText, unstorableTextMessage);

/** A field that should be text, as text: anything else becomes "", which the schemas refuse (6002001). */
export const textOrEmpty = (value: unknown): string => (typeof value === "string" ? value : "");

/** The one `z.array()` for lists a client sends (see stopUnless). */
export const list = <T extends z.core.SomeType>(element: T, invalidTypeMessage?: string) =>
  z.array(element, invalidTypeMessage).check(stopUnlessArray);
