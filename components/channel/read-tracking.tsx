"use client";

import { useCallback, useEffect, useState } from "react";
import { decodeTime } from "ulid";
import { useChannelReadState, useReadActions } from "@/components/realtime/read-state-provider";
import type { ChannelDTO } from "@/lib/dto";
import { LATEST_POSITION, badgeText } from "@/lib/unread";
import type { ClientMessage } from "@/components/message/use-channel-messages";

function usePageVisible() {
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    const update = () => setVisible(document.visibilityState === "visible");
    update();
    document.addEventListener("visibilitychange", update);
    return () => document.removeEventListener("visibilitychange", update);
  }, []);
  return visible;
}

/**
 * The read position of the open channel: it advances to the newest message while the list is at
 * the present, scrolled to the bottom and the tab visible. What was unread when the channel opened
 * is kept for the "New messages" divider and the banner that jumps to the first unread message.
 */
export function useReadTracking(channel: Pick<ChannelDTO, "id" | "communityId">, messages: ClientMessage[], hasNewer: boolean, openedOnAMessage = false) {
  const state = useChannelReadState(channel.communityId, channel.id);
  const { markChannelRead } = useReadActions();
  const [openedAt] = useState(() => ({
    lastReadId: state?.lastReadId ?? null,
    firstUnreadId: state?.firstUnreadId ?? null,
    unread: state?.unread ?? 0,
  }));
  const [atBottom, setAtBottom] = useState(true);
  // opened on a linked message (search, deep link): the banner would cover it
  const [dismissed, setDismissed] = useState(openedOnAMessage);
  const visible = usePageVisible();
  const newestId = messages.findLast((m) => !m.status)?.id;
  const lastReadId = state?.lastReadId ?? "";

  useEffect(() => {
    if (!atBottom || hasNewer || !visible || !newestId || newestId <= lastReadId) return;
    const timer = setTimeout(() => markChannelRead(channel.id, newestId), 250);
    return () => clearTimeout(timer);
  }, [atBottom, hasNewer, visible, newestId, lastReadId, channel.id, markChannelRead]);

  const firstUnreadLoaded = openedAt.firstUnreadId !== null && messages.some((m) => m.id === openedAt.firstUnreadId);
  const markAllRead = useCallback(() => {
    setDismissed(true);
    markChannelRead(channel.id, LATEST_POSITION);
  }, [channel.id, markChannelRead]);
  return {
    openedAt,
    setAtBottom,
    /** shown while the first unread message is out of sight (not loaded, or scrolled away from) */
    banner: !dismissed && openedAt.unread > 0 && (!firstUnreadLoaded || !atBottom),
    dismiss: () => setDismissed(true),
    markAllRead,
  };
}

const sinceFormat = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit", month: "short", day: "numeric" });

export function UnreadBanner({ count, firstUnreadId, onJump, onMarkRead }: { count: number; firstUnreadId: string | null; onJump: () => void; onMarkRead: () => void }) {
  const since = firstUnreadId ? sinceFormat.format(new Date(decodeTime(firstUnreadId))) : null;
  return (
    <div role="status" className="absolute inset-x-4 top-0 z-10 flex items-center justify-between rounded-b-md bg-accent px-3 py-1 text-sm font-medium text-white shadow-lg">
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
