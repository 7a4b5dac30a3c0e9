import { z } from "zod";
import { text } from "./text";
import { searchHasValues, searchLimits, type SearchHas } from "../input-bounds";

export { searchHasValues, searchLimits, type SearchHas };

// Ids as the app makes them (ULIDs; tests use word characters): anything else names nothing, and
// never reaches the database (PostgreSQL text cannot even hold a NUL).
const searchId = (what: string) =>
  text(`That ${what} does not exist.`).regex(/^[A-Za-z0-9_-]{1,64}$/, `That ${what} does not exist.`);

// Control characters count as spaces (NUL is refused before, like in every other text).
const cleanText = (value: string) => value.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();

const dateSchema = (what: string) =>
  text()
    .max(40, `The ${what} date is not a valid date.`)
    .transform((text, context) => {
      // ISO dates, or date-times with a zone; a date alone means midnight UTC.
      const date = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(text.trim())
        ? new Date(text.trim())
        : new Date(Number.NaN);
      if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1970 || date.getUTCFullYear() > 9999) {
        context.addIssue({ code: "custom", message: `The ${what} date is not a valid date.` });
        return z.NEVER;
      }
      return date;
    });

/** Message search in one community: the words, then optional filters; newest first, by cursor. */
export const searchQuerySchema = z.object({
  communityId: searchId("community"),
  query: text("Type something to search for.")
    .transform(cleanText)
    .refine((text) => text.length > 0, "Type something to search for.")
    .refine(
      (text) => Array.from(text).length <= searchLimits.queryLength,
      `Search text can be at most ${searchLimits.queryLength} characters.`,
    ),
  /** messages by this author */
  fromUserId: searchId("member").optional(),
  /** messages in this channel */
  channelId: searchId("channel").optional(),
  has: z.enum(searchHasValues, "Choose attachment, image, video, voice or file.").optional(),
  /** sent before this instant */
  before: dateSchema("before").optional(),
  /** sent at or after this instant */
  after: dateSchema("after").optional(),
  /** opaque: the nextCursor of the previous page */
  cursor: text().max(200, "This page cursor is not valid.").optional(),
  limit: z.coerce
    .number("The page size must be a number.")
    .int("The page size must be a whole number.")
    .min(1, "Ask for at least one result.")
    .max(searchLimits.maxPageSize, `Ask for at most ${searchLimits.maxPageSize} results at once.`)
    .default(searchLimits.pageSize),
});
export type SearchQueryInput = z.input<typeof searchQuerySchema>;
