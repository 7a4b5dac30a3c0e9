"use client";

import { clsx } from "clsx";
import { useRouter } from "next/navigation";
import {
  Fragment,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
  type ReactNode,
} from "react";
import { toast } from "sonner";
import { Hash, Lock, Paperclip, Search, SearchX, SlidersHorizontal, X } from "lucide-react";
import { searchableChannelsAction } from "@/lib/actions/search";
import { MessageText } from "@/components/message/message-text";
import { MessageTextScope } from "@/components/message/message-text-scope";
import { HIGHLIGHT_CLASSES } from "@/components/message/rehype-highlight-terms";
import { Avatar } from "@/components/ui/avatar";
import { Button, Spinner } from "@/components/ui/button";
import { IconButton } from "@/components/ui/icon-button";
import { toastFailure } from "@/components/ui/toast-failure";
import { offlineMessage } from "@/components/ui/use-submit";
import type { MemberDTO, SearchPage, SearchResultDTO, UserSummary } from "@/lib/dto";
import type { Result } from "@/lib/errors";
import { searchLimits } from "@/lib/input-bounds";
import {
  canSearch,
  emptySearch,
  filterChips,
  hasFilters,
  highlightParts,
  noFilters,
  resultPath,
  resultsArrived,
  resultsHeading,
  searchFailed,
  searchParams,
  searchStarted,
  snippetOf,
  termsOf,
  withoutFilter,
  withTypedFilters,
  type Filters,
  type SearchState,
} from "./search-state";
import {
  channelNamed,
  channelSuggestions,
  cutText,
  daySuggestions,
  filterAtCaret,
  filterKeyHints,
  filterKeys,
  hasFilterValues,
  hasLabels,
  hasSuggestions,
  insertKey,
  invalidFilterMessage,
  memberNamed,
  readTypedFilters,
  utcDay,
  type ChannelPick,
  type DaySuggestion,
  type FilterKey,
  type FilterToken,
  type HasFilter,
} from "./search-query";

/**
 * A search that opened a result in another channel: the next channel view of the same community
 * reopens the panel with it (the view remounts per channel), so results can be clicked through.
 */
let carried: { communityId: string; state: SearchState } | null = null;

async function fetchResults(
  communityId: string,
  query: string,
  filters: Filters,
  cursor: string | null,
): Promise<Result<SearchPage>> {
  const response = await fetch(`/api/communities/${communityId}/search?${searchParams(query, filters, cursor)}`, {
    cache: "no-store",
  });
  return response.json();
}

/** Members by name prefix (display name or username), as the member list finds them; [] on failure. */
async function fetchMembers(communityId: string, query: string): Promise<MemberDTO[]> {
  const params = new URLSearchParams({ limit: "8" });
  if (query.trim()) params.set("query", query.trim().replace(/^@/, ""));
  try {
    const response = await fetch(`/api/communities/${communityId}/members?${params}`, { cache: "no-store" });
    const result = (await response.json()) as Result<{ members: MemberDTO[] }>;
    return result.ok ? result.data.members : [];
  } catch {
    return [];
  }
}

const summaryOf = ({ id, username, displayName }: UserSummary): UserSummary => ({ id, username, displayName });

/** Plain text with every word starting with a term marked (React text nodes: user text is never HTML). */
function highlighted(text: string, terms: string[]): ReactNode[] {
  return highlightParts(text, terms).map((part) =>
    part.match ? (
      <mark key={part.index} className={clsx(HIGHLIGHT_CLASSES)}>
        {part.text}
      </mark>
    ) : (
      <Fragment key={part.index}>{part.text}</Fragment>
    ),
  );
}

/** One choice of the box's autocomplete. */
type Option =
  | { kind: "key"; key: FilterKey }
  | { kind: "member"; member: MemberDTO }
  | { kind: "channel"; channel: ChannelPick }
  | { kind: "has"; value: HasFilter }
  | { kind: "day"; day: DaySuggestion };

const optionHeadings: Record<FilterKey, string> = {
  from: "From user",
  mentions: "Mentions user",
  in: "In channel",
  has: "Message has",
  before: "Before day (UTC)",
  after: "After day (UTC)",
};

/**
 * The header's search box and, once used, the results panel on the right. Filters typed as
 * `from:` `mentions:` `in:` `has:` `before:` `after:` open an autocomplete (↑/↓, Enter or Tab picks,
 * Esc closes) and become tokens (Backspace at the start or × removes one); the rest is the words.
 * Enter searches. Results show their markdown with the words marked, clamped when long; ↑/↓ moves
 * through them, Enter (or a click) opens one at the message (same channel: a jump). Esc closes.
 */
