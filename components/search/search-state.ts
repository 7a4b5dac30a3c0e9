import type { SearchPage, SearchResultDTO, UserSummary } from "@/lib/dto";
import type { SearchHas } from "@/lib/schemas/search";

/**
 * The search panel's query and results as plain data: the request a search makes, what each answer
 * does to the results shown, and the text shaping of a result (terms, snippet, highlights).
 * search-panel.tsx renders it and wires the fetches.
 */

export type Filters = {
  from: UserSummary | null;
  channelId: string;
  has: SearchHas | "";
  after: string;
  before: string;
};
export type SearchState = {
  text: string;
  filters: Filters;
  /** the words of the search shown (highlighted in the results) */
  shown: string;
  results: SearchResultDTO[] | null;
  nextCursor: string | null;
};

export const noFilters: Filters = { from: null, channelId: "", has: "", after: "", before: "" };
export const emptySearch: SearchState = { text: "", filters: noFilters, shown: "", results: null, nextCursor: null };

export const hasFilters = (filters: Filters) =>
  Boolean(filters.from || filters.channelId || filters.has || filters.after || filters.before);

/** Local midnight of a yyyy-mm-dd day, `days` later, as an instant (in the zone of the one calling). */
export function dayStart(day: string, days = 0) {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(year, month - 1, date + days).toISOString();
}

/** The search request's query string. "After" a day: from the next day on; "before" a day: up to its start. */
export function searchParams(query: string, filters: Filters, cursor: string | null): URLSearchParams {
  const params = new URLSearchParams({ query });
  if (filters.from) params.set("fromUserId", filters.from.id);
  if (filters.channelId) params.set("channelId", filters.channelId);
  if (filters.has) params.set("has", filters.has);
  if (filters.after) params.set("after", dayStart(filters.after, 1));
  if (filters.before) params.set("before", dayStart(filters.before));
  if (cursor) params.set("cursor", cursor);
  return params;
}

/** A new search (not "Load more") clears the results shown and remembers its words and filters. */
export const searchStarted = (state: SearchState, query: string, filters: Filters): SearchState => ({
  ...state,
  filters,
  shown: query,
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

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A text cut where words start with a term: `match` parts are highlighted (rendered as text, never HTML). */
export type TextPart = { text: string; match: boolean; index: number };

export function highlightParts(text: string, terms: string[]): TextPart[] {
  if (terms.length === 0) return [{ text, match: false, index: 0 }];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${terms.map(escapeRegExp).join("|")})[\\p{L}\\p{N}]*`, "giu");
  const parts: TextPart[] = [];
  let from = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > from) parts.push({ text: text.slice(from, match.index), match: false, index: from });
    parts.push({ text: match[0], match: true, index: match.index });
    from = match.index + match[0].length;
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
