/**
 * Bounds and choices the schemas check and the client's forms show. No zod here: a client component
 * importing a schema module takes all of zod into its page's first load (≈ 75 KB gzip).
 */

/** Hard ceilings the plan's name and notice lengths may be set to (and what forms let through). */
export const NAME_LENGTH_CEILING = 1_000;
export const NOTICE_LENGTH_CEILING = 5_000;

export const inviteExpiries = { "30m": 30 * 60, "1h": 3600, "1d": 86_400, "7d": 7 * 86_400, never: null } as const;

export const searchLimits = { queryLength: 200, pageSize: 25, maxPageSize: 50 } as const;

/** What "has:" may ask for; "attachment" is any of the attachment types. */
export const searchHasValues = ["attachment", "image", "video", "voice", "file"] as const;
export type SearchHas = (typeof searchHasValues)[number];