export function SearchBox({
  communityId,
  channelId,
  onJump,
}: {
  communityId: string;
  channelId: string;
  onJump: (messageId: string) => void;
}) {
  const router = useRouter();
  const [initial] = useState(() => {
    const restored = carried?.communityId === communityId ? carried.state : null;
    carried = null;
    return restored;
  });
  const [state, setState] = useState<SearchState>(initial ?? emptySearch);
  const [open, setOpen] = useState(initial !== null);
  const [loading, setLoading] = useState<"search" | "more" | null>(null);
  const [channels, setChannels] = useState<ChannelPick[] | null>(null);
  const [showFilters, setShowFilters] = useState(
    () => typeof window === "undefined" || window.matchMedia("(min-width: 640px)").matches,
  );
  // the box's autocomplete
  const [caret, setCaret] = useState(0);
  const [focused, setFocused] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const [activeOption, setActiveOption] = useState(-1);
  // members found for a from: / mentions: value (the last answer stays shown until the next arrives)
  const [members, setMembers] = useState<{ query: string; list: MemberDTO[] } | null>(null);
  // the result with the keyboard focus (roving tabindex)
  const [activeResult, setActiveResult] = useState(0);
  const generation = useRef(0);
  const input = useRef<HTMLInputElement>(null);
  const panel = useRef<HTMLElement>(null);
  const resultList = useRef<HTMLOListElement>(null);
  const pendingCaret = useRef<number | null>(null);
  const listId = useId();

  const run = useCallback(
    async (text: string, filters: Filters, cursor: string | null = null) => {
      const query = text.trim();
      if (!canSearch(query, filters)) {
        input.current?.focus();
        return;
      }
      const mine = ++generation.current;
      setOpen(true);
      setLoading(cursor ? "more" : "search");
      if (!cursor) {
        setState((current) => searchStarted(current, query, filters));
        setActiveResult(0);
      }
      try {
        const result = await fetchResults(communityId, query, filters, cursor);
        if (mine !== generation.current) return; // a newer search replaced this one
        if (!result.ok) {
          toastFailure(result);
          setState((current) => searchFailed(current, Boolean(cursor)));
          return;
        }
        setState((current) => resultsArrived(current, result.data, Boolean(cursor)));
      } catch {
        if (mine !== generation.current) return;
        toast.error(offlineMessage);
        setState((current) => searchFailed(current, Boolean(cursor)));
      } finally {
        if (mine === generation.current) setLoading(null);
      }
    },
    [communityId],
  );

  const loadChannels = useCallback(async (): Promise<ChannelPick[]> => {
    try {
      const result = await searchableChannelsAction(communityId);
      return result.ok ? result.data : [];
    } catch {
      return [];
    }
  }, [communityId]);

  const close = useCallback(() => {
    generation.current++;
    // the keyboard was in the panel: it goes back to the box, not to the page's start
    if (panel.current?.contains(document.activeElement)) input.current?.focus();
    setOpen(false);
    setLoading(null);
  }, []);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape" && !event.defaultPrevented) close();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open, close]);

  // what the caret is typing: a filter value (its suggestions), or nothing in an empty box (the keys)
  const typing: FilterToken | null = focused && !dismissed ? filterAtCaret(state.text, caret) : null;
  const wantsChannels = open || typing?.key === "in";

  useEffect(() => {
    if (!wantsChannels || channels) return;
    let cancelled = false;
    void loadChannels().then((list) => !cancelled && setChannels(list));
    return () => {
      cancelled = true;
    };
  }, [wantsChannels, channels, loadChannels]);

  const memberQuery = typing && (typing.key === "from" || typing.key === "mentions") ? typing.value : null;
  useEffect(() => {
    if (memberQuery === null) return;
    let cancelled = false;
    const timer = setTimeout(async () => {
      const list = await fetchMembers(communityId, memberQuery);
      if (!cancelled) setMembers({ query: memberQuery, list });
    }, 150);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [communityId, memberQuery]);

  useLayoutEffect(() => {
    if (pendingCaret.current === null || !input.current) return;
    input.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    setCaret(pendingCaret.current);
    pendingCaret.current = null;
  }, [state.text]);

  const options: Option[] =
    !focused || dismissed ? [] : optionsFor(typing, state.text, members?.list ?? [], channels ?? []);
  const listShown = focused && !dismissed && (options.length > 0 || typing !== null);
  // "nothing matches" only once the answer for what is typed is in
  const settled = memberQuery === null ? typing?.key !== "in" || channels !== null : members?.query === memberQuery;
  const active = Math.min(activeOption, options.length - 1);

  const setText = (text: string, nextCaret: number) => {
    pendingCaret.current = nextCaret;
    setState((current) => ({ ...current, text }));
    setDismissed(false);
  };

  const pick = (option: Option) => {
    if (option.kind === "key") {
      const next = insertKey(state.text, caret, option.key);
      setText(next.text, next.caret);
      setActiveOption(0);
      return;
    }
    if (!typing) return;
    const patch: Partial<Filters> = {};
    if (option.kind === "member") patch[typing.key === "mentions" ? "mentions" : "from"] = summaryOf(option.member);
    else if (option.kind === "channel") patch.channel = option.channel;
    else if (option.kind === "has") patch.has = option.value;
    else patch[typing.key === "before" ? "before" : "after"] = option.day.day;
    const next = cutText(state.text, typing.start, typing.end);
    setState((current) => ({ ...current, filters: { ...current.filters, ...patch } }));
    setText(next.text, next.caret);
    setActiveOption(-1);
    input.current?.focus();
  };

  /** Enter: typed filter words become tokens (members and channels looked up by name), then the search runs. */
  const submit = async () => {
    const typed = readTypedFilters(state.text);
    const fail = typed.invalid[0];
    if (fail) return void toast.error(invalidFilterMessage(fail));
    let filters = withTypedFilters(state.filters, typed);
    for (const lookup of typed.lookups) {
      if (lookup.key === "in") {
        const list = channels ?? (await loadChannels());
        if (!channels) setChannels(list);
        const channel = channelNamed(list, lookup.value);
        if (!channel) return void toast.error(invalidFilterMessage(lookup));
        filters = { ...filters, channel };
      } else {
        const member = memberNamed(await fetchMembers(communityId, lookup.value), lookup.value);
        if (!member) return void toast.error(invalidFilterMessage(lookup));
        filters =
          lookup.key === "from" ? { ...filters, from: summaryOf(member) } : { ...filters, mentions: summaryOf(member) };
      }
    }
    setState((current) => ({ ...current, text: typed.text, filters }));
    setDismissed(true);
    void run(typed.text, filters);
  };

  const removeChip = (key: FilterKey) =>
    setState((current) => ({ ...current, filters: withoutFilter(current.filters, key) }));

  const focusResult = (index: number) => {
    const items = resultList.current?.querySelectorAll<HTMLElement>("[data-result-index]");
    if (!items?.length) return false;
    const target = items[Math.max(0, Math.min(index, items.length - 1))];
    target.focus();
    setActiveResult(Number(target.dataset.resultIndex));
    return true;
  };

  const onBoxKey = (event: ReactKeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return;
    const box = event.currentTarget;
    if (listShown) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (options.length === 0) return;
        const step = event.key === "ArrowDown" ? 1 : -1;
        setActiveOption((index) => (Math.max(index, step > 0 ? -1 : 0) + step + options.length) % options.length);
        return;
      }
      if ((event.key === "Enter" || event.key === "Tab") && options[active] && active >= 0) {
        event.preventDefault();
        pick(options[active]);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault(); // closes the list, not the panel
        setDismissed(true);
        return;
      }
    }
    if (event.key === "Backspace" && box.selectionStart === 0 && box.selectionEnd === 0) {
      const chips = filterChips(state.filters);
      if (chips.length) {
        event.preventDefault();
        removeChip(chips.at(-1)!.key);
      }
      return;
    }
    if (event.key === "Enter") {
      event.preventDefault();
      void submit();
      return;
    }
    if (event.key === "ArrowDown" && open && state.results?.length && focusResult(activeResult)) event.preventDefault();
  };

  const onResultsKey = (event: ReactKeyboardEvent<HTMLOListElement>) => {
    const from = (event.target as HTMLElement).closest<HTMLElement>("[data-result-index]");
    if (!from || from !== event.target) return; // keys inside a result's link or button are theirs
    const index = Number(from.dataset.resultIndex);
    const count = state.results?.length ?? 0;
    let next: number | null = null;
    if (event.key === "ArrowDown") next = Math.min(index + 1, count - 1);
    else if (event.key === "ArrowUp") {
      if (index === 0) {
        event.preventDefault();
        input.current?.focus();
        return;
      }
      next = index - 1;
    } else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = count - 1;
    if (next === null) return;
    event.preventDefault();
    focusResult(next);
  };

  const setFilter = (patch: Partial<Filters>) => {
    const filters = { ...state.filters, ...patch };
    setState((current) => ({ ...current, filters }));
    const words = readTypedFilters(state.text).text.trim() || state.shown;
    if ((state.results !== null || words) && canSearch(words, filters)) void run(words, filters);
  };

  const openResult = (result: SearchResultDTO) => {
    if (result.channelId === channelId) return onJump(result.id);
    carried = { communityId, state };
    router.push(resultPath(communityId, result));
  };

  const terms = termsOf(state.shown);
  const chips = filterChips(state.filters);
  const activeId = listShown && active >= 0 && options[active] ? `${listId}-${active}` : undefined;

  return (
    <>
      {/* a search landmark without a <form>: Enter in the input runs the search; on a phone, used, it spans the header */}
      <div
        role="search"
        className={clsx(
          "group relative flex items-center",
          "max-sm:focus-within:absolute max-sm:focus-within:inset-x-0 max-sm:focus-within:top-0 max-sm:focus-within:z-40 max-sm:focus-within:h-12 max-sm:focus-within:border-b max-sm:focus-within:border-line max-sm:focus-within:bg-main max-sm:focus-within:px-2",
        )}
      >
        {/* a click anywhere on the box but a token's × puts the caret in the input */}
        <label
          htmlFor={`${listId}-input`}
          className="flex min-h-7 min-w-0 flex-1 items-center gap-1 rounded bg-rail px-2 text-sm"
        >
          {chips.map((chip) => (
            <span
              key={chip.key}
              data-testid="search-token"
              className="flex max-w-40 shrink-0 items-center gap-0.5 rounded bg-raised py-0.5 pl-1.5 pr-0.5 text-xs text-strong max-sm:hidden max-sm:group-focus-within:flex"
            >
              <span className="truncate">{chip.label}</span>
              <button
                type="button"
                aria-label={`Remove ${chip.label}`}
                title={`Remove ${chip.label}`}
                className="rounded text-muted hover:bg-hover hover:text-text"
                onMouseDown={(event) => event.preventDefault()} // the input keeps the focus
                onClick={() => {
                  removeChip(chip.key);
                  input.current?.focus();
                }}
              >
                <X aria-hidden className="size-3.5" />
              </button>
            </span>
          ))}
          <input
            ref={input}
            id={`${listId}-input`}
            value={state.text}
            onChange={(event) => {
              const { value, selectionStart } = event.target;
              setState((current) => ({ ...current, text: value }));
              setCaret(selectionStart ?? value.length);
              setDismissed(false);
              setActiveOption(filterAtCaret(value, selectionStart ?? value.length) ? 0 : -1);
            }}
            onSelect={(event) => setCaret(event.currentTarget.selectionStart ?? 0)}
            onKeyDown={onBoxKey}
            onFocus={() => {
              setFocused(true);
              setDismissed(false);
              if (state.results) setOpen(true);
            }}
            onBlur={() => {
              setFocused(false);
              setActiveOption(-1);
            }}
            placeholder={chips.length ? "" : "Search"}
            aria-label="Search messages"
            aria-autocomplete="list"
            aria-controls={listShown ? listId : undefined}
            aria-activedescendant={activeId}
            aria-describedby={`${listId}-help`}
            maxLength={searchLimits.queryLength}
            enterKeyHint="search"
            autoComplete="off"
            spellCheck={false}
            // on a phone the box is its icon until used, so the channel name keeps the header
            className={clsx(
              "min-w-0 bg-transparent text-text outline-none transition-[width] placeholder:text-faint focus:w-40 max-sm:focus:flex-1 sm:w-36 sm:focus:w-56",
              state.text ? "w-24" : "w-0",
            )}
          />
          <span id={`${listId}-help`} className="sr-only">
            Filters: from:, mentions:, in:, has:, before:, after:. Enter searches.
          </span>
          {state.text || chips.length ? (
            <button
              type="button"
              aria-label="Clear search"
              title="Clear search"
              className="shrink-0 text-faint hover:text-text"
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => {
                setState((current) => ({ ...current, text: "", filters: noFilters }));
                input.current?.focus();
              }}
            >
              <X className="size-4" />
            </button>
          ) : (
            <Search aria-hidden className="size-4 shrink-0 text-faint" />
          )}
        </label>
        {listShown && (
          <div className="absolute right-0 top-full z-40 mt-1 w-72 overflow-hidden rounded-md bg-raised text-sm shadow-xl ring-1 ring-line max-sm:inset-x-2 max-sm:w-auto">
            <p className="px-3 pb-1 pt-2 text-[11px] font-bold uppercase tracking-wide text-muted">
              {typing ? optionHeadings[typing.key] : "Search options"}
            </p>
            <ul
              id={listId}
              role="listbox"
              aria-label={typing ? optionHeadings[typing.key] : "Search options"}
              className="max-h-72 overflow-y-auto p-1"
            >
              {options.map((option, index) => (
                <li
                  key={optionKey(option)}
                  id={`${listId}-${index}`}
                  role="option"
                  aria-selected={index === active}
                  onMouseDown={(event) => {
                    event.preventDefault(); // the input keeps the focus
                    pick(option);
                  }}
                  onMouseEnter={() => setActiveOption(index)}
                  className={clsx(
                    "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5",
                    index === active ? "bg-hover text-strong" : "text-text",
                  )}
                >
                  <OptionContent option={option} />
                </li>
              ))}
            </ul>
            {typing && options.length === 0 && settled && (
              <p className="px-3 pb-2 text-muted">
                {typing.key === "before" || typing.key === "after"
                  ? "Type a day as YYYY-MM-DD."
                  : typing.key === "in"
                    ? "No channel you can read starts with that."
                    : typing.key === "has"
                      ? `Try ${hasFilterValues.join(", ")}.`
                      : "No member starts with that."}
              </p>
            )}
          </div>
        )}
      </div>
      {open && (
        <aside
          ref={panel}
          aria-label="Search results"
          className="absolute bottom-0 right-0 top-12 z-30 flex w-full flex-col border-l border-line bg-sidebar shadow-2xl sm:w-[420px]"
        >
          <header className="flex items-center gap-1 border-b border-line py-2 pl-4 pr-2">
            <h2 className="min-w-0 flex-1 truncate text-sm font-semibold text-strong">
              {loading === "search"
                ? "Searching…"
                : state.results
                  ? resultsHeading(state.results.length, !!state.nextCursor)
                  : "Search"}
            </h2>
            {hasFilters(state.filters) && (
              <button
                type="button"
                onClick={() => setFilter(noFilters)}
                className="rounded px-2 py-1 text-sm text-muted hover:bg-hover hover:text-text"
              >
                Clear filters
              </button>
            )}
            <IconButton
              label={showFilters ? "Hide filters" : "Show filters"}
              aria-expanded={showFilters}
              className={clsx(showFilters && "text-text")}
              onClick={() => setShowFilters((shown) => !shown)}
            >
              <SlidersHorizontal className="size-4" />
            </IconButton>
            <IconButton label="Close search" onClick={close}>
              <X className="size-4" />
            </IconButton>
          </header>
          {showFilters && (
            <FilterBar communityId={communityId} filters={state.filters} channels={channels} onChange={setFilter} />
          )}
          <div className="min-h-0 flex-1 overflow-y-auto px-2 pb-3" aria-busy={loading !== null}>
            {loading === "search" || (!state.results && loading) ? (
              <div className="flex justify-center p-8 text-muted">
                <Spinner />
              </div>
            ) : !state.results ? (
              <p className="p-6 text-center text-sm text-muted">
                Type words and press Enter. The last word may be the start of a word. Filters: from:, mentions:, in:,
                has:, before:, after:.
              </p>
            ) : state.results.length === 0 ? (
              <div className="p-8 text-center text-sm text-muted" data-testid="search-empty">
                <SearchX aria-hidden className="mx-auto mb-3 size-10 text-faint" />
                <p className="font-semibold text-text">No results</p>
                <p className="mt-1">Try other words or fewer filters.</p>
              </div>
            ) : (
              <MessageTextScope communityId={communityId} messages={state.results}>
                <ol ref={resultList} aria-label="Results" onKeyDown={onResultsKey}>
                  {state.results.map((result, index) => (
                    <Fragment key={result.id}>
                      {(index === 0 || state.results![index - 1].channelId !== result.channelId) && (
                        <li
                          aria-hidden
                          className="flex items-center gap-1 px-2 pb-1 pt-3 text-xs font-semibold uppercase tracking-wide text-muted"
                        >
                          {channels?.find((channel) => channel.id === (result.threadParentId ?? result.channelId))
                            ?.kind === "PRIVATE" ? (
                            <Lock className="size-3.5" />
                          ) : (
                            <Hash className="size-3.5" />
                          )}
                          <span className="truncate">{result.channelName}</span>
                        </li>
                      )}
                      <li>
                        <ResultCard
                          result={result}
                          index={index}
                          terms={terms}
                          focusable={index === Math.min(activeResult, state.results!.length - 1)}
                          onFocus={() => setActiveResult(index)}
                          onOpen={() => openResult(result)}
                        />
                      </li>
                    </Fragment>
                  ))}
                </ol>
              </MessageTextScope>
            )}
            {state.results && state.nextCursor && loading !== "search" && (
              <div className="flex justify-center pt-3">
                <Button
                  variant="secondary"
                  pending={loading === "more"}
                  onClick={() => void run(state.shown, state.searched, state.nextCursor)}
                >
                  Load more
                </Button>
              </div>
            )}
          </div>
        </aside>
      )}
    </>
  );
}

