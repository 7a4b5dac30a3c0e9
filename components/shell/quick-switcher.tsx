"use client";

import * as RadixDialog from "@radix-ui/react-dialog";
import { clsx } from "clsx";
import { Hash, Lock, MessagesSquare, Search } from "lucide-react";
import { Avatar } from "@/components/ui/avatar";
import { useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { CommunityIcon } from "@/components/ui/community-icon";
import type { SwitchPerson, SwitchTargets } from "@/lib/dto";
import type { Result } from "@/lib/errors";
import { recentVisits, rememberVisit } from "./recent-visits";
import { loadPeople, PEOPLE_DEBOUNCE_MS } from "./people-lookup";

export { recentVisits, rememberVisit, visitKey } from "./recent-visits";

/** What GET /api/switcher answers. */
export type SwitchData = SwitchTargets;

/** One place to jump to. `key` ("channel:<id>", …) is what the recent list remembers. */
export type SwitchTarget = {
  key: string;
  kind: "channel" | "thread" | "person" | "community";
  name: string;
  /** other names that find it (a person's username) */
  aliases?: string[];
  href: string;
  /** the muted text beside the name */
  context: string;
  isPrivate?: boolean;
  avatarUrl?: string | null;
};

/** The API's answer as one list: channels, then followed threads, then communities. */
export function toTargets(data: SwitchData): SwitchTarget[] {
  return [
    ...data.channels.map((channel): SwitchTarget => ({
      key: `channel:${channel.id}`,
      kind: "channel",
      name: channel.name,
      href: `/c/${channel.communityId}/${channel.id}`,
      context: channel.communityName,
      isPrivate: channel.kind === "PRIVATE",
    })),
    ...data.threads.map((thread): SwitchTarget => ({
      key: `thread:${thread.id}`,
      kind: "thread",
      name: thread.name,
      href: `/c/${thread.communityId}/${thread.channelId}?thread=${thread.id}`,
      context: `#${thread.channelName} · ${thread.communityName}`,
    })),
    ...data.communities.map((community): SwitchTarget => ({
      key: `community:${community.id}`,
      kind: "community",
      name: community.name,
      href: `/c/${community.id}`,
      context: "Community",
      avatarUrl: community.avatarUrl,
    })),
  ];
}

/** People found on the server for what was typed: their card opens in the first community shared. */
export function toPersonTargets(people: SwitchPerson[]): SwitchTarget[] {
  return people.map((person) => ({
    key: `person:${person.id}`,
    kind: "person",
    name: person.displayName,
    aliases: [person.username],
    href: `/c/${person.communityId}?member=${person.id}`,
    context: `@${person.username} · ${person.communityName}`,
  }));
}

// ---- ranking ----

/** Lower-cased, without accents, separators (space - _ . /) as one space. */
const normalize = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[\s\-_./]+/g, " ")
    .trim();

const TIER = 1000;
/** A match of an alias (a username) counts a little less than the same match of the name. */
const ALIAS_PENALTY = 100;
const IN_TIER_MAX = 899; // + a recency bonus of at most 90: a tier never overtakes the one above

/** How well `query` (normalized) matches `name`: higher is better, null when it does not. */
export function matchScore(query: string, name: string): number | null {
  const n = normalize(name);
  const q = normalize(query);
  if (!q) return 0;
  const fit = (bonus: number) => Math.max(0, Math.min(IN_TIER_MAX, bonus));
  const shortness = 100 - Math.min(100, n.length - q.length);
  if (n === q) return 5 * TIER;
  if (n.startsWith(q)) return 4 * TIER + fit(shortness);
  const word = n.indexOf(` ${q}`);
  if (word >= 0) return 3 * TIER + fit(shortness - Math.min(50, word));
  const at = n.indexOf(q);
  if (at >= 0) return 2 * TIER + fit(shortness - Math.min(50, at));
  // subsequence: every query letter in order; word starts and runs count, gaps cost
  const letters = q.replace(/ /g, "");
  let score = 400;
  let from = 0;
  let previous = -2;
  for (const letter of letters) {
    const found = n.indexOf(letter, from);
    if (found < 0) return null;
    if (found === 0 || n[found - 1] === " ") score += 15;
    if (found === previous + 1) score += 5;
    else if (previous >= 0) score -= found - previous - 1;
    previous = found;
    from = found + 1;
  }
  return TIER + fit(score);
}

const kindOrder: Record<SwitchTarget["kind"], number> = { channel: 0, thread: 1, person: 2, community: 3 };

/** What was typed without its kind prefix (# channels, * communities, @ people), and that kind. */
export function splitQuery(query: string): { text: string; only?: SwitchTarget["kind"] } {
  const text = query.trimStart();
  const only = ({ "#": "channel", "*": "community", "@": "person" } as const)[text[0]];
  return only ? { text: text.slice(1), only } : { text };
}

