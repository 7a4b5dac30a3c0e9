"use client";

import { clsx } from "clsx";
import { memo, useState } from "react";
import { toast } from "sonner";
import { Virtuoso } from "react-virtuoso";
import { Hash, Pencil, Trash2 } from "lucide-react";
import { IconButton } from "@/components/ui/icon-button";
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

export type MessageActions = {
  meId: string;
  canModerate: boolean;
  onEdit: (messageId: string, content: string) => Promise<string | null>;
  onRemove: (messageId: string) => Promise<string | null>;
};

type Props = {
  actions: MessageActions;
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
export function MessageList({ actions, channelName, messages, firstItemIndex, hasOlder, loadingOlder, onLoadOlder, onRetry, onDiscard }: Props) {
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
            <MessageRow message={message} showHeader={startsGroup(message, previous)} onRetry={onRetry} onDiscard={onDiscard} actions={actions} />
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
  actions,
}: {
  message: ClientMessage;
  showHeader: boolean;
  onRetry: (nonce: string) => void;
  onDiscard: (nonce: string) => void;
  actions: MessageActions;
}) {
  const time = new Date(message.createdAt);
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const own = message.author.id === actions.meId;
  const stored = !message.status && !message.removed;
  const canEdit = own && stored;
  const canDelete = stored && (own || actions.canModerate);
  const destroy = async () => {
    const failure = await actions.onRemove(message.id);
    setConfirming(false);
    if (failure) toast.error(failure);
  };
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
        {message.removed ? (
          <p className="text-[15px] italic text-faint">This message was removed by a moderator.</p>
        ) : editing ? (
          <EditBox
            initial={message.content}
            onCancel={() => setEditing(false)}
            onSave={async (content) => {
              const failure = await actions.onEdit(message.id, content);
              if (failure) toast.error(failure);
              else setEditing(false);
            }}
          />
        ) : (
          <p
            className={clsx(
              "whitespace-pre-wrap break-words text-[15px] leading-[1.375rem]",
              message.status === "pending" && "text-faint",
              message.status === "failed" && "text-danger",
            )}
          >
            {message.content}
            {message.editedAt && (
              <span className="ml-1 text-[11px] text-faint" title={new Date(message.editedAt).toLocaleString()} suppressHydrationWarning>
                (edited)
              </span>
            )}
          </p>
        )}
        {confirming && (
          <div className="mt-1 flex items-center gap-2 text-xs" role="alert">
            <span className="text-text">{own ? "Delete this message?" : `Remove ${message.author.displayName}'s message?`}</span>
            <button type="button" onClick={destroy} className="font-semibold text-danger hover:underline">
              {own ? "Delete" : "Remove"}
            </button>
            <button type="button" onClick={() => setConfirming(false)} className="text-muted hover:underline">
              Cancel
            </button>
          </div>
        )}
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
      {(canEdit || canDelete) && !editing && (
        <div className="absolute -top-3 right-4 hidden gap-0.5 rounded border border-black/30 bg-main p-0.5 shadow group-focus-within:flex group-hover:flex">
          {canEdit && (
            <IconButton label="Edit message" onClick={() => setEditing(true)}>
              <Pencil className="size-4" />
            </IconButton>
          )}
          {canDelete && (
            <IconButton label={own ? "Delete message" : "Remove message"} className="hover:!text-danger" onClick={() => setConfirming(true)}>
              <Trash2 className="size-4" />
            </IconButton>
          )}
        </div>
      )}
    </article>
  );
});

/** Inline editor: Enter saves, Shift+Enter adds a line, Esc cancels. */
function EditBox({ initial, onSave, onCancel }: { initial: string; onSave: (content: string) => Promise<void>; onCancel: () => void }) {
  const [text, setText] = useState(initial);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    if (!text.trim() || saving) return;
    setSaving(true);
    await onSave(text);
    setSaving(false);
  };
  return (
    <div className="mt-1">
      <textarea
        autoFocus
        aria-label="Edit message"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") onCancel();
          if (e.key === "Enter" && !e.shiftKey) {
            e.preventDefault();
            save();
          }
        }}
        className="w-full resize-none rounded bg-raised px-3 py-2 text-[15px] text-text outline-none focus:ring-2 focus:ring-accent"
        rows={Math.min(8, text.split("\n").length + 1)}
      />
      <p className="text-xs text-muted">Enter to save · Esc to cancel</p>
    </div>
  );
}
