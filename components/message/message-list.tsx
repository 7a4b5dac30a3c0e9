"use client";

import { useCallback, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from "react";
import { Virtuoso, type IndexLocationWithAlign, type VirtuosoHandle } from "react-virtuoso";
import { ArrowDown, Hash } from "lucide-react";
import { Spinner } from "@/components/ui/button";
import { badgeText } from "@/lib/unread";
import { MessageRow, rowKey, type MessageActions } from "./message-row";
import { PreloadMarkdownRenderer, useMarkdownRenderer } from "./message-text";
import type { ClientMessage } from "./message-state";

export type { MessageActions } from "./message-row";

const GROUP_WINDOW_MS = 7 * 60 * 1000;
const HIGHLIGHT_MS = 2_000;

const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: "long",
  year: "numeric",
  month: "long",
  day: "numeric",
});

function startsGroup(message: ClientMessage, previous: ClientMessage | undefined) {
  if (!previous || previous.author.id !== message.author.id || previous.type === "SYSTEM") return true;
  // one webhook posts under many names and images
  if (
    message.author.webhook &&
    (message.author.displayName !== previous.author.displayName ||
      message.author.avatarUrl !== previous.author.avatarUrl)
  )
    return true;
  return new Date(message.createdAt).getTime() - new Date(previous.createdAt).getTime() > GROUP_WINDOW_MS;
}

const noSubscription = () => () => {};

const sameDay = (a: string, b: string) => new Date(a).toDateString() === new Date(b).toDateString();

type Props = {
  actions: MessageActions;
  channelName: string;
  messages: ClientMessage[];
  firstItemIndex: number;
  hasOlder: boolean;
  hasNewer: boolean;
  loading: "older" | "newer" | "jump" | null;
  onLoadOlder: () => void;
  onLoadNewer: () => void;
  onJumpToPresent: () => void;
  /** a message to bring into view and highlight (after a jump) */
  focusId: string | null;
  onFocused: () => void;
  /** changes when the window of history is replaced: the list starts over at the focus */
  windowKey: number;
  /** false while the newest rows came from paging down after a jump: the list must not run to the end */
  followsLive: () => boolean;
  /** the "New messages" divider goes before the first message after this position not sent by me */
  unreadAfterId?: string | null;
  /** the newest stored message whose whole row has been on screen (for read tracking) */
  onSeen?: (messageId: string) => void;
  /** whether the list follows the conversation (at the bottom of the present) */
  onFollowingChange?: (following: boolean) => void;
  /** what the top of history shows (default: the channel's welcome) */
  start?: React.ReactNode;
  /** commands for the rest of the conversation (the composer's ↑ edits the last own message) */
  commands?: React.RefObject<ListCommands | null>;
};

export type ListCommands = {
  /** starts editing the newest own message still editable; false if there is none */
  editLast: () => boolean;
};

/** Rows the arrow keys move by with Page Up / Page Down. */
const PAGE_ROWS = 10;

/** How close to the bottom (px) still counts as reading the newest messages. */
const FOLLOW_THRESHOLD_PX = 80;
/** Frames a start row may take to show before the list counts as settled anyway. */
const SETTLE_MAX_FRAMES = 120;

/** Whether a row is drawn (not hidden while the list seeks) with its top inside the scroller's box. */
function shownWithin(row: HTMLElement, scroller: HTMLElement) {
  if (row.checkVisibility && !row.checkVisibility({ visibilityProperty: true })) return false;
  const rect = row.getBoundingClientRect();
  const box = scroller.getBoundingClientRect();
  return rect.height > 0 && rect.top >= box.top - 1 && rect.top < box.bottom;
}

/** How close to the top of what is loaded (px) fetches the next older page. */
const OLDER_AHEAD_PX = 300;

/**
 * Virtualized history: opens at the first unread message (or the newest, fully visible), follows
 * the conversation while the reader is at the bottom (new messages, growing rows, late media, a
 * resized pane; always after one's own send), never moves while they read further up (a bar counts
 * what arrived meanwhile), loads older pages at the top and newer ones at the bottom.
 */