/** The autocomplete's choices: a filter value's suggestions, or in an empty box the filter keys. */
function optionsFor(
  token: FilterToken | null,
  text: string,
  members: readonly MemberDTO[],
  channels: readonly ChannelPick[],
): Option[] {
  if (!token) {
    // nothing is chosen in this list until ↓, so Enter still searches
    return text.trim() === "" ? filterKeys.map((key): Option => ({ kind: "key", key })) : [];
  }
  switch (token.key) {
    case "from":
    case "mentions":
      return members.map((member): Option => ({ kind: "member", member }));
    case "in":
      return channelSuggestions(channels, token.value).map((channel): Option => ({ kind: "channel", channel }));
    case "has":
      return hasSuggestions(token.value).map((value): Option => ({ kind: "has", value }));
    case "before":
    case "after":
      // the reader's today as a UTC day (before: / after: are UTC days)
      return daySuggestions(token.value, utcDay(new Date())).map((day): Option => ({ kind: "day", day }));
  }
}

function optionKey(option: Option) {
  switch (option.kind) {
    case "key":
      return `key:${option.key}`;
    case "member":
      return `member:${option.member.id}`;
    case "channel":
      return `channel:${option.channel.id}`;
    case "has":
      return `has:${option.value}`;
    case "day":
      return `day:${option.day.day}`;
  }
}

