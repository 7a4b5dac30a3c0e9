import type { SearchPage, SearchResultDTO, UserSummary } from "@/lib/dto";
import { highlightRanges } from "@/components/message/rehype-highlight-terms";
import { addUtcDays, type ChannelPick, type FilterKey, type HasFilter, type TypedFilters } from "./search-query";

/**
 * The search panel's query and results as plain data: the request a search makes, what each answer
 * does to the results shown, and the text shaping of a result (terms, snippet, highlights).
 * search-panel.tsx renders it and wires the fetches.
 */

export type Filters = {
  from: UserSummary | null;
  mentions: UserSummary | null;
  /** the channel (and its threads) */
  channel: ChannelPick | null;
  has: HasFilter | "";
  /** YYYY-MM-DD: sent after this UTC day */
  after: string;
  /** YYYY-MM-DD: sent before this UTC day */
  before: string;
};
export type SearchState = {
  /** what is typed in the box (words, and filter words not yet tokens) */
  text: string;
  /** the tokens in the box (and the panel's filter fields) */
  filters: Filters;
  /** the words of the search shown (highlighted in the results) */
  shown: string;
  /** the filters of the search shown ("Load more" continues it, whatever the box holds now) */
  searched: Filters;
  results: SearchResultDTO[] | null;
  nextCursor: string | null;
};

export const noFilters: Filters = { from: null, mentions: null, channel: null, has: "", after: "", before: "" };
export const emptySearch: SearchState = {
  text: "",
  filters: noFilters,
  shown: "",
  searched: noFilters,
  results: null,
  nextCursor: null,
};

export const hasFilters = (filters: Filters) =>
  Boolean(filters.from || filters.mentions || filters.channel || filters.has || filters.after || filters.before);

/** Whether a search can run: words, or at least one filter. */
export const canSearch = (query: string, filters: Filters) => query.trim() !== "" || hasFilters(filters);

/**
 * The search request's query string. Days are UTC days, sent as dates (midnight UTC): "after" a day
 * means from the next day on, "before" a day up to its start.
 */
export function searchParams(query: string, filters: Filters, cursor: string | null): URLSearchParams {
  const params = new URLSearchParams({ query });
  if (filters.from) params.set("fromUserId", filters.from.id);
  if (filters.mentions) params.set("mentionsUserId", filters.mentions.id);
  if (filters.channel) params.set("channelId", filters.channel.id);
  if (filters.has) params.set("has", filters.has);
  if (filters.after) params.set("after", addUtcDays(filters.after, 1));
  if (filters.before) params.set("before", filters.before);
  if (cursor) params.set("cursor", cursor);
  return params;
}

/** A filter token in the box: its key and what it shows ("from: Ann", "in: #general", "has: Link"). */
export type FilterChip = { key: FilterKey; label: string };

/** The filters set, as the box's tokens, in a fixed order (Backspace at the start removes the last). */
export function filterChips(filters: Filters): FilterChip[] {
  const chips: FilterChip[] = [];
  if (filters.from) chips.push({ key: "from", label: `from: ${filters.from.displayName}` });
  if (filters.mentions) chips.push({ key: "mentions", label: `mentions: ${filters.mentions.displayName}` });
  if (filters.channel) chips.push({ key: "in", label: `in: #${filters.channel.name}` });
  if (filters.has) chips.push({ key: "has", label: `has: ${filters.has}` });
  if (filters.after) chips.push({ key: "after", label: `after: ${filters.after}` });
  if (filters.before) chips.push({ key: "before", label: `before: ${filters.before}` });
  return chips;
}

const fieldOf: Record<FilterKey, keyof Filters> = {
  from: "from",
  mentions: "mentions",
  in: "channel",
  has: "has",
  before: "before",
  after: "after",
};

/** The filters without one key's value. */
export const withoutFilter = (filters: Filters, key: FilterKey): Filters => ({
  ...filters,
  [fieldOf[key]]: noFilters[fieldOf[key]],
});

/** The filters with the has: / before: / after: values typed as words (lookups are done by the panel). */
export const withTypedFilters = (filters: Filters, typed: Pick<TypedFilters, "has" | "before" | "after">): Filters => ({
  ...filters,
  ...(typed.has && { has: typed.has }),
  ...(typed.before && { before: typed.before }),
  ...(typed.after && { after: typed.after }),
});

/** A new search (not "Load more") clears the results shown and remembers its words and filters. */
export const searchStarted = (state: SearchState, query: string, filters: Filters): SearchState => ({
  ...state,
  filters,
  shown: query,
  searched: filters,
  results: null,
  nextCursor: null,
});

/** An answer: the first page replaces the results, a further page ("Load more") adds to them. */
export const resultsArrived = (state: SearchState, page: SearchPage, more: boolean): SearchState => ({
  ...state,
  results: more ? [...(state.results ?? []), ...page.results] : page.results,
  nextCursor: page.nextCursor,
});

/** A refused or unanswered search shows no results (the failure itself is a toast); a failed "Load more" keeps them. */
export const searchFailed = (state: SearchState, more: boolean): SearchState =>
  more ? state : { ...state, results: [] };

/** The panel's heading: "No results", "1 result", "25+ results" (more to load). */
export function resultsHeading(count: number, more: boolean) {
  if (count === 0) return "No results";
  return `${count}${more ? "+" : ""} ${count === 1 ? "result" : "results"}`;
}

/** Where a result opens: its channel at the message; a thread reply, the thread's channel with the thread beside it. */
export function resultPath(communityId: string, result: Pick<SearchResultDTO, "id" | "channelId" | "threadParentId">) {
  const message = encodeURIComponent(result.id);
  return result.threadParentId
    ? `/c/${communityId}/${result.threadParentId}?thread=${result.channelId}&m=${message}`
    : `/c/${communityId}/${result.channelId}?m=${message}`;
}

/** The words of a query as the server matches them (each a word prefix), longest first, each once. */
export function termsOf(query: string) {
  return [
    ...new Set(
      query
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean),
    ),
  ].sort((a, b) => b.length - a.length);
}

/** A text cut where words start with a term: `match` parts are highlighted (rendered as text, never HTML). */
export type TextPart = { text: string; match: boolean; index: number };

export function highlightParts(text: string, terms: string[]): TextPart[] {
  const parts: TextPart[] = [];
  let from = 0;
  for (const { start, end } of highlightRanges(text, terms)) {
    if (start > from) parts.push({ text: text.slice(from, start), match: false, index: from });
    parts.push({ text: text.slice(start, end), match: true, index: start });
    from = end;
  }
  if (from < text.length) parts.push({ text: text.slice(from), match: false, index: from });
  return parts;
}

export const SNIPPET_CHARS = 220;

/** The part of a long message around its first match, whitespace collapsed. */
export function snippetOf(content: string, terms: string[]) {
  const text = content.replace(/\s+/g, " ").trim();
  if (text.length <= SNIPPET_CHARS) return text;
  const lower = text.toLowerCase();
  const first = Math.min(...terms.map((term) => lower.indexOf(term)).filter((index) => index >= 0), text.length);
  const start = first < SNIPPET_CHARS / 2 ? 0 : Math.max(0, first - 60);
  const end = Math.min(text.length, start + SNIPPET_CHARS);
  return `${start > 0 ? "…" : ""}${text.slice(start, end)}${end < text.length ? "…" : ""}`;
}