export function MessageList(props: Props) {
  const {
    actions,
    channelName,
    start,
    messages,
    firstItemIndex,
    hasOlder,
    hasNewer,
    loading,
    onLoadOlder,
    onLoadNewer,
    onJumpToPresent,
    focusId,
    onFocused,
    windowKey,
    followsLive,
  } = props;
  const { unreadAfterId, onSeen, onFollowingChange, commands } = props;
  const dividerId =
    unreadAfterId != null
      ? messages.find((m) => !m.status && m.id > unreadAfterId && m.author.id !== actions.me.id)?.id
      : undefined;
  const list = useRef<VirtuosoHandle>(null);
  const scroller = useRef<HTMLElement | null>(null);
  const [highlightId, setHighlightId] = useState<string | null>(null);
  // One tab stop for the whole list: the row last focused, else the newest.
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const tabKey =
    activeKey && messages.some((m) => rowKey(m) === activeKey)
      ? activeKey
      : messages.length
        ? rowKey(messages[messages.length - 1])
        : null;
  // The message being edited (one at a time); where focus goes back to when it ends.
  const [editingId, setEditingId] = useState<string | null>(null);
  const focusAfterEdit = useRef<HTMLElement | null>(null);
  const onEditing = useCallback((messageId: string, on: boolean) => {
    setEditingId((current) => (on ? messageId : current === messageId ? null : current));
  }, []);
  useEffect(() => {
    if (editingId || !focusAfterEdit.current) return;
    focusAfterEdit.current.focus();
    focusAfterEdit.current = null;
  }, [editingId]);
  // The server cannot lay out a virtual list: it sends the skeleton, and so does hydration. A
  // client-side navigation renders the list at once.
  const inBrowser = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  // rows render once, as markdown: the list waits for the renderer's chunk behind the skeleton
  const markdownSettled = useMarkdownRenderer().settled;
  const [ready, setReady] = useState(false);
  const focusIndex = focusId ? messages.findIndex((m) => m.id === focusId) : -1;
  // Where a window of history starts, fixed when the window is made: a linked message, else the
  // first unread one (its divider at the top), else the newest message's bottom edge.
  // A page older than the unread messages (this tab's last view of the channel) gets them from the
  // catch-up: the list waits for the divider instead of following.
  const startAt = useRef<{
    listKey: string;
    location: IndexLocationWithAlign | number;
    startId: string | null;
    following: boolean;
    awaitingDivider: boolean;
  }>({
    listKey: "",
    startId: null,
    location: 0,
    following: true,
    awaitingDivider: false,
  });
  // bumps when the list starts over on the same window (the awaited divider arrived)
  const [layout, setLayout] = useState(0);
  const listKey = `${windowKey}.${layout}`;
  if (startAt.current.listKey !== listKey) {
    const dividerIndex = dividerId ? messages.findIndex((m) => m.id === dividerId) : -1;
    const location: IndexLocationWithAlign =
      focusIndex >= 0
        ? { index: focusIndex, align: "center" }
        : dividerIndex >= 0
          ? // Virtuoso reads index 0 at the start with no offset as "no start location"
            { index: dividerIndex, align: "start", offset: dividerIndex === 0 ? -1 : 0 }
          : { index: "LAST", align: "end" };
    const awaitingDivider = unreadAfterId != null && dividerIndex < 0 && focusIndex < 0 && !hasNewer;
    const startId = focusIndex >= 0 ? focusId : dividerIndex >= 0 ? dividerId! : null;
    startAt.current = {
      listKey,
      location,
      startId,
      following: focusIndex < 0 && dividerIndex < 0 && !hasNewer && !awaitingDivider,
      awaitingDivider,
    };
  }

  // following from the start: the end is a scroll position the list keeps, not an item to seek
  const startsAtEnd = startAt.current.following;

  // Following: true at the bottom of the present; only the reader scrolling up ends it.
  const following = useRef(startAt.current.following);
  // the props as of the last render, for callbacks that outlive it (observers, animation frames)
  const latest = useRef({ hasNewer, hasOlder, onLoadOlder, followsLive });
  latest.current = { hasNewer, hasOlder, onLoadOlder, followsLive };
  const lastScrollTop = useRef(0);
  const [followingShown, setFollowingShown] = useState(following.current);
  const setFollowing = useCallback(
    (value: boolean) => {
      if (following.current === value) return;
      following.current = value;
      setFollowingShown(value);
      onFollowingChange?.(value);
    },
    [onFollowingChange],
  );
  const toBottom = useCallback(() => {
    const element = scroller.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, []);
  // Pinned by the list itself whenever anything grows (not Virtuoso's followOutput, which scrolls
  // to its own estimate of the end); instant, as a smooth scroll falls behind the next row.
  const stayAtBottom = useCallback(() => {
    if (following.current && !latest.current.hasNewer && latest.current.followsLive()) toBottom();
  }, [toBottom]);

  // Seen: the newest stored row whose bottom edge is inside the scroller's box.
  const [newestSeen, setNewestSeen] = useState("");
  const measureSeen = useCallback(() => {
    const element = scroller.current;
    if (!element) return;
    const box = element.getBoundingClientRect();
    let newest = "";
    for (const row of element.querySelectorAll<HTMLElement>("[data-seen-id]")) {
      const rect = row.getBoundingClientRect();
      if (rect.height > 0 && rect.bottom <= box.bottom + 1 && rect.bottom > box.top) {
        const id = row.dataset.seenId!;
        if (id > newest) newest = id;
      }
    }
    if (!newest) return;
    setNewestSeen((current) => (newest > current ? newest : current));
    onSeen?.(newest);
  }, [onSeen]);
  const frame = useRef(0);
  const measureSoon = useCallback(() => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(measureSeen);
  }, [measureSeen]);

  // Older pages load when the reader scrolls near the top of what is loaded (the list passes the
  // top on its own while it lays out, and a start at the first unread message may be at the top).
  const settled = useRef(false);
  const loadOlderNearTop = useCallback(() => {
    const { hasOlder, onLoadOlder } = latest.current;
    if (settled.current && hasOlder && scroller.current && scroller.current.scrollTop < OLDER_AHEAD_PX) onLoadOlder();
  }, []);

  // Settled: the list has reached its start location (it passes through other positions on the way,
  // and seeking a start row takes Virtuoso some frames): the start row is shown inside the list.
  const settle = useCallback(() => {
    if (settled.current) return;
    let frames = 0;
    const check = () => {
      const element = scroller.current;
      const { startId } = startAt.current;
      const row = startId ? element?.querySelector<HTMLElement>(`[data-seen-id="${startId}"]`) : null;
      const atStart = !startId || (row && element && shownWithin(row, element));
      if (!atStart && ++frames < SETTLE_MAX_FRAMES) return void requestAnimationFrame(check);
      settled.current = true;
      if (!element || following.current || latest.current.hasNewer || startAt.current.awaitingDivider) return;
      // the first unread message was near the end: the reader is at the bottom and follows
      if (element.scrollHeight - element.scrollTop - element.clientHeight <= FOLLOW_THRESHOLD_PX) {
        setFollowing(true);
        toBottom();
      }
    };
    requestAnimationFrame(() => requestAnimationFrame(check));
  }, [setFollowing, toBottom]);

  // Whether a scroll comes from the reader (wheel, touch, keys, the scrollbar) or from the list itself.
  const readerScrolling = useRef(false);
  const readerPause = useRef<ReturnType<typeof setTimeout>>(undefined);
  const onScroll = useCallback(() => {
    const element = scroller.current;
    if (!element) return;
    const distance = element.scrollHeight - element.scrollTop - element.clientHeight;
    if (readerScrolling.current) {
      if (distance <= FOLLOW_THRESHOLD_PX && !latest.current.hasNewer) setFollowing(true);
      else if (element.scrollTop < lastScrollTop.current - 1) setFollowing(false);
    } else if (
      (following.current || (settled.current && distance <= FOLLOW_THRESHOLD_PX)) &&
      !latest.current.hasNewer &&
      !startAt.current.awaitingDivider
    ) {
      // the list moved itself (laying out, correcting its estimate) and ended at or near the bottom
      setFollowing(true);
      if (distance > 1) toBottom();
    }
    lastScrollTop.current = element.scrollTop;
    measureSoon();
    if (readerScrolling.current) loadOlderNearTop();
  }, [setFollowing, toBottom, measureSoon, loadOlderNearTop]);

  // The pane itself changes size (the composer grows, a reply bar opens, the window turns), or what it holds.
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => {
      stayAtBottom();
      measureSoon();
    });
    observer.observe(element);
    // Rows and the space reserved for unrendered ones change: pinned before anything is painted
    // (Virtuoso reports its new height a frame later): rows resizing, and each commit of the list.
    const rows = element.querySelector('[data-testid="virtuoso-item-list"]');
    const commits = new MutationObserver(stayAtBottom);
    if (rows) {
      observer.observe(rows, { box: "border-box" });
      commits.observe(rows, { attributes: true, attributeFilter: ["style"], childList: true });
    }
    const onAttention = () => measureSoon();
    window.addEventListener("focus", onAttention);
    document.addEventListener("visibilitychange", onAttention);
    const readerStarts = () => {
      clearTimeout(readerPause.current);
      readerScrolling.current = true;
      // at the very top a wheel or key scrolls nothing: no scroll event would ask for older pages
      loadOlderNearTop();
    };
    // a flick keeps scrolling after the finger lifts: that is still the reader's scroll
    const readerStops = (afterMs: number) => () => {
      clearTimeout(readerPause.current);
      readerPause.current = setTimeout(() => (readerScrolling.current = false), afterMs);
    };
    const nudge = () => {
      readerStarts();
      readerStops(250)();
    };
    const inputs: [string, () => void][] = [
      ["wheel", nudge],
      ["keydown", nudge],
      // focus moving into a row out of view (Tab, a skip link) scrolls it: that is the reader too
      ["focusin", nudge],
      ["touchstart", readerStarts],
      ["touchend", readerStops(1500)],
      ["touchcancel", readerStops(1500)],
      ["pointerdown", readerStarts],
      ["pointerup", readerStops(250)],
    ];
    for (const [type, listener] of inputs) element.addEventListener(type, listener, { passive: true });
    return () => {
      for (const [type, listener] of inputs) element.removeEventListener(type, listener);
      clearTimeout(readerPause.current);
      observer.disconnect();
      commits.disconnect();
      window.removeEventListener("focus", onAttention);
      document.removeEventListener("visibilitychange", onAttention);
      cancelAnimationFrame(frame.current);
    };
  }, [listKey, inBrowser, stayAtBottom, measureSoon, loadOlderNearTop]);

  // A new window (a jump, a return to the present) starts as its location says.
  useEffect(() => {
    following.current = startAt.current.following;
    settled.current = false;
    setFollowingShown(following.current);
    onFollowingChange?.(following.current);
    lastScrollTop.current = 0;
  }, [listKey, onFollowingChange]);

  // The awaited divider came with the catch-up: the list starts over with it at the top, unless the
  // reader moved meanwhile.
  useEffect(() => {
    if (!startAt.current.awaitingDivider || !dividerId) return;
    startAt.current.awaitingDivider = false;
    if (following.current || readerScrolling.current) return;
    settled.current = false;
    setReady(false);
    setLayout((n) => n + 1);
  }, [dividerId]);

  // One's own send always shows; hasNewer turning false at the bottom resumes following.
  const newest = messages.at(-1);
  const ownPending = newest?.status === "pending" && newest.author.id === actions.me.id ? newest.nonce : null;
  useLayoutEffect(() => {
    if (!ownPending) return;
    setFollowing(true);
    toBottom();
  }, [ownPending, setFollowing, toBottom]);

  useEffect(() => {
    if (!focusId) return;
    const index = messages.findIndex((m) => m.id === focusId);
    if (index >= 0) {
      setFollowing(false);
      list.current?.scrollToIndex({ index, align: "center" });
    }
    setHighlightId(focusId);
    onFocused();
    const timer = setTimeout(() => setHighlightId(null), HIGHLIGHT_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs per focus request
  }, [focusId]);

  // Messages below what the reader has seen, from others: what the bar counts while they read above.
  const unseenBelow = followingShown
    ? 0
    : messages.filter((m) => !m.status && m.id > newestSeen && m.author.id !== actions.me.id).length;
  const jumpToPresent = () => {
    if (hasNewer) return onJumpToPresent();
    setFollowing(true);
    list.current?.scrollToIndex({ index: "LAST", align: "end" });
    toBottom();
  };

  // Keyboard: focus a row (after bringing it into view; Virtuoso renders it a frame later).
  const focusRow = (index: number) => {
    const message = messages[index];
    if (!message) return;
    const key = rowKey(message);
    setActiveKey(key);
    list.current?.scrollIntoView({ index, behavior: "auto" });
    let frames = 0;
    const tryFocus = () => {
      const row = scroller.current?.querySelector<HTMLElement>(`[data-row="${CSS.escape(key)}"]`);
      if (row) row.focus({ preventScroll: frames === 0 ? false : true });
      else if (++frames < 30) requestAnimationFrame(tryFocus);
    };
    tryFocus();
  };
  const onRowsKeyDown = (event: React.KeyboardEvent) => {
    const row = event.target as HTMLElement;
    if (!row.hasAttribute("data-row") || event.altKey || event.ctrlKey || event.metaKey) return;
    const index = messages.findIndex((m) => rowKey(m) === row.dataset.row);
    if (index < 0) return;
    const last = messages.length - 1;
    const next =
      event.key === "ArrowUp"
        ? index - 1
        : event.key === "ArrowDown"
          ? index + 1
          : event.key === "PageUp"
            ? Math.max(0, index - PAGE_ROWS)
            : event.key === "PageDown"
              ? Math.min(last, index + PAGE_ROWS)
              : event.key === "Home"
                ? 0
                : event.key === "End"
                  ? last
                  : null;
    if (next === null) return;
    event.preventDefault();
    if (next < 0) return void (hasOlder && onLoadOlder());
    if (next > last) return void (hasNewer && onLoadNewer());
    focusRow(next);
  };
  const onRowsFocus = (event: React.FocusEvent) => {
    const key = (event.target as HTMLElement).dataset.row;
    if (key) setActiveKey(key);
  };
  if (commands)
    commands.current = {
      editLast: () => {
        const index = messages.findLastIndex(
          (m) => m.author.id === actions.me.id && !m.status && !m.removed && m.type !== "SYSTEM",
        );
        if (index < 0) return false;
        focusAfterEdit.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        setEditingId(messages[index].id);
        list.current?.scrollIntoView({ index, behavior: "auto" });
        return true;
      },
    };

  return (
    <div
      className="relative flex min-h-0 flex-1 flex-col"
      data-message-list=""
      onKeyDown={onRowsKeyDown}
      onFocus={onRowsFocus}
    >
      <PreloadMarkdownRenderer />
      {inBrowser && markdownSettled && (
        <Virtuoso
          key={listKey}
          ref={list}
          scrollerRef={(element) => {
            scroller.current = element instanceof HTMLElement ? element : null;
          }}
          className="flex-1"
          data={messages}
          firstItemIndex={firstItemIndex}
          // Virtuoso hides the list while it seeks a start item: the end is a scroll position
          {...(startsAtEnd
            ? { initialScrollTop: Number.MAX_SAFE_INTEGER }
            : { initialTopMostItemIndex: startAt.current.location })}
          alignToBottom
          // a message continuing its author's group: the size assumed for rows not yet measured
          defaultItemHeight={26}
          atBottomThreshold={FOLLOW_THRESHOLD_PX}
          totalListHeightChanged={() => {
            settle();
            stayAtBottom();
            measureSoon();
            if (!ready) setReady(true);
          }}
          itemsRendered={measureSoon}
          onScroll={onScroll}
          endReached={hasNewer ? onLoadNewer : undefined}
          increaseViewportBy={{ top: 600, bottom: 400 }}
          computeItemKey={(_, message) => rowKey(message)}
          components={{
            Header: () =>
              hasOlder ? (
                <div className="flex justify-center py-4 text-muted">
                  {loading === "older" ? <Spinner /> : <span className="text-xs">Scroll up for older messages</span>}
                </div>
              ) : ready || messages.length === 0 ? (
                (start ?? <ChannelStart name={channelName} />)
              ) : null,
            Footer: () =>
              hasNewer ? (
                <div className="flex justify-center py-4 text-muted">{loading === "newer" ? <Spinner /> : null}</div>
              ) : (
                <div className="h-4" />
              ),
          }}
          itemContent={(index, message) => {
            const previous = messages[index - firstItemIndex - 1];
            const isDivider = message.id === dividerId;
            return (
              <div data-seen-id={message.status ? undefined : message.id}>
                {(!previous || !sameDay(previous.createdAt, message.createdAt)) && (
                  <DateDivider iso={message.createdAt} />
                )}
                {isDivider && <NewMessagesDivider />}
                <MessageRow
                  message={message}
                  showHeader={isDivider || startsGroup(message, previous)}
                  highlighted={highlightId === message.id}
                  actions={actions}
                  tabStop={rowKey(message) === tabKey}
                  editing={editingId === message.id}
                  onEditing={onEditing}
                />
              </div>
            );
          }}
        />
      )}
      {!ready && messages.length > 0 && <HistorySkeleton />}
      {(hasNewer || unseenBelow > 0) && (
        <button
          type="button"
          onClick={jumpToPresent}
          className="absolute inset-x-4 bottom-2 flex items-center justify-between rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-white shadow-lg hover:bg-accent-hover"
        >
          {unseenBelow > 0
            ? `${badgeText(unseenBelow)} new ${unseenBelow === 1 ? "message" : "messages"}`
            : "You are viewing older messages"}
          <span className="flex items-center gap-1">
            Jump to present <ArrowDown className="size-4" />
          </span>
        </button>
      )}
      {loading === "jump" && (
        <div className="absolute inset-0 flex items-center justify-center bg-main/60" aria-label="Loading messages">
          <Spinner />
        </div>
      )}
    </div>
  );
}