function OptionContent({ option }: { option: Option }) {
  switch (option.kind) {
    case "key":
      return (
        <>
          <span className="font-semibold text-strong">{option.key}:</span>
          <span className="truncate text-muted">{filterKeyHints[option.key]}</span>
        </>
      );
    case "member":
      return (
        <>
          <Avatar name={option.member.displayName} seed={option.member.id} size={20} />
          <span className="truncate">{option.member.displayName}</span>
          <span className="truncate text-xs text-muted">@{option.member.username}</span>
        </>
      );
    case "channel":
      return (
        <>
          {option.channel.kind === "PRIVATE" ? (
            <Lock aria-hidden className="size-4 shrink-0 text-muted" />
          ) : (
            <Hash aria-hidden className="size-4 shrink-0 text-muted" />
          )}
          <span className="truncate">{option.channel.name}</span>
        </>
      );
    case "has":
      return (
        <>
          <span>{option.value}</span>
          <span className="truncate text-xs text-muted">{hasLabels[option.value]}</span>
        </>
      );
    case "day":
      return (
        <>
          <span>{option.day.day}</span>
          {option.day.label !== option.day.day && (
            <span className="truncate text-xs text-muted">{option.day.label}</span>
          )}
        </>
      );
  }
}

/** A long result is cut at a fixed height, fading out (opening it shows it whole). */
function Clamped({ children }: { children: ReactNode }) {
  const outer = useRef<HTMLDivElement>(null);
  const inner = useRef<HTMLDivElement>(null);
  const [clamped, setClamped] = useState(false);
  useLayoutEffect(() => {
    const box = outer.current;
    const content = inner.current;
    if (!box || !content) return;
    const measure = () => setClamped(content.offsetHeight > box.clientHeight + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(content);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={outer}
      data-clamped={clamped || undefined}
      className={clsx("mt-0.5 max-h-40 overflow-hidden", clamped && "mask-b-from-60%")}
    >
      <div ref={inner} className="break-words text-sm text-text">
        {children}
      </div>
    </div>
  );
}

function ResultCard({
  result,
  index,
  terms,
  focusable,
  onFocus,
  onOpen,
}: {
  result: SearchResultDTO;
  index: number;
  terms: string[];
  focusable: boolean;
  onFocus: () => void;
  onOpen: () => void;
}) {
  const snippet = snippetOf(result.content, terms);
  const name = `${result.author.displayName} in #${result.channelName}: ${snippet || result.attachment?.fileName || "attachment"}`;
  return (
    <article
      data-testid="search-result"
      data-message-id={result.id}
      data-result-index={index}
      tabIndex={focusable ? 0 : -1}
      aria-label={name}
      onFocus={(event) => {
        if (event.target === event.currentTarget) onFocus();
      }}
      onClick={(event) => {
        // a link in the text opens itself; selecting text is not a click on the result
        if ((event.target as HTMLElement).closest("a, button")) return;
        if (window.getSelection()?.toString()) return;
        onOpen();
      }}
      onKeyDown={(event) => {
        if (event.key !== "Enter" || event.target !== event.currentTarget) return;
        event.preventDefault();
        onOpen();
      }}
      className="group/result mt-1 flex w-full cursor-pointer gap-3 rounded-md bg-main p-3 text-left outline-none ring-accent hover:bg-raised focus-visible:ring-2"
    >
      <Avatar name={result.author.displayName} seed={result.author.id} size={32} />
      <div className="min-w-0 flex-1">
        <div className="flex items-baseline gap-2">
          <span className="truncate text-sm font-medium text-strong">{result.author.displayName}</span>
          <time dateTime={result.createdAt} className="shrink-0 text-xs text-faint">
            {new Date(result.createdAt).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}
          </time>
          <button
            type="button"
            tabIndex={-1}
            aria-label={`Jump to ${result.author.displayName}'s message`}
            onClick={onOpen}
            className="ml-auto shrink-0 rounded bg-rail px-1.5 py-0.5 text-[11px] text-muted opacity-0 hover:text-text group-hover/result:opacity-100 group-focus-visible/result:opacity-100"
          >
            Jump
          </button>
        </div>
        {result.content && (
          <Clamped>
            <MessageText
              content={result.content}
              mentions={result.mentions}
              mentionsEveryone={result.mentionsEveryone}
              highlightTerms={terms}
            />
          </Clamped>
        )}
        {result.attachment && (
          <span className="mt-1 flex items-center gap-1 text-xs text-muted">
            <Paperclip aria-hidden className="size-3.5 shrink-0" />
            <span className="truncate">{highlighted(result.attachment.fileName, terms)}</span>
          </span>
        )}
      </div>
    </article>
  );
}

const selectClass =
  "w-full rounded bg-rail px-2 py-1.5 text-sm font-normal normal-case tracking-normal text-text outline-none focus:ring-2 focus:ring-accent";
const labelClass = "flex min-w-0 flex-col gap-1 text-[11px] font-bold uppercase tracking-wide text-muted";

function FilterBar({
  communityId,
  filters,
  channels,
  onChange,
}: {
  communityId: string;
  filters: Filters;
  channels: ChannelPick[] | null;
  onChange: (patch: Partial<Filters>) => void;
}) {
  return (
    <div className="grid grid-cols-2 gap-x-3 gap-y-2 border-b border-line px-4 py-3">
      <MemberFilter
        communityId={communityId}
        label="From"
        value={filters.from}
        onChange={(from) => onChange({ from })}
      />
      <MemberFilter
        communityId={communityId}
        label="Mentions"
        value={filters.mentions}
        onChange={(mentions) => onChange({ mentions })}
      />
      <label className={labelClass}>
        In channel
        <select
          aria-label="In channel"
          value={filters.channel?.id ?? ""}
          onChange={(event) =>
            onChange({ channel: channels?.find((channel) => channel.id === event.target.value) ?? null })
          }
          className={selectClass}
        >
          <option value="">All channels</option>
          {channels?.map((channel) => (
            <option key={channel.id} value={channel.id}>
              {channel.kind === "PRIVATE" ? "🔒 " : "#"}
              {channel.name}
            </option>
          ))}
          {/* a carried filter whose channel list is still loading */}
          {filters.channel && !channels?.some((channel) => channel.id === filters.channel!.id) && (
            <option value={filters.channel.id}>#{filters.channel.name}</option>
          )}
        </select>
      </label>
      <label className={labelClass}>
        Has
        <select
          aria-label="Has"
          value={filters.has}
          onChange={(event) => onChange({ has: event.target.value as HasFilter | "" })}
          className={selectClass}
        >
          <option value="">Anything</option>
          {hasFilterValues.map((value) => (
            <option key={value} value={value}>
              {hasLabels[value]}
            </option>
          ))}
        </select>
      </label>
      <label className={labelClass} title="Messages sent after this day (UTC)">
        After
        <input
          type="date"
          aria-label="After"
          value={filters.after}
          max={filters.before || undefined}
          onChange={(event) => onChange({ after: event.target.value })}
          className={selectClass}
        />
      </label>
      <label className={labelClass} title="Messages sent before this day (UTC)">
        Before
        <input
          type="date"
          aria-label="Before"
          value={filters.before}
          min={filters.after || undefined}
          onChange={(event) => onChange({ before: event.target.value })}
          className={selectClass}
        />
      </label>
    </div>
  );
}

/** "From" / "Mentions": a member picked by name (the member list's prefix search), shown as a removable chip. */
function MemberFilter({
  communityId,
  label,
  value,
  onChange,
}: {
  communityId: string;
  label: "From" | "Mentions";
  value: UserSummary | null;
  onChange: (user: UserSummary | null) => void;
}) {
  const [text, setText] = useState("");
  const [options, setOptions] = useState<MemberDTO[]>([]);
  const [expanded, setExpanded] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();

  useEffect(() => {
    if (!expanded) return;
    let cancelled = false;
    const timer = setTimeout(async () => {
      const found = await fetchMembers(communityId, text);
      if (!cancelled) setOptions(found);
    }, 150);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [communityId, text, expanded]);

  const choose = (member: MemberDTO) => {
    onChange(summaryOf(member));
    setText("");
    setExpanded(false);
  };

  if (value) {
    return (
      <div className={labelClass}>
        {label}
        <span className="flex h-[34px] items-center gap-2 rounded bg-rail px-2 text-sm normal-case tracking-normal text-text">
          <Avatar name={value.displayName} seed={value.id} size={18} />
          <span className="min-w-0 flex-1 truncate font-normal">{value.displayName}</span>
          <button
            type="button"
            aria-label={`Remove the filter ${label.toLowerCase()} ${value.displayName}`}
            className="text-faint hover:text-text"
            onClick={() => onChange(null)}
          >
            <X className="size-4" />
          </button>
        </span>
      </div>
    );
  }
  const shown = expanded && options.length > 0;
  return (
    <div className="relative">
      <label className={labelClass}>
        {label}
        <input
          value={text}
          role="combobox"
          aria-label={label}
          aria-expanded={shown}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={shown && options[active] ? `${listId}-${active}` : undefined}
          placeholder="Any member"
          maxLength={64}
          onChange={(event) => {
            setText(event.target.value);
            setExpanded(true);
            setActive(0);
          }}
          onFocus={() => setExpanded(true)}
          onBlur={() => setTimeout(() => setExpanded(false), 150)}
          onKeyDown={(event) => {
            if (event.key === "ArrowDown") setActive((index) => Math.min(index + 1, options.length - 1));
            else if (event.key === "ArrowUp") setActive((index) => Math.max(index - 1, 0));
            else if ((event.key === "Enter" || (event.key === "Tab" && text)) && shown && options[active])
              choose(options[active]);
            else if (event.key === "Escape" && expanded) setExpanded(false);
            else return;
            event.preventDefault(); // Esc closes the list, not the panel
          }}
          className={clsx(selectClass, "placeholder:text-faint")}
        />
      </label>
      {shown && (
        <ul
          id={listId}
          role="listbox"
          aria-label="Members"
          className="absolute inset-x-0 top-full z-10 mt-1 max-h-60 overflow-y-auto rounded bg-raised p-1 shadow-xl ring-1 ring-line"
        >
          {options.map((member, index) => (
            <li
              key={member.id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              onMouseDown={(event) => {
                event.preventDefault();
                choose(member);
              }}
              onMouseEnter={() => setActive(index)}
              className={clsx(
                "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm",
                index === active ? "bg-hover text-strong" : "text-text",
              )}
            >
              <Avatar name={member.displayName} seed={member.id} size={20} />
              <span className="truncate">{member.displayName}</span>
              <span className="truncate text-xs text-muted">@{member.username}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
