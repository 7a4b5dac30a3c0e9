"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { decodeTime } from "ulid";
import { useChannelReadState, useReadActions } from "@/components/realtime/read-state-provider";
import { openingState } from "@/components/realtime/read-counts";
import type { ChannelDTO, ChannelReadState } from "@/lib/dto";
import { LATEST_POSITION, badgeText } from "@/lib/unread";
import { ReadMarkSchedule } from "./read-mark-schedule";

/** Whether the person can be looking at this page: the tab is visible and the window has focus. */
function usePageAttention() {
  const [attentive, setAttentive] = useState(true);
  useEffect(() => {
    const update = () => setAttentive(document.visibilityState === "visible" && document.hasFocus());
    update();
    document.addEventListener("visibilitychange", update);
    window.addEventListener("focus", update);
    window.addEventListener("blur", update);
    return () => {
      document.removeEventListener("visibilitychange", update);
      window.removeEventListener("focus", update);
      window.removeEventListener("blur", update);
    };
  }, []);
  return attentive;
}

/**
 * The read position of the open channel: it advances to the newest message that has been wholly on
 * screen while the tab was visible and the window focused. While the list follows the conversation
 * in such a window, arriving messages are not counted as unread at all (the reader sees them land),
 * here or in this browser's other tabs, and the position goes to the server at most every few
 * seconds (read-mark-schedule.ts); at once when the channel shows something unread, and when the
 * reader looks away, leaves the channel or the page. What was unread when the channel opened is
 * kept for the "New messages" divider and the banner that jumps to the first unread message.
 */
export function useReadTracking(
  channel: Pick<ChannelDTO, "id" | "communityId">,
  { openedOnAMessage = false, pageState }: { openedOnAMessage?: boolean; pageState?: ChannelReadState | null } = {},
) {
  const state = useChannelReadState(channel.communityId, channel.id);
  const { markChannelRead, watchChannel, watchingChanged } = useReadActions();
  const [openedAt] = useState(() => {
    const opening = openingState(state, pageState);
    return {
      lastReadId: opening?.lastReadId ?? null,
      firstUnreadId: opening?.firstUnreadId ?? null,
      unread: opening?.unread ?? 0,
    };
  });
  // opened on a linked message (search, deep link): the banner would cover it
  const [dismissed, setDismissed] = useState(openedOnAMessage);
  const attentive = usePageAttention();
  const [seenId, setSeenId] = useState("");
  const onSeen = useCallback(
    (messageId: string) => setSeenId((current) => (messageId > current ? messageId : current)),
    [],
  );
  const following = useRef(false);
  const attentiveRef = useRef(attentive);
  attentiveRef.current = attentive;
  const lastReadId = state?.lastReadId ?? "";
  const showsCounts = (state?.unread ?? 0) > 0 || (state?.mentions ?? 0) > 0;

  // one schedule per channel; leaving the channel (or the page) sends what waits
  const send = useRef(markChannelRead);
  send.current = markChannelRead;
  const marks = useMemo(() => new ReadMarkSchedule((messageId) => send.current(channel.id, messageId)), [channel.id]);
  const marksRef = useRef(marks);
  marksRef.current = marks;
  useEffect(() => {
    const leave = () => marks.flush();
    window.addEventListener("beforeunload", leave);
    window.addEventListener("pagehide", leave);
    return () => {
      window.removeEventListener("beforeunload", leave);
      window.removeEventListener("pagehide", leave);
      marks.flush();
    };
  }, [marks]);
  const readUpTo = useRef("");
  readUpTo.current = attentive && seenId > lastReadId ? seenId : "";

  useEffect(
    () =>
      watchChannel(channel.id, {
        watching: () => following.current && attentiveRef.current,
        readUpTo: () => readUpTo.current,
      }),
    [channel.id, watchChannel],
  );
  // stable: the message list restarts its window when this changes
  const onFollowingChange = useCallback(
    (value: boolean) => {
      following.current = value;
      if (!value) marksRef.current.flush();
      watchingChanged();
    },
    [watchingChanged],
  );
  useEffect(() => {
    watchingChanged();
    if (!attentive) marks.flush(); // looked away: what was seen goes now
  }, [attentive, marks, watchingChanged]);

  useEffect(() => {
    if (attentive && seenId && seenId > lastReadId) marks.seen(seenId, showsCounts);
  }, [marks, attentive, seenId, lastReadId, showsCounts]);

  const markAllRead = useCallback(() => {
    setDismissed(true);
    marks.drop();
    markChannelRead(channel.id, LATEST_POSITION);
  }, [channel.id, marks, markChannelRead]);
  // Esc in the channel marks it read (not while a dialog, a menu or a half-written text takes the key).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (document.querySelector('[role="dialog"], [role="menu"], [role="listbox"]')) return;
      const target = event.target as HTMLElement;
      if ((target instanceof HTMLTextAreaElement || target instanceof HTMLInputElement) && target.value) return;
      markAllRead();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [markAllRead]);
  const firstUnreadSeen = openedAt.firstUnreadId !== null && seenId >= openedAt.firstUnreadId;
  return {
    openedAt,
    onSeen,
    onFollowingChange,
    /** shown until the first message that was unread at opening has been on screen */
    banner: !dismissed && openedAt.unread > 0 && !firstUnreadSeen,
    dismiss: () => setDismissed(true),
    markAllRead,
  };
}

const sinceFormat = new Intl.DateTimeFormat(undefined, {
  hour: "numeric",
  minute: "2-digit",
  month: "short",
  day: "numeric",
});

export function UnreadBanner({
  count,
  firstUnreadId,
  onJump,
  onMarkRead,
}: {
  count: number;
  firstUnreadId: string | null;
  onJump: () => void;
  onMarkRead: () => void;
}) {
  const since = firstUnreadId ? sinceFormat.format(new Date(decodeTime(firstUnreadId))) : null;
  return (
    <div
      role="status"
      className="absolute inset-x-4 top-0 z-10 flex items-center justify-between rounded-b-md bg-accent px-3 py-1 text-sm font-medium text-white shadow-lg"
    >
      <button type="button" onClick={onJump} className="min-w-0 flex-1 truncate text-left hover:underline">
        {badgeText(count)} new {count === 1 ? "message" : "messages"}
        {since ? ` since ${since}` : ""}
      </button>
      <button type="button" onClick={onMarkRead} className="ml-3 shrink-0 rounded px-1.5 hover:bg-white/15">
        Mark as read
      </button>
    </div>
  );
}
