"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { decodeTime } from "ulid";
import { useChannelReadState, useReadActions } from "@/components/realtime/read-state-provider";
import type { ChannelDTO } from "@/lib/dto";
import { LATEST_POSITION, badgeText } from "@/lib/unread";

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
 * in such a window, arriving messages are not counted as unread at all (the reader sees them land).
 * What was unread when the channel opened is kept for the "New messages" divider and the banner
 * that jumps to the first unread message.
 */
export function useReadTracking(channel: Pick<ChannelDTO, "id" | "communityId">, openedOnAMessage = false) {
  const state = useChannelReadState(channel.communityId, channel.id);
  const { markChannelRead, watchChannel } = useReadActions();
  const [openedAt] = useState(() => ({
    lastReadId: state?.lastReadId ?? null,
    firstUnreadId: state?.firstUnreadId ?? null,
    unread: state?.unread ?? 0,
  }));
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
  const onFollowingChange = useCallback((value: boolean) => void (following.current = value), []);
  const lastReadId = state?.lastReadId ?? "";

  useEffect(
    () => watchChannel(channel.id, () => following.current && attentiveRef.current),
    [channel.id, watchChannel],
  );

  // a short pause gathers a burst of rows into one mark; leaving the channel marks at once
  const pendingMark = useRef<string | null>(null);
  useEffect(() => {
    if (!attentive || !seenId || seenId <= lastReadId) {
      pendingMark.current = null;
      return;
    }
    pendingMark.current = seenId;
    const timer = setTimeout(() => {
      pendingMark.current = null;
      markChannelRead(channel.id, seenId);
    }, 100);
    return () => clearTimeout(timer);
  }, [attentive, seenId, lastReadId, channel.id, markChannelRead]);
  useEffect(
    () => () => {
      if (pendingMark.current) markChannelRead(channel.id, pendingMark.current);
      pendingMark.current = null;
    },
    [channel.id, markChannelRead],
  );

  const markAllRead = useCallback(() => {
    setDismissed(true);
    markChannelRead(channel.id, LATEST_POSITION);
  }, [channel.id, markChannelRead]);
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
