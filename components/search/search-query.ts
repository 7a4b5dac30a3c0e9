import type { ChannelDTO, UserSummary } from "@/lib/dto";
import { searchHasValues, type SearchHas } from "@/lib/input-bounds";

/**
 * The search box's text as Discord reads it: words, and `key:value` filters (from:, mentions:, in:,
 * has:, before:, after:) that become tokens (chips) once picked. Pure: search-panel.tsx wires it.
 */

export const filterKeys = ["from", "mentions", "in", "has", "before", "after"] as const;
export type FilterKey = (typeof filterKeys)[number];

/** What "has:" may ask for: the schema's attachment types and a link in the text (lib/domain/search.ts). */
export type HasFilter = SearchHas | "link";
export const hasFilterValues: readonly HasFilter[] = ["link", ...searchHasValues];
export const hasLabels: Record<HasFilter, string> = {
  link: "Link",
  attachment: "Any attachment",
  image: "Image",
  video: "Video",
  voice: "Voice message",
  file: "File",
};

export type ChannelPick = Pick<ChannelDTO, "id" | "name" | "kind">;

/** The box's key list: what each filter does, shown when the box is empty. */
export const filterKeyHints: Record<FilterKey, string> = {
  from: "user",
  mentions: "user",
  in: "channel",
  has: "link, image, file, voice…",
  before: "YYYY-MM-DD",
  after: "YYYY-MM-DD",
};

export type FilterToken = { kind: "filter"; key: FilterKey; value: string; start: number; end: number };
export type TextToken = { kind: "text"; text: string; start: number; end: number };
export type QueryToken = FilterToken | TextToken;

const FILTER_WORD = /^(from|mentions|in|has|before|after):(.*)$/is;

/** The words of a text with their positions; a `key:value` word of a known key (any case) is a filter. */
export function tokenize(text: string): QueryToken[] {
  return [...text.matchAll(/\S+/g)].map((match): QueryToken => {
    const start = match.index;
    const end = start + match[0].length;
    const filter = FILTER_WORD.exec(match[0]);
    return filter
      ? { kind: "filter", key: filter[1].toLowerCase() as FilterKey, value: filter[2], start, end }
      : { kind: "text", text: match[0], start, end };
  });
}

/** The filter word the caret is in or right after ("from:al|"), the one its suggestions complete. */
export function filterAtCaret(text: string, caret: number): FilterToken | null {
  const token = tokenize(text).find((token) => token.start < caret && caret <= token.end);
  return token?.kind === "filter" ? token : null;
}

/** The text without [start, end): the words around it joined by one space; the caret where it was. */
export function cutText(text: string, start: number, end: number): { text: string; caret: number } {
  const before = text.slice(0, start).replace(/\s+$/, "");
  const after = text.slice(end).replace(/^\s+/, "");
  const joined = before ? `${before} ${after}` : after;
  return { text: joined, caret: before ? before.length + 1 : 0 };
}

/** A `key:` typed into the text at the caret (a key picked from the list), with the caret after it. */
export function insertKey(text: string, caret: number, key: FilterKey): { text: string; caret: number } {
  const word = tokenize(text).find((token) => token.start < caret && caret <= token.end);
  const start = word ? word.start : caret;
  const end = word ? word.end : caret;
  const before = text.slice(0, start);
  const spacer = before && !/\s$/.test(before) ? " " : "";
  const inserted = `${before}${spacer}${key}:`;
  return { text: inserted + text.slice(end), caret: inserted.length };
}

/** A calendar day written YYYY-MM-DD (1970…9999), as that text; anything else is null. */
export function parseDay(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1970 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return match[0];
}

/** The UTC day of an instant, YYYY-MM-DD. */
export const utcDay = (instant: Date) => instant.toISOString().slice(0, 10);

/** A YYYY-MM-DD day moved by whole days, in UTC (no daylight saving steps). */
export function addUtcDays(day: string, days: number): string {
  const [year, month, date] = day.split("-").map(Number);
  return utcDay(new Date(Date.UTC(year, month - 1, date + days)));
}

/** "has:" values whose name or label starts with what was typed. */
export function hasSuggestions(typed: string): HasFilter[] {
  const prefix = typed.trim().toLowerCase();
  return hasFilterValues.filter(
    (value) => value.startsWith(prefix) || hasLabels[value].toLowerCase().startsWith(prefix),
  );
}