/** The text the server is asked about people for, or null when people are not wanted or nothing was typed. */
export function peopleQuery(query: string): string | null {
  const { text, only } = splitQuery(query);
  const wanted = normalize(text) && (!only || only === "person");
  return wanted ? text.trim().toLowerCase().slice(0, 64) : null;
}

/**
 * The results for a query: `#…` channels only, `*…` communities only, `@…` people only. Empty: the
 * recent ones (most recent first), then the rest in their order. Otherwise the matches of the name
 * (or an alias), best first: the whole name, its start, a word's start, anywhere in it, then its
 * letters in order; within a kind of match recent ones first, then the kinds (channel, thread,
 * person, community), then shorter names.
 */
export function rankTargets(query: string, targets: SwitchTarget[], recent: string[], limit = 50): SwitchTarget[] {
  const { text, only } = splitQuery(query);
  const pool = only ? targets.filter((target) => target.kind === only) : targets;
  const recency = new Map(recent.map((key, index) => [key, index]));
  if (!normalize(text)) {
    const recentOnes = pool
      .filter((target) => recency.has(target.key))
      .sort((a, b) => recency.get(a.key)! - recency.get(b.key)!);
    return [...recentOnes, ...pool.filter((target) => !recency.has(target.key))].slice(0, limit);
  }
  const scored: { target: SwitchTarget; score: number; index: number }[] = [];
  pool.forEach((target, index) => {
    const scores = [target.name, ...(target.aliases ?? [])]
      .map((name, index) => {
        const score = matchScore(text, name);
        return score === null ? null : score - (index > 0 ? ALIAS_PENALTY : 0);
      })
      .filter((score) => score !== null);
    if (scores.length === 0) return;
    const score = Math.max(...scores);
    const seen = recency.get(target.key);
    scored.push({ target, score: score + (seen === undefined ? 0 : 90 - Math.min(30, seen) * 3), index });
  });
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      kindOrder[a.target.kind] - kindOrder[b.target.kind] ||
      a.target.name.length - b.target.name.length ||
      a.index - b.index,
  );
  return scored.slice(0, limit).map((entry) => entry.target);
}

// ---- the dialog ----

type Load = { state: "loading" } | { state: "error"; message: string } | { state: "ready"; targets: SwitchTarget[] };

async function loadTargets(): Promise<Result<SwitchData>> {
  const response = await fetch("/api/switcher", { cache: "no-store" });
  return response.json();
}

/**
 * Ctrl/Cmd+K: jump to any channel, followed thread or community by typing part of its name, or to
 * the card of someone sharing a community (looked up on the server as one types).
 * Keyboard first (↑/↓ wrap, Enter opens, Esc closes; focus returns where it was), mouse too.
 * Also records every visited channel, thread and community for the "recent" list.
 */
