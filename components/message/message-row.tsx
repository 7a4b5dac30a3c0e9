"use client";

import { clsx } from "clsx";
import dynamic from "next/dynamic";
import { memo, useState } from "react";
import { toast } from "sonner";
import {
  ArrowLeft,
  ArrowRight,
  CornerUpLeft,
  Hash,
  MessagesSquare,
  Pencil,
  Pin,
  PinOff,
  Reply,
  SmilePlus,
  Trash2,
} from "lucide-react";
import { ThreadSummary } from "./thread-summary";
import { IconButton } from "@/components/ui/icon-button";
import { BotBadge } from "@/components/ui/bot-badge";
import { Avatar } from "@/components/ui/avatar";
import { useOpenProfile } from "./profile-opener";
import type { MessageAuthor, ReplyPreviewDTO, UserSummary } from "@/lib/dto";
import { plainText } from "@/lib/plain-text";
import { AttachmentView } from "./attachment-view";
import { MessageText } from "./message-text";
import { EmojiPopover, ReactionBar } from "./reactions";
import { sheetActions } from "./sheet-actions";
import type { ClientMessage } from "./message-state";
import { useOpenedOnce } from "@/components/ui/use-opened-once";
import { usePerson } from "@/components/realtime/people";

// the touch sheet (Radix's dialog) loads with its first tap
const MessageActionSheet = dynamic(() => import("./message-action-sheet").then((module) => module.MessageActionSheet), {
  ssr: false,
});

export type MessageActions = {
  me: UserSummary;
  canModerate: boolean;
  canPin: boolean;
  onEdit: (messageId: string, content: string) => Promise<string | null>;
  onRemove: (messageId: string) => Promise<string | null>;
  onReact: (messageId: string, emoji: string, add: boolean) => Promise<string | null>;
  onPin: (messageId: string, pin: boolean) => Promise<string | null>;
  onReply: (reply: ReplyPreviewDTO) => void;
  onJump: (messageId: string) => void;
  onRetry: (nonce: string) => void;
  onDiscard: (nonce: string) => void;
  /** authors the viewer blocked: their messages collapse until shown */
  isBlocked: (userId: string) => boolean;
  /** in a channel (not inside a thread): open a thread from a message, or open an existing one */
  onStartThread?: (messageId: string) => void;
  onOpenThread?: (threadId: string) => void;
};

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });

/** Runs an action and shows its failure, if any, as a toast. */
const report = async (pending: Promise<string | null>) => {
  const failure = await pending;
  if (failure) toast.error(failure);
  return failure;
};

export function replyPreviewOf(message: ClientMessage): ReplyPreviewDTO {
  return { id: message.id, author: message.author, type: message.type, content: message.content, unavailable: false };
}

const typeLabel: Record<string, string> = {
  IMAGE: "Image",
  VIDEO: "Video",
  VOICE: "Voice message",
  FILE: "File",
  SYSTEM: "System message",
  TEXT: "",
};

type RowProps = {
  message: ClientMessage;
  showHeader: boolean;
  highlighted: boolean;
  actions: MessageActions;
  /** the row the message list's single tab stop is on (arrow keys move it) */
  tabStop: boolean;
  editing: boolean;
  onEditing: (messageId: string, editing: boolean) => void;
};

/** Focus ring and tab stop of a row: the list is one tab stop, arrow keys move between rows. */
const rowFocus = (tabStop: boolean, message: ClientMessage) => ({
  tabIndex: tabStop ? 0 : -1,
  "data-row": rowKey(message),
});

/** A row's key in the list: its nonce while it is being sent, then still its nonce (no remount). */
export const rowKey = (message: ClientMessage) => message.nonce ?? message.id;
const rowFocusRing = "outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-accent";

export const MessageRow = memo(function MessageRow(props: RowProps) {
  const { message, showHeader, actions } = props;
  if (message.type === "SYSTEM") return <SystemRow {...props} />;
  if (actions.isBlocked(message.author.id)) return <BlockedRow {...props} />;
  return <ChatRow {...props} showHeader={showHeader || message.replyTo !== null} />;
});