/** What shows until the list is laid out in the browser: never the "start of the channel". */
function HistorySkeleton() {
  const widths = ["w-2/3", "w-1/2", "w-3/4", "w-2/5", "w-1/2", "w-3/5"];
  return (
    <div
      role="status"
      aria-label="Loading messages"
      className="absolute inset-0 flex flex-col justify-end gap-5 overflow-hidden bg-main px-4 pb-6"
    >
      {widths.map((width, i) => (
        <div key={i} className="flex animate-pulse gap-4">
          <div className="size-10 shrink-0 rounded-full bg-raised" />
          <div className="flex min-w-0 flex-1 flex-col gap-2 pt-1">
            <div className="h-3 w-32 rounded bg-raised" />
            <div className={`h-3 rounded bg-raised/70 ${width}`} />
          </div>
        </div>
      ))}
    </div>
  );
}

function ChannelStart({ name }: { name: string }) {
  return (
    <div className="px-4 pb-4 pt-10">
      <div className="flex size-16 items-center justify-center rounded-full bg-raised">
        <Hash className="size-10 text-strong" />
      </div>
      <h3 className="mt-2 text-3xl font-bold text-strong">Welcome to #{name}!</h3>
      <p className="text-muted">This is the start of the #{name} channel.</p>
    </div>
  );
}

function NewMessagesDivider() {
  return (
    <div role="separator" aria-label="New messages" className="relative mx-4 my-1 flex items-center">
      <span className="h-px flex-1 bg-danger-solid" />
      <span className="rounded-sm bg-danger-solid px-1 text-[10px] font-bold uppercase leading-4 text-white">New</span>
    </div>
  );
}

function DateDivider({ iso }: { iso: string }) {
  return (
    <div
      role="separator"
      suppressHydrationWarning
      className="mx-4 my-2 flex items-center gap-2 text-xs font-semibold text-muted"
    >
      <span className="h-px flex-1 bg-line" />
      {dayFormat.format(new Date(iso))}
      <span className="h-px flex-1 bg-line" />
    </div>
  );
}
