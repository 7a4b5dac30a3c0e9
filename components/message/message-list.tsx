"use client";

import { clsx } from "clsx";
import { memo } from "react";
import { Virtuoso } from "react-virtuoso";
import { Hash } from "lucide-react";
import { Avatar } from "@/components/ui/avatar";
import { Spinner } from "@/components/ui/button";
import type { ClientMessage } from "./use-channel-messages";

const GROUP_WINDOW_MS = 7 * 60 * 1000;

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: "long", year: "numeric", month: "long", day: "numeric" });

function startsGroup(message: ClientMessage, previous: ClientMessage | undefined) {
  if (!previous || previous.author.id !== message.author.id) return true;
  return new Date(message.createdAt).getTime() - new Date(previous.createdAt).getTime() > GROUP_WINDOW_MS;
}

const sameDay = (a: string, b: string) => new Date(a).toDateString() === new Date(b).toDateString();

type Props = {
  channelName: string;
  messages: ClientMessage[];
  firstItemIndex: number;
  hasOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  onRetry: (nonce: string) => void;
  onDiscard: (nonce: string) => void;
};

/** Virtualized history: starts at the bottom, follows new messages, loads older pages at the top. */
export function MessageList({ channelName, messages, firstItemIndex, hasOlder, loadingOlder, onLoadOlder, onRetry, onDiscard }: Props) {
  return (
    <Virtuoso
      className="flex-1"
      data={messages}
      firstItemIndex={firstItemIndex}
      initialTopMostItemIndex={Math.max(messages.length - 1, 0)}
      alignToBottom
      followOutput={(atBottom) => (atBottom ? "smooth" : false)}
      startReached={onLoadOlder}
      increaseViewportBy={{ top: 600, bottom: 200 }}
      computeItemKey={(_, message) => message.nonce ?? message.id}
      components={{
        Header: () =>
          hasOlder ? (
            <div className="flex justify-center py-4 text-muted">{loadingOlder ? <Spinner /> : <span className="text-xs">Scroll up for older messages</span>}</div>
          ) : (
            <ChannelStart name={channelName} />
          ),
        Footer: () => <div className="h-4" />,
      }}
      itemContent={(index, message) => {
        const previous = messages[index - firstItemIndex - 1];
        return (
          <>
            {(!previous || !sameDay(previous.createdAt, message.createdAt)) && <DateDivider iso={message.createdAt} />}
            <MessageRow message={message} showHeader={startsGroup(message, previous)} onRetry={onRetry} onDiscard={onDiscard} />
          </>
        );
      }}
    />
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

function DateDivider({ iso }: { iso: string }) {
  return (
    <div role="separator" suppressHydrationWarning className="mx-4 my-2 flex items-center gap-2 text-xs font-semibold text-muted">
      <span className="h-px flex-1 bg-line" />
      {dayFormat.format(new Date(iso))}
      <span className="h-px flex-1 bg-line" />
    </div>
  );
}

const MessageRow = memo(function MessageRow({
  message,
  showHeader,
  onRetry,
  onDiscard,
}: {
  message: ClientMessage;
  showHeader: boolean;
  onRetry: (nonce: string) => void;
  onDiscard: (nonce: string) => void;
}) {
  const time = new Date(message.createdAt);
  return (
    <article
      data-testid="message"
      data-message-id={message.status ? undefined : message.id}
      data-status={message.status ?? "sent"}
      aria-label={`${message.author.displayName}: ${message.content}`}
      className={clsx("group relative flex gap-4 px-4 hover:bg-black/10", showHeader ? "mt-4 py-0.5" : "py-0.5")}
    >
      <div className="w-10 shrink-0">
        {showHeader ? (
          <Avatar name={message.author.displayName} seed={message.author.id} />
        ) : (
          <time suppressHydrationWarning dateTime={message.createdAt} className="invisible block pt-1 text-right text-[11px] text-faint group-hover:visible">
            {timeFormat.format(time)}
          </time>
        )}
      </div>
      <div className="min-w-0 flex-1">
        {showHeader && (
          <div className="flex items-baseline gap-2">
            <span className="font-medium text-white">{message.author.displayName}</span>
            <time suppressHydrationWarning dateTime={message.createdAt} title={time.toLocaleString()} className="text-xs text-faint">
              {timeFormat.format(time)}
            </time>
          </div>
        )}
        <p
          className={clsx(
            "whitespace-pre-wrap break-words text-[15px] leading-[1.375rem]",
            message.status === "pending" && "text-faint",
            message.status === "failed" && "text-danger",
          )}
        >
          {message.content}
        </p>
        {message.status === "failed" && message.nonce && (
          <div className="mt-0.5 flex flex-wrap items-center gap-2 text-xs">
            <span className="text-danger">{message.error ?? "Not sent."}</span>
            <button type="button" onClick={() => onRetry(message.nonce!)} className="font-semibold text-[#00a8fc] hover:underline">
              Retry
            </button>
            <button type="button" onClick={() => onDiscard(message.nonce!)} className="text-muted hover:underline">
              Discard
            </button>
          </div>
        )}
      </div>
    </article>
  );
});
