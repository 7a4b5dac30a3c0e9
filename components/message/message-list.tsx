"use client";

import { useEffect, useRef, useState } from "react";
import { Virtuoso, type VirtuosoHandle } from "react-virtuoso";
import { ArrowDown, Hash } from "lucide-react";
import { Spinner } from "@/components/ui/button";
import { MessageRow, type MessageActions } from "./message-row";
import type { ClientMessage } from "./use-channel-messages";

export type { MessageActions } from "./message-row";

const GROUP_WINDOW_MS = 7 * 60 * 1000;
const HIGHLIGHT_MS = 2_000;

const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: "long", year: "numeric", month: "long", day: "numeric" });

function startsGroup(message: ClientMessage, previous: ClientMessage | undefined) {
  if (!previous || previous.author.id !== message.author.id || previous.type === "SYSTEM") return true;
  return new Date(message.createdAt).getTime() - new Date(previous.createdAt).getTime() > GROUP_WINDOW_MS;
}

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
  onAtBottomChange?: (atBottom: boolean) => void;
  /** what the top of history shows (default: the channel's welcome) */
  start?: React.ReactNode;
};

/**
 * Virtualized history: starts at the bottom (or at a jumped-to message), follows new messages
 * while at the present, loads older pages at the top and newer ones at the bottom.
 */
export function MessageList(props: Props) {
  const { actions, channelName, start, messages, firstItemIndex, hasOlder, hasNewer, loading, onLoadOlder, onLoadNewer, onJumpToPresent, focusId, onFocused, windowKey, followsLive } = props;
  const { unreadAfterId, onAtBottomChange } = props;
  const dividerId = unreadAfterId != null ? messages.find((m) => !m.status && m.id > unreadAfterId && m.author.id !== actions.me.id)?.id : undefined;
  const list = useRef<VirtuosoHandle>(null);
  const [highlightId, setHighlightId] = useState<string | null>(null);
  const focusIndex = focusId ? messages.findIndex((m) => m.id === focusId) : -1;
  // Where a window of history starts, fixed when the window is made: the focus is cleared right
  // after, and a later value must not move the list.
  const startAt = useRef({ windowKey: -1, index: 0 as number | { index: number; align: "center" } });
  if (startAt.current.windowKey !== windowKey) {
    startAt.current = { windowKey, index: focusIndex >= 0 ? { index: focusIndex, align: "center" } : Math.max(messages.length - 1, 0) };
  }

  useEffect(() => {
    if (!focusId) return;
    const index = messages.findIndex((m) => m.id === focusId);
    if (index >= 0) list.current?.scrollToIndex({ index, align: "center" });
    setHighlightId(focusId);
    onFocused();
    const timer = setTimeout(() => setHighlightId(null), HIGHLIGHT_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs per focus request
  }, [focusId]);

  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      <Virtuoso
        key={windowKey}
        ref={list}
        className="flex-1"
        data={messages}
        firstItemIndex={firstItemIndex}
        initialTopMostItemIndex={startAt.current.index}
        alignToBottom
        // at the present: follow new messages when at the bottom, and always after one's own send
        followOutput={(atBottom) => {
          if (hasNewer || !followsLive()) return false;
          return messages.at(-1)?.status === "pending" ? "auto" : atBottom ? "smooth" : false;
        }}
        atBottomStateChange={onAtBottomChange}
        startReached={onLoadOlder}
        endReached={hasNewer ? onLoadNewer : undefined}
        increaseViewportBy={{ top: 600, bottom: 400 }}
        computeItemKey={(_, message) => message.nonce ?? message.id}
        components={{
          Header: () =>
            hasOlder ? (
              <div className="flex justify-center py-4 text-muted">{loading === "older" ? <Spinner /> : <span className="text-xs">Scroll up for older messages</span>}</div>
            ) : (
              (start ?? <ChannelStart name={channelName} />)
            ),
          Footer: () => (hasNewer ? <div className="flex justify-center py-4 text-muted">{loading === "newer" ? <Spinner /> : null}</div> : <div className="h-4" />),
        }}
        itemContent={(index, message) => {
          const previous = messages[index - firstItemIndex - 1];
          return (
            <>
              {(!previous || !sameDay(previous.createdAt, message.createdAt)) && <DateDivider iso={message.createdAt} />}
              {message.id === dividerId && <NewMessagesDivider />}
              <MessageRow message={message} showHeader={startsGroup(message, previous)} highlighted={highlightId === message.id} actions={actions} />
            </>
          );
        }}
      />
      {hasNewer && (
        <button
          type="button"
          onClick={onJumpToPresent}
          className="absolute inset-x-4 bottom-2 flex items-center justify-between rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-white shadow-lg hover:bg-accent-hover"
        >
          You are viewing older messages
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

function ChannelStart({ name }: { name: string }) {
  return (
    <div className="px-4 pb-4 pt-10">
      <div className="flex size-16 items-center justify-center rounded-full bg-raised">
        <Hash className="size-10 text-white" />
      </div>
      <h3 className="mt-2 text-3xl font-bold text-white">Welcome to #{name}!</h3>
      <p className="text-muted">This is the start of the #{name} channel.</p>
    </div>
  );
}

function NewMessagesDivider() {
  return (
    <div role="separator" aria-label="New messages" className="relative mx-4 my-1 flex items-center">
      <span className="h-px flex-1 bg-danger" />
      <span className="rounded-sm bg-danger px-1 text-[10px] font-bold uppercase leading-4 text-white">New</span>
    </div>
  );
}

function DateDivider({ iso }: { iso: string }) {
  return (
    <div role="separator" suppressHydrationWarning className="mx-4 my-2 flex items-center gap-2 text-xs font-semibold text-muted">
      <span className="h-px flex-1 bg-line" />
      {dayFormat.format(new Date(iso))}
      <span className="h-px flex-1 bg-line" />
    </div>
  );
}