/** A typed "has:" value, if it names one (any case). */
export const parseHas = (typed: string): HasFilter | null =>
  hasFilterValues.find((value) => value === typed.trim().toLowerCase()) ?? null;

export type DaySuggestion = { day: string; label: string };

/**
 * "before:" / "after:" days: the day typed once it is a whole valid date, else today, yesterday,
 * a week and a month ago (UTC days) that start with what was typed.
 */
export function daySuggestions(typed: string, today: string): DaySuggestion[] {
  const day = parseDay(typed);
  if (day) return [{ day, label: day }];
  const prefix = typed.trim();
  return [
    { day: today, label: "Today" },
    { day: addUtcDays(today, -1), label: "Yesterday" },
    { day: addUtcDays(today, -7), label: "A week ago" },
    { day: addUtcDays(today, -30), label: "30 days ago" },
  ].filter((suggestion) => suggestion.day.startsWith(prefix));
}

/** Channels whose name starts with what was typed (a leading # is ignored), then those containing it; ≤ limit. */
export function channelSuggestions(channels: readonly ChannelPick[], typed: string, limit = 8): ChannelPick[] {
  const query = typed.trim().replace(/^#/, "").toLowerCase();
  const starts = channels.filter((channel) => channel.name.toLowerCase().startsWith(query));
  const contains = channels.filter(
    (channel) => !channel.name.toLowerCase().startsWith(query) && channel.name.toLowerCase().includes(query),
  );
  return [...starts, ...contains].slice(0, limit);
}

/** The one channel a typed "in:" value names (its whole name, any case, # optional), if any. */
export function channelNamed(channels: readonly ChannelPick[], typed: string): ChannelPick | null {
  const name = typed.trim().replace(/^#/, "").toLowerCase();
  return channels.find((channel) => channel.name.toLowerCase() === name) ?? null;
}

/**
 * The member a typed "from:" / "mentions:" value names among the members found for it: the one
 * whose username (an @ optional) or display name it is, any case, else the only one found.
 */
export function memberNamed<T extends UserSummary>(members: readonly T[], typed: string): T | null {
  const name = typed.trim().replace(/^@/, "").toLowerCase();
  return (
    members.find((member) => member.username.toLowerCase() === name) ??
    members.find((member) => member.displayName.toLowerCase() === name) ??
    (members.length === 1 ? members[0] : null)
  );
}

/** What the typed filter words of a text ask for, once the box searches. */
export type TypedFilters = {
  /** the words left once the filter words are taken out */
  text: string;
  has?: HasFilter;
  before?: string;
  after?: string;
  /** from: / mentions: / in: values that still need a lookup to name a member or a channel */
  lookups: { key: "from" | "mentions" | "in"; value: string }[];
  /** values that name nothing: "has:pdf", "before:soon" */
  invalid: { key: FilterKey; value: string }[];
};

/** Takes every typed `key:value` word out of the text (an empty value is dropped); the last of a key wins. */
export function readTypedFilters(text: string): TypedFilters {
  const result: TypedFilters = { text: "", lookups: [], invalid: [] };
  const words: string[] = [];
  for (const token of tokenize(text)) {
    if (token.kind === "text") {
      words.push(token.text);
      continue;
    }
    const value = token.value.trim();
    if (!value) continue;
    if (token.key === "has") {
      const has = parseHas(value);
      if (has) result.has = has;
      else result.invalid.push({ key: "has", value });
    } else if (token.key === "before" || token.key === "after") {
      const day = parseDay(value);
      if (day) result[token.key] = day;
      else result.invalid.push({ key: token.key, value });
    } else {
      result.lookups = [...result.lookups.filter((lookup) => lookup.key !== token.key), { key: token.key, value }];
    }
  }
  result.text = words.join(" ");
  return result;
}

/** The sentence for a typed filter value that names nothing. */
export function invalidFilterMessage({ key, value }: { key: FilterKey; value: string }): string {
  switch (key) {
    case "has":
      return `“has:${value}” is not something a message can have. Try ${hasFilterValues.join(", ")}.`;
    case "before":
    case "after":
      return `“${key}:${value}” is not a date. Write it as YYYY-MM-DD.`;
    case "in":
      return `No channel you can read is called “${value}”.`;
    default:
      return `No member matches “${value}”.`;
  }
}