/** A message by someone the viewer blocked: one quiet line until they choose to see it. */
function BlockedRow(props: RowProps) {
  const { message, showHeader, tabStop } = props;
  const [shown, setShown] = useState(false);
  if (shown) return <ChatRow {...props} showHeader />;
  return (
    <div
      data-testid="blocked-message"
      {...rowFocus(tabStop, message)}
      className={clsx(
        "flex items-center gap-2 px-4 py-0.5 pl-[72px] text-sm text-faint",
        rowFocusRing,
        showHeader && "mt-4",
      )}
    >
      <span>Blocked message</span>
      <span aria-hidden>·</span>
      <button type="button" onClick={() => setShown(true)} className="text-muted hover:text-text hover:underline">
        Show message
      </button>
    </div>
  );
}

/** A click on a mention of a person (not @everyone) opens their card. */
function openMentionedProfile(event: React.MouseEvent, openProfile: ReturnType<typeof useOpenProfile>) {
  const name = (event.target as HTMLElement).closest<HTMLElement>("[data-mention]")?.dataset.mention;
  if (openProfile && name && name !== "everyone" && name !== "here") openProfile({ username: name });
}

function ChatRow({ message, showHeader, highlighted, actions, tabStop, editing, onEditing }: RowProps) {
  const openProfile = useOpenProfile();
  const time = new Date(message.createdAt);
  const setEditing = (on: boolean) => onEditing(message.id, on);
  const [confirming, setConfirming] = useState(false);
  const own = message.author.id === actions.me.id;
  const stored = !message.status && !message.removed;
  const canEdit = own && stored;
  const canDelete = stored && (own || actions.canModerate);
  const mentionsMe = !message.removed && (message.mentionsEveryone || message.mentions.includes(actions.me.username));
  const react = (emoji: string, add: boolean) => void report(actions.onReact(message.id, emoji, add));
  const pick = (emoji: string) => react(emoji, !message.reactions.some((r) => r.emoji === emoji && r.me));
  const destroy = async () => {
    await report(actions.onRemove(message.id));
    setConfirming(false);
  };
  // The actions the toolbar and the touch sheet both offer.
  const reply = () => actions.onReply(replyPreviewOf(message));
  const thread =
    actions.onStartThread && actions.onOpenThread
      ? {
          label: message.thread ? "Open thread" : "Create thread",
          run: () => (message.thread ? actions.onOpenThread!(message.thread.id) : actions.onStartThread!(message.id)),
        }
      : undefined;
  const pin = actions.canPin
    ? { pinned: message.pinned, run: () => void report(actions.onPin(message.id, !message.pinned)) }
    : undefined;
  const edit = canEdit ? () => setEditing(true) : undefined;
  const remove = canDelete
    ? { label: own ? "Delete message" : "Remove message", run: () => setConfirming(true) }
    : undefined;
  // Touch screens have no hover, so no toolbar: a tap (or a long press) on the message opens a sheet.
  const [sheetOpen, setSheetOpen] = useState(false);
  const sheetUsed = useOpenedOnce(sheetOpen);
  const openSheet = (event: React.MouseEvent) => {
    if (!stored || editing || !window.matchMedia("(hover: none)").matches) return;
    if ((event.target as Element).closest("a, button, input, textarea, video, audio, [role=button]")) return;
    event.preventDefault();
    setSheetOpen(true);
  };
  // With the row itself focused: E edits, R replies, Delete deletes (after confirming), as in Discord;
  // P opens the author's profile card.
  // a webhook has no profile
  const profile = openProfile && !message.author.webhook ? () => openProfile({ userId: message.author.id }) : undefined;
  const onRowKey = (event: React.KeyboardEvent) => {
    if (event.target !== event.currentTarget || event.altKey || event.ctrlKey || event.metaKey) return;
    const key = event.key.toLowerCase();
    const run =
      key === "e"
        ? edit
        : key === "r" && stored
          ? reply
          : key === "delete"
            ? remove?.run
            : key === "p"
              ? profile
              : undefined;
    if (!run) return;
    event.preventDefault();
    run();
  };

  return (
    <article
      data-testid="message"
      data-message-id={message.status ? undefined : message.id}
      data-status={message.status ?? "sent"}
      data-mentions-me={mentionsMe || undefined}
      data-highlighted={highlighted || undefined}
      aria-label={`${message.author.displayName}: ${message.content || typeLabel[message.type]}`}
      {...rowFocus(tabStop, message)}
      onKeyDown={onRowKey}
      onClick={openSheet}
      onContextMenu={openSheet}
      className={clsx(
        "group relative flex flex-col px-4 py-0.5 transition-colors hover:bg-black/10",
        rowFocusRing,
        showHeader && "mt-4",
        mentionsMe && "border-l-2 border-warning bg-warning/8 hover:bg-warning/12",
        highlighted && "bg-accent/20",
      )}
    >
      {message.replyTo && <ReplyQuote reply={message.replyTo} onJump={actions.onJump} />}
      <div className="flex gap-4">
        <div className="w-10 shrink-0">
          {showHeader ? (
            <AuthorAvatar author={message.author} />
          ) : (
            <time
              suppressHydrationWarning
              dateTime={message.createdAt}
              className="invisible block whitespace-nowrap pt-[3px] text-right text-[10px] leading-4 text-faint group-focus-within:visible group-hover:visible"
            >
              {timeFormat.format(time)}
            </time>
          )}
        </div>
        <div className="min-w-0 flex-1">
          {showHeader && (
            <div className="flex items-baseline gap-2">
              <AuthorName author={message.author} />
              {message.author.bot && <BotBadge />}
              <time
                suppressHydrationWarning
                dateTime={message.createdAt}
                title={time.toLocaleString()}
                className="text-xs text-faint"
              >
                {timeFormat.format(time)}
              </time>
              {message.pinned && <Pin aria-label="Pinned" className="size-3 self-center text-faint" />}
            </div>
          )}
          {message.removed ? (
            <p className="text-[15px] italic text-faint">This message was removed by a moderator.</p>
          ) : editing ? (
            <EditBox
              initial={message.content}
              allowEmpty={message.type !== "TEXT"}
              onCancel={() => setEditing(false)}
              onSave={async (content) => {
                if (!(await report(actions.onEdit(message.id, content)))) setEditing(false);
              }}
            />
          ) : (
            <>
              {message.content && (
                // a click on a mention opens that person's card (their name in the header is the keyboard's way)
                <div
                  onClick={(event) => openMentionedProfile(event, openProfile)}
                  className={clsx(
                    "break-words text-[15px] leading-[1.375rem]",
                    message.status === "pending" && "text-faint",
                    message.status === "failed" && "text-danger",
                  )}
                >
                  <MessageText
                    content={message.content}
                    mentions={message.mentions}
                    mentionsEveryone={message.mentionsEveryone}
                    currentUsername={actions.me.username}
                  />
                  {message.editedAt && (
                    <span
                      className="ml-1 text-[11px] text-faint"
                      title={new Date(message.editedAt).toLocaleString()}
                      suppressHydrationWarning
                    >
                      (edited)
                    </span>
                  )}
                </div>
              )}
              {message.attachment && (
                <AttachmentView
                  type={message.type}
                  attachment={message.attachment}
                  progress={message.status === "pending" ? message.progress : undefined}
                />
              )}
              <ReactionBar reactions={message.reactions} onToggle={react} onPick={pick} />
            </>
          )}
          {message.thread && actions.onOpenThread && (
            <ThreadSummary thread={message.thread} onOpen={actions.onOpenThread} />
          )}
          {confirming && (
            <div className="mt-1 flex items-center gap-2 text-xs" role="alert">
              <span className="text-text">
                {own ? "Delete this message?" : `Remove ${message.author.displayName}'s message?`}
              </span>
              <button type="button" onClick={destroy} className="font-semibold text-danger hover:underline">
                {own ? "Delete" : "Remove"}
              </button>
              <button type="button" onClick={() => setConfirming(false)} className="text-muted hover:underline">
                Cancel
              </button>
            </div>
          )}
          {message.status === "pending" && message.pendingReason && (
            <p className="mt-0.5 text-xs text-faint">{message.pendingReason}</p>
          )}
          {message.status === "failed" && message.nonce && (
            <div className="mt-0.5 flex flex-wrap items-center gap-2 text-xs">
              <span className="text-danger">{message.error ?? "Not sent."}</span>
              <button
                type="button"
                onClick={() => actions.onRetry(message.nonce!)}
                className="font-semibold text-link hover:underline"
              >
                Retry
              </button>
              <button
                type="button"
                onClick={() => actions.onDiscard(message.nonce!)}
                className="text-muted hover:underline"
              >
                Discard
              </button>
            </div>
          )}
        </div>
      </div>
      {stored && !editing && sheetUsed && (
        <MessageActionSheet
          open={sheetOpen}
          onOpenChange={setSheetOpen}
          authorName={message.author.displayName}
          preview={plainText(message.content) || typeLabel[message.type]}
          reacted={message.reactions.filter((r) => r.me).map((r) => r.emoji)}
          onReact={pick}
          actions={sheetActions({
            content: message.content,
            messageId: message.id,
            channelId: message.channelId,
            onReply: reply,
            thread,
            pin,
            onEdit: edit,
            remove,
          })}
        />
      )}
      {stored && !editing && (
        <div className="absolute -top-3 right-4 hidden gap-0.5 [@media(hover:none)]:!hidden rounded border border-black/30 bg-main p-0.5 shadow group-focus-within:flex group-hover:flex">
          <EmojiPopover label="Add reaction" onPick={pick} className="!h-auto !bg-transparent p-1">
            <SmilePlus className="size-4" />
          </EmojiPopover>
          <IconButton label="Reply" onClick={reply}>
            <Reply className="size-4" />
          </IconButton>
          {thread && (
            <IconButton label={thread.label} onClick={thread.run}>
              <MessagesSquare className="size-4" />
            </IconButton>
          )}
          {pin && (
            <IconButton label={pin.pinned ? "Unpin message" : "Pin message"} onClick={pin.run}>
              {pin.pinned ? <PinOff className="size-4" /> : <Pin className="size-4" />}
            </IconButton>
          )}
          {edit && (
            <IconButton label="Edit message" onClick={edit}>
              <Pencil className="size-4" />
            </IconButton>
          )}
          {remove && (
            <IconButton label={remove.label} className="hover:!text-danger" onClick={remove.run}>
              <Trash2 className="size-4" />
            </IconButton>
          )}
        </div>
      )}
    </article>
  );
}

