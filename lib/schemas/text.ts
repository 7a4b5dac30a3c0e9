import { z } from "zod";

/**
 * Text the database can store: no NUL (PostgreSQL text cannot hold one) and well-formed UTF-16
 * (a lone surrogate has no UTF-8 form, and jsonb refuses it).
 */
export const isStorableText = (value: string) => !value.includes("\u0000") && value.isWellFormed();

export const unstorableTextMessage = "This text contains a character that cannot be saved (a NUL or a broken Unicode sequence).";

/**
 * The one `z.string()` for anything a client sends, ids included: refuses unstorable text first,
 * so the app answers a validation error (6002001), never a database error.
 */
export const text = (invalidTypeMessage?: string) => z.string(invalidTypeMessage).refine(isStorableText, unstorableTextMessage);
