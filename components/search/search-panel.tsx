"use client";

import { clsx } from "clsx";
import { useRouter } from "next/navigation";
import { Fragment, useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { toast } from "sonner";
import { Hash, Lock, Paperclip, Search, SearchX, X } from "lucide-react";
import { searchableChannelsAction } from "@/lib/actions/search";
import { Avatar } from "@/components/ui/avatar";
import { Button, Spinner } from "@/components/ui/button";
import { IconButton } from "@/components/ui/icon-button";
import { toastFailure } from "@/components/ui/toast-failure";
import { offlineMessage } from "@/components/ui/use-submit";
import type { ChannelDTO, MemberDTO, SearchPage, SearchResultDTO, UserSummary } from "@/lib/dto";
import type { Result } from "@/lib/errors";
import { searchHasValues, searchLimits, type SearchHas } from "@/lib/schemas/search";
import {
  emptySearch,
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
  type Filters,
  type SearchState,
} from "./search-state";

const hasLabels: Record<SearchHas, string> = {
  attachment: "Any attachment",
  image: "Image",
  video: "Video",
  voice: "Voice message",
  file: "File",
};

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

/** Plain text with every word starting with a term marked (React text nodes: user text is never HTML). */
function highlighted(text: string, terms: string[]): ReactNode[] {
  return highlightParts(text, terms).map((part) =>
    part.match ? (
      <mark key={part.index} className="rounded-sm bg-[#faa61a]/30 px-px text-white">
        {part.text}
      </mark>
    ) : (
      <Fragment key={part.index}>{part.text}</Fragment>
    ),
  );
}

/**
 * The header's search box (Enter searches) and, once used, the results panel on the right:
 * filters, results labeled by channel with author, time and the matching words highlighted,
 * "Load more" by cursor. A result opens its channel at the message (same channel: a jump).
 * Esc closes the panel.
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
  const [channels, setChannels] = useState<Pick<ChannelDTO, "id" | "name" | "kind">[] | null>(null);
  const generation = useRef(0);
  const input = useRef<HTMLInputElement>(null);

  const run = useCallback(
    async (text: string, filters: Filters, cursor: string | null = null) => {
      const query = text.trim();
      if (!query) {
        input.current?.focus();
        return;
      }
      const mine = ++generation.current;
      setOpen(true);
      setLoading(cursor ? "more" : "search");
      if (!cursor) setState((current) => searchStarted(current, query, filters));
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

  const close = useCallback(() => {
    generation.current++;
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

  useEffect(() => {
    if (!open || channels) return;
    let cancelled = false;
    searchableChannelsAction(communityId)
      .then((result) => !cancelled && setChannels(result.ok ? result.data : []))
      .catch(() => !cancelled && setChannels([]));
    return () => {
      cancelled = true;
    };
  }, [open, channels, communityId]);

  const setFilter = (patch: Partial<Filters>) => {
    const filters = { ...state.filters, ...patch };
    setState((current) => ({ ...current, filters }));
    if (state.shown || state.text.trim()) void run(state.text || state.shown, filters);
  };

  const openResult = (result: SearchResultDTO) => {
    if (result.channelId === channelId) return onJump(result.id);
    carried = { communityId, state };
    router.push(resultPath(communityId, result));
  };

  const terms = termsOf(state.shown);

  return (
    <>
      {/* a search landmark without a <form>: Enter in the input runs the search */}
      <div role="search" className="flex items-center">
        <label className="flex h-7 items-center gap-1 rounded bg-rail px-2 text-sm">
          <input
            ref={input}
            value={state.text}
            onChange={(event) => setState((current) => ({ ...current, text: event.target.value }))}
            onKeyDown={(event) => {
              if (event.key !== "Enter" || event.nativeEvent.isComposing) return;
              event.preventDefault();
              void run(state.text, state.filters);
            }}
            onFocus={() => state.results && setOpen(true)}
            placeholder="Search"
            aria-label="Search messages"
            maxLength={searchLimits.queryLength}
            enterKeyHint="search"
            // on a phone the box is its icon until used, so the channel name keeps the header
            className={clsx(
              "min-w-0 bg-transparent text-text outline-none transition-[width] placeholder:text-faint focus:w-40 sm:w-36 sm:focus:w-56",
              state.text ? "w-24" : "w-0",
            )}
          />
          {state.text ? (
            <button
              type="button"
              aria-label="Clear search"
              className="text-faint hover:text-text"
              onClick={() => {
                setState((current) => ({ ...current, text: "" }));
                input.current?.focus();
              }}
            >
              <X className="size-4" />
            </button>
          ) : (
            <Search aria-hidden className="size-4 text-faint" />
          )}
        </label>
      </div>
      {open && (
        <aside
          aria-label="Search results"
          className="absolute bottom-0 right-0 top-12 z-30 flex w-[420px] max-w-full flex-col border-l border-black/30 bg-sidebar shadow-2xl"
        >
          <header className="flex items-center gap-2 border-b border-black/30 px-4 py-2.5">
            <h2 className="min-w-0 flex-1 truncate text-sm font-semibold text-white">
              {loading === "search"
                ? "Searching…"
                : state.results
                  ? resultsHeading(state.results.length, !!state.nextCursor)
                  : "Search"}
            </h2>
            <IconButton label="Close search" onClick={close}>
              <X className="size-4" />
            </IconButton>
          </header>
          <FilterBar communityId={communityId} filters={state.filters} channels={channels} onChange={setFilter} />
          <div className="min-h-0 flex-1 overflow-y-auto px-2 pb-3" aria-busy={loading !== null}>
            {loading === "search" || (!state.results && loading) ? (
              <div className="flex justify-center p-8 text-muted">
                <Spinner />
              </div>
            ) : !state.results ? (
              <p className="p-6 text-center text-sm text-muted">
                Type words and press Enter. The last word may be the start of a word.
              </p>
            ) : state.results.length === 0 ? (
              <div className="p-8 text-center text-sm text-muted" data-testid="search-empty">
                <SearchX aria-hidden className="mx-auto mb-3 size-10 text-faint" />
                <p className="font-semibold text-text">No results</p>
                <p className="mt-1">Try other words or fewer filters.</p>
              </div>
            ) : (
              <ol aria-label="Results">
                {state.results.map((result, index) => (
                  <Fragment key={result.id}>
                    {(index === 0 || state.results![index - 1].channelId !== result.channelId) && (
                      <li
                        aria-hidden
                        className="flex items-center gap-1 px-2 pb-1 pt-3 text-xs font-semibold uppercase tracking-wide text-muted"
                      >
                        {channels?.find((channel) => channel.id === result.channelId)?.kind === "PRIVATE" ? (
                          <Lock aria-label="Private channel" className="size-3.5" />
                        ) : (
                          <Hash className="size-3.5" />
                        )}
                        <span className="truncate">{result.channelName}</span>
                      </li>
                    )}
                    <li>
                      <ResultCard result={result} terms={terms} onOpen={() => openResult(result)} />
                    </li>
                  </Fragment>
                ))}
              </ol>
            )}
            {state.results && state.nextCursor && loading !== "search" && (
              <div className="flex justify-center pt-3">
                <Button
                  variant="secondary"
                  pending={loading === "more"}
                  onClick={() => void run(state.shown, state.filters, state.nextCursor)}
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

function ResultCard({ result, terms, onOpen }: { result: SearchResultDTO; terms: string[]; onOpen: () => void }) {
  const snippet = snippetOf(result.content, terms);
  return (
    <button
      type="button"
      data-testid="search-result"
      data-message-id={result.id}
      onClick={onOpen}
      aria-label={`${result.author.displayName} in #${result.channelName}: ${snippet || result.attachment?.fileName || "attachment"}`}
      className="group mt-1 flex w-full gap-3 rounded-md bg-main p-3 text-left ring-accent hover:bg-raised focus-visible:outline-none focus-visible:ring-2"
    >
      <Avatar name={result.author.displayName} seed={result.author.id} size={32} />
      <span className="min-w-0 flex-1">
        <span className="flex items-baseline gap-2">
          <span className="truncate text-sm font-medium text-white">{result.author.displayName}</span>
          <time dateTime={result.createdAt} className="shrink-0 text-xs text-faint">
            {new Date(result.createdAt).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}
          </time>
          <span className="ml-auto shrink-0 rounded bg-rail px-1.5 py-0.5 text-[11px] text-muted opacity-0 group-hover:opacity-100 group-focus-visible:opacity-100">
            Jump
          </span>
        </span>
        {snippet && (
          <span className="mt-0.5 block whitespace-pre-wrap break-words text-sm text-text">
            {highlighted(snippet, terms)}
          </span>
        )}
        {result.attachment && (
          <span className="mt-1 flex items-center gap-1 text-xs text-muted">
            <Paperclip aria-hidden className="size-3.5 shrink-0" />
            <span className="truncate">{highlighted(result.attachment.fileName, terms)}</span>
          </span>
        )}
      </span>
    </button>
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
  channels: Pick<ChannelDTO, "id" | "name" | "kind">[] | null;
  onChange: (patch: Partial<Filters>) => void;
}) {
  return (
    <div className="grid grid-cols-2 gap-x-3 gap-y-2 border-b border-black/30 px-4 py-3">
      <AuthorFilter communityId={communityId} value={filters.from} onChange={(from) => onChange({ from })} />
      <label className={labelClass}>
        In channel
        <select
          aria-label="In channel"
          value={filters.channelId}
          onChange={(event) => onChange({ channelId: event.target.value })}
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
          {filters.channelId && !channels?.some((channel) => channel.id === filters.channelId) && (
            <option value={filters.channelId}>…</option>
          )}
        </select>
      </label>
      <label className={labelClass} title="Messages sent after this day">
        After
        <input
          type="date"
          aria-label="After"
          value={filters.after}
          max={filters.before || undefined}
          onChange={(event) => onChange({ after: event.target.value })}
          className={clsx(selectClass, "[color-scheme:dark]")}
        />
      </label>
      <label className={labelClass} title="Messages sent before this day">
        Before
        <input
          type="date"
          aria-label="Before"
          value={filters.before}
          min={filters.after || undefined}
          onChange={(event) => onChange({ before: event.target.value })}
          className={clsx(selectClass, "[color-scheme:dark]")}
        />
      </label>
      <label className={labelClass}>
        Has
        <select
          aria-label="Has"
          value={filters.has}
          onChange={(event) => onChange({ has: event.target.value as SearchHas | "" })}
          className={selectClass}
        >
          <option value="">Anything</option>
          {searchHasValues.map((value) => (
            <option key={value} value={value}>
              {hasLabels[value]}
            </option>
          ))}
        </select>
      </label>
      <div className="flex items-end justify-end">
        {hasFilters(filters) && (
          <button
            type="button"
            onClick={() => onChange(noFilters)}
            className="rounded px-2 py-1.5 text-sm text-muted hover:bg-hover hover:text-text"
          >
            Clear filters
          </button>
        )}
      </div>
    </div>
  );
}

/** "From": a member picked by name (the member list's prefix search), shown as a removable chip. */
function AuthorFilter({
  communityId,
  value,
  onChange,
}: {
  communityId: string;
  value: UserSummary | null;
  onChange: (user: UserSummary | null) => void;
}) {
  const [text, setText] = useState("");
  const [options, setOptions] = useState<MemberDTO[]>([]);
  const [expanded, setExpanded] = useState(false);
  const [active, setActive] = useState(0);

  useEffect(() => {
    if (!expanded) return;
    let cancelled = false;
    const timer = setTimeout(async () => {
      const params = new URLSearchParams({ limit: "8" });
      if (text.trim()) params.set("query", text.trim());
      try {
        const response = await fetch(`/api/communities/${communityId}/members?${params}`, { cache: "no-store" });
        const result = (await response.json()) as Result<{ members: MemberDTO[] }>;
        if (!cancelled) setOptions(result.ok ? result.data.members : []);
      } catch {
        if (!cancelled) setOptions([]);
      }
    }, 150);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [communityId, text, expanded]);

  const choose = (member: MemberDTO) => {
    onChange({ id: member.id, username: member.username, displayName: member.displayName });
    setText("");
    setExpanded(false);
  };

  if (value) {
    return (
      <div className={labelClass}>
        From
        <span className="flex h-[34px] items-center gap-2 rounded bg-rail px-2 text-sm normal-case tracking-normal text-text">
          <Avatar name={value.displayName} seed={value.id} size={18} />
          <span className="min-w-0 flex-1 truncate font-normal">{value.displayName}</span>
          <button
            type="button"
            aria-label={`Remove the filter from ${value.displayName}`}
            className="text-faint hover:text-text"
            onClick={() => onChange(null)}
          >
            <X className="size-4" />
          </button>
        </span>
      </div>
    );
  }
  return (
    <div className="relative">
      <label className={labelClass}>
        From
        <input
          value={text}
          role="combobox"
          aria-label="From"
          aria-expanded={expanded && options.length > 0}
          aria-controls="search-author-options"
          aria-autocomplete="list"
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
            else if (event.key === "Enter" && expanded && options[active]) choose(options[active]);
            else if (event.key === "Escape" && expanded) setExpanded(false);
            else return;
            event.preventDefault(); // Esc closes the list, not the panel
          }}
          className={clsx(selectClass, "placeholder:text-faint")}
        />
      </label>
      {expanded && options.length > 0 && (
        <ul
          id="search-author-options"
          role="listbox"
          aria-label="Members"
          className="absolute inset-x-0 top-full z-10 mt-1 max-h-60 overflow-y-auto rounded bg-rail p-1 shadow-xl ring-1 ring-black/40"
        >
          {options.map((member, index) => (
            <li
              key={member.id}
              role="option"
              aria-selected={index === active}
              onMouseDown={(event) => {
                event.preventDefault();
                choose(member);
              }}
              onMouseEnter={() => setActive(index)}
              className={clsx(
                "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm",
                index === active ? "bg-hover text-white" : "text-text",
              )}
            >
              <Avatar name={member.displayName} seed={member.id} size={20} />
              <span className="truncate">{member.displayName}</span>
              <span className="truncate text-xs text-faint">@{member.username}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