/** The author's picture: opens their profile card where cards open. */
function AuthorAvatar({ author: sent }: { author: MessageAuthor }) {
  const person = usePerson(sent);
  const openProfile = useOpenProfile();
  // a webhook's message keeps the name and image it was posted with, and has no profile
  const author = sent.webhook ? sent : person;
  const avatar = <Avatar name={author.displayName} seed={author.id} src={author.avatarUrl} />;
  if (!openProfile || sent.webhook) return avatar;
  return (
    <button
      type="button"
      tabIndex={-1}
      aria-hidden
      onClick={() => openProfile({ userId: author.id })}
      className="block rounded-full"
    >
      {avatar}
    </button>
  );
}

/**
 * The author's name: opens their profile card where cards open. Out of the Tab order, which goes
 * from a focused message to its actions; the keyboard opens the card with P on a focused message.
 */
function AuthorName({ author: sent }: { author: MessageAuthor }) {
  const person = usePerson(sent);
  const openProfile = useOpenProfile();
  const author = sent.webhook ? sent : person;
  if (!openProfile || sent.webhook) return <span className="font-medium text-strong">{author.displayName}</span>;
  return (
    <button
      type="button"
      tabIndex={-1}
      onClick={() => openProfile({ userId: author.id })}
      className="font-medium text-strong hover:underline focus-visible:underline"
    >
      {author.displayName}
    </button>
  );
}