export function QuickSwitcher({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const router = useRouter();
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [recent, setRecent] = useState<string[]>([]);
  const [people, setPeople] = useState<{ state: "idle" | "searching"; targets: SwitchTarget[] }>({
    state: "idle",
    targets: [],
  });
  const wantedPeople = open ? peopleQuery(query) : null;
  const returnFocus = useRef<Element | null>(null);
  const navigating = useRef(false);
  const list = useRef<HTMLUListElement>(null);
  const baseId = useId();
  const listboxId = `${baseId}-results`;
  const optionId = (index: number) => `${baseId}-option-${index}`;

  // Fresh targets each time it opens (kept while it stays open).
  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    setQuery("");
    setActive(0);
    setRecent(recentVisits());
    setLoad({ state: "loading" });
    loadTargets()
      .then((result) => {
        if (cancelled) return;
        setLoad(
          result.ok ? { state: "ready", targets: toTargets(result.data) } : { state: "error", message: result.message },
        );
      })
      .catch(
        () => !cancelled && setLoad({ state: "error", message: "Could not load your channels: you may be offline." }),
      );
    return () => {
      cancelled = true;
    };
  }, [open]);

  // People matching what is typed; the last answer stays (ranked against the text) until the next.
  useEffect(() => {
    if (wantedPeople === null) {
      setPeople({ state: "idle", targets: [] });
      return;
    }
    let cancelled = false;
    setPeople((current) => ({ ...current, state: "searching" }));
    const timer = setTimeout(() => {
      loadPeople(wantedPeople)
        .then((result) => {
          if (!cancelled) setPeople({ state: "idle", targets: result.ok ? toPersonTargets(result.data) : [] });
        })
        .catch(() => !cancelled && setPeople({ state: "idle", targets: [] }));
    }, PEOPLE_DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [wantedPeople]);

  const results = useMemo(
    () => (load.state === "ready" ? rankTargets(query, [...load.targets, ...people.targets], recent) : []),
    [load, people.targets, query, recent],
  );
  const activeIndex = results.length ? Math.min(active, results.length - 1) : -1;

  useEffect(() => {
    if (activeIndex < 0) return;
    list.current?.querySelector(`[data-index="${activeIndex}"]`)?.scrollIntoView({ block: "nearest" });
  }, [activeIndex]);

  const choose = (target: SwitchTarget) => {
    rememberVisit(target.href);
    navigating.current = true;
    onOpenChange(false);
    router.push(target.href);
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return;
    const count = results.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!count) return;
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((activeIndex + step + count) % count);
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (activeIndex >= 0) choose(results[activeIndex]);
    }
  };

  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/70" />
        <RadixDialog.Content
          data-testid="quick-switcher"
          className="fixed left-1/2 top-[15vh] z-50 flex max-h-[70vh] w-[min(560px,calc(100vw-2rem))] -translate-x-1/2 flex-col rounded-lg bg-main p-4 shadow-2xl outline-none"
          onOpenAutoFocus={() => {
            // opened by a shortcut, not a trigger: remember where focus was (Radix focuses the input next)
            navigating.current = false;
            returnFocus.current = document.activeElement;
          }}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            const previous = returnFocus.current;
            returnFocus.current = null;
            if (!navigating.current && previous instanceof HTMLElement && previous.isConnected) previous.focus();
          }}
        >
          <RadixDialog.Title className="sr-only">Quick switcher</RadixDialog.Title>
          <RadixDialog.Description className="sr-only">
            Type to find a channel, a followed thread, a person or a community. Start with # for channels only, @ for
            people only, * for communities only. Up and down arrows choose, Enter opens.
          </RadixDialog.Description>
          <div className="flex items-center gap-2 rounded-md bg-sidebar px-3 focus-within:ring-2 focus-within:ring-accent">
            <Search className="size-5 shrink-0 text-faint" aria-hidden />
            <input
              role="combobox"
              aria-expanded
              aria-controls={listboxId}
              aria-activedescendant={activeIndex >= 0 ? optionId(activeIndex) : undefined}
              aria-autocomplete="list"
              aria-label="Where would you like to go?"
              placeholder="Where would you like to go?"
              autoComplete="off"
              spellCheck={false}
              value={query}
              onChange={(event) => {
                setQuery(event.target.value);
                setActive(0);
              }}
              onKeyDown={onKeyDown}
              className="min-h-11 w-full bg-transparent text-lg text-strong outline-none placeholder:text-faint"
            />
          </div>
          {load.state === "loading" && (
            <p role="status" className="px-2 py-3 text-sm text-muted">
              Loading…
            </p>
          )}
          {load.state === "error" && (
            <p role="alert" className="px-2 py-3 text-sm text-danger">
              {load.message}
            </p>
          )}
          {load.state === "ready" && results.length === 0 && (
            <p role="status" className="px-2 py-3 text-sm text-muted">
              {people.state === "searching" ? "Searching…" : query.trim() ? "No matches." : "Nothing to jump to yet."}
            </p>
          )}
          <ul
            ref={list}
            id={listboxId}
            role="listbox"
            aria-label="Results"
            className={clsx("mt-2 min-h-0 flex-1 overflow-y-auto", results.length === 0 && "hidden")}
          >
            {results.map((target, index) => {
              const selected = index === activeIndex;
              return (
                <li
                  key={target.key}
                  id={optionId(index)}
                  data-index={index}
                  role="option"
                  aria-selected={selected}
                  onMouseMove={() => index !== activeIndex && setActive(index)}
                  onMouseDown={(event) => event.preventDefault()} // focus stays in the input
                  onClick={() => choose(target)}
                  className={clsx(
                    "flex min-h-8 cursor-pointer items-center gap-2 rounded px-2 py-1 pointer-coarse:min-h-11",
                    selected ? "bg-accent text-white" : "text-text",
                  )}
                >
                  <TargetIcon target={target} selected={selected} />
                  <span className={clsx("min-w-0 truncate", selected ? "text-white" : "text-strong")}>
                    {target.name}
                  </span>
                  <span
                    className={clsx(
                      "ml-auto min-w-0 max-w-[45%] shrink-0 truncate pl-2 text-xs",
                      selected ? "text-white/80" : "text-muted",
                    )}
                  >
                    {target.context}
                  </span>
                </li>
              );
            })}
          </ul>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

function TargetIcon({ target, selected }: { target: SwitchTarget; selected: boolean }) {
  const tone = selected ? "text-white" : "text-faint";
  if (target.kind === "person")
    return <Avatar name={target.name} seed={target.key.slice("person:".length)} size={20} className="shrink-0" />;
  if (target.kind === "community")
    return (
      <CommunityIcon
        name={target.name}
        avatarUrl={target.avatarUrl ?? null}
        className="size-5 shrink-0 overflow-hidden rounded-md bg-raised text-[0.6rem]"
      />
    );
  const Icon = target.kind === "thread" ? MessagesSquare : target.isPrivate ? Lock : Hash;
  return <Icon className={clsx("size-4 shrink-0", tone)} aria-hidden />;
}