/** The quoted original above a reply; clicking it jumps there (loading history around it if needed). */
function ReplyQuote({ reply, onJump }: { reply: ReplyPreviewDTO; onJump: (messageId: string) => void }) {
  return (
    <div className="ml-5 flex min-w-0 items-center gap-1 pl-8 text-[13px] text-muted">
      <CornerUpLeft className="size-3.5 shrink-0 -scale-x-100" aria-hidden />
      {reply.unavailable ? (
        <span className="italic text-faint">Original message was deleted</span>
      ) : (
        <button
          type="button"
          onClick={() => onJump(reply.id)}
          className="flex min-w-0 items-center gap-1 hover:text-text"
        >
          <Avatar name={reply.author.displayName} seed={reply.author.id} size={16} />
          <span className="sr-only">Jump to the message from</span>
          <span className="shrink-0 font-medium text-strong/90">@{reply.author.displayName}</span>
          <span className="truncate">
            {plainText(reply.content) || typeLabel[reply.type] || "Click to see attachment"}
          </span>
        </button>
      )}
    </div>
  );
}

function SystemRow({ message, highlighted, actions, tabStop }: RowProps) {
  const event = message.system;
  const name = <span className="font-medium text-strong">{message.author.displayName}</span>;
  let icon = <ArrowRight className="size-4 text-success" />;
  let text = <>{name} joined the community. Say hi!</>;
  if (event?.kind === "channelCreated") {
    icon = <Hash className="size-4 text-muted" />;
    text = (
      <>
        {name} created the channel <span className="font-medium text-strong">#{event.channelName}</span>.
      </>
    );
  } else if (event?.kind === "messagePinned") {
    icon = <Pin className="size-4 text-muted" />;
    text = (
      <>
        {name} pinned{" "}
        <button
          type="button"
          className="font-medium text-strong hover:underline"
          onClick={() => actions.onJump(event.messageId)}
        >
          a message
        </button>{" "}
        to this channel.
      </>
    );
  } else if (event?.kind === "participantAdded") {
    text = (
      <>
        {name} added <span className="font-medium text-strong">{event.names.join(", ")}</span> to the group.
      </>
    );
  } else if (event?.kind === "participantRemoved") {
    icon = <ArrowLeft className="size-4 text-danger" />;
    text = (
      <>
        {name} removed <span className="font-medium text-strong">{event.name}</span> from the group.
      </>
    );
  } else if (event?.kind === "participantLeft") {
    icon = <ArrowLeft className="size-4 text-danger" />;
    text = <>{name} left the group.</>;
  } else if (event?.kind === "conversationRenamed") {
    icon = <Pencil className="size-4 text-muted" />;
    text = event.name ? (
      <>
        {name} named the group <span className="font-medium text-strong">{event.name}</span>.
      </>
    ) : (
      <>{name} removed the group&apos;s name.</>
    );
  }
  return (
    <div
      data-testid="system-message"
      data-message-id={message.id}
      data-highlighted={highlighted || undefined}
      {...rowFocus(tabStop, message)}
      className={clsx(
        "group relative mt-2 flex items-center gap-4 px-4 py-1 text-[15px] text-muted hover:bg-black/10",
        rowFocusRing,
        highlighted && "bg-accent/20",
      )}
    >
      <span className="flex w-10 shrink-0 justify-center">{icon}</span>
      <p className="min-w-0 flex-1">
        {text}{" "}
        <time suppressHydrationWarning dateTime={message.createdAt} className="text-xs text-faint">
          {timeFormat.format(new Date(message.createdAt))}
        </time>
      </p>
      {actions.canModerate && (
        <IconButton
          label="Delete system message"
          className="invisible group-focus-within:visible group-hover:visible hover:!text-danger"
          onClick={() => void report(actions.onRemove(message.id))}
        >
          <Trash2 className="size-4" />
        </IconButton>
      )}
    </div>
  );
}

/** Inline editor: Enter saves, Shift+Enter adds a line, Esc cancels. */
function EditBox({
  initial,
  allowEmpty,
  onSave,
  onCancel,
}: {
  initial: string;
  allowEmpty: boolean;
  onSave: (content: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [text, setText] = useState(initial);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    if ((!text.trim() && !allowEmpty) || saving) return;
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
