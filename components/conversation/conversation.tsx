"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { Upload } from "lucide-react";
import { useBlocks } from "@/components/realtime/read-state-provider";
import { UnreadBanner, useReadTracking } from "./read-tracking";
import { TypingIndicator, useTyping } from "./typing-indicator";
import { attachFiles } from "@/components/message/attach-files";
import { Composer } from "@/components/message/composer";
import { MessageList, type ListCommands, type MessageActions } from "@/components/message/message-list";
import type { AttachmentDraft, ClientMessage } from "@/components/message/message-state";
import { MessageTextContext } from "@/components/message/message-text-context";
import { useMessageTextContext } from "@/components/message/message-text-scope";
import { useChannelMessages } from "@/components/message/use-channel-messages";
import type { ChannelReadState, MessagePage, ReplyPreviewDTO, UserSummary } from "@/lib/dto";

type Target = { id: string; communityId: string };

/** The newest messages of the conversations this tab showed lately: a revisit starts from them, then catches up. */
const recentPages = new Map<string, MessagePage>();
const RECENT_CONVERSATIONS = 30;
const RECENT_PAGE_SIZE = 50;

function rememberPage(id: string, messages: ClientMessage[], hasOlder: boolean) {
  const stored = messages.filter((m) => !m.status);
  recentPages.delete(id);
  recentPages.set(id, {
    messages: stored.slice(-RECENT_PAGE_SIZE),
    hasOlder: hasOlder || stored.length > RECENT_PAGE_SIZE,
    hasNewer: false,
  });
  if (recentPages.size > RECENT_CONVERSATIONS) recentPages.delete(recentPages.keys().next().value!);
}

/** The page to open with: the server's, unless this tab holds a newer view of the present. */
function freshestPage(id: string, fromServer: MessagePage, focused: boolean): MessagePage {
  const remembered = recentPages.get(id);
  if (focused || fromServer.hasNewer || !remembered) return fromServer;
  const newest = (page: MessagePage) => page.messages.at(-1)?.id ?? "";
  return newest(remembered) > newest(fromServer) ? remembered : fromServer;
}
type ThreadActions = Pick<MessageActions, "onStartThread" | "onOpenThread">;

/**
 * The live state of one message stream (a channel or a thread): history, read tracking, typing,
 * the message actions and the reply being written.
 */
export function useConversation(
  target: Target,
  initialPage: MessagePage,
  me: UserSummary,
  canModerate: boolean,
  opening: {
    focusId?: string;
    readState?: ChannelReadState | null;
    threadActions?: ThreadActions;
    /** pinning is for moderators, and for anyone in a direct or group conversation */
    canPin?: boolean;
  } = {},
) {
  const { focusId: initialFocusId, threadActions } = opening;
  const canPin = opening.canPin ?? canModerate;
  const [startPage] = useState(() => freshestPage(target.id, initialPage, Boolean(initialFocusId)));
  const history = useChannelMessages(target.id, startPage, me, initialFocusId);
  useEffect(() => {
    if (!history.hasNewer) rememberPage(target.id, history.messages, history.hasOlder);
  }, [target.id, history.messages, history.hasOlder, history.hasNewer]);
  const { jumpTo } = history;
  const [replyTo, setReplyTo] = useState<ReplyPreviewDTO | null>(null);
  const { isBlocked } = useBlocks();
  const typing = useTyping(target.id, me.id, isBlocked);
  const unread = useReadTracking(target, { openedOnAMessage: Boolean(initialFocusId), pageState: opening.readState });
  const jump = useCallback(
    async (messageId: string) => {
      const failure = await jumpTo(messageId);
      if (failure) toast.error(failure);
    },
    [jumpTo],
  );
  const onStartThread = threadActions?.onStartThread;
  const onOpenThread = threadActions?.onOpenThread;
  const actions: MessageActions = useMemo(
    () => ({
      me,
      canModerate,
      canPin,
      onEdit: history.edit,
      onRemove: history.remove,
      onReact: history.react,
      onPin: history.pin,
      onReply: setReplyTo,
      onJump: jump,
      onRetry: history.retry,
      onDiscard: history.discard,
      isBlocked,
      onStartThread,
      onOpenThread,
    }),
    [
      me,
      canModerate,
      canPin,
      history.edit,
      history.remove,
      history.react,
      history.pin,
      jump,
      history.retry,
      history.discard,
      isBlocked,
      onStartThread,
      onOpenThread,
    ],
  );
  const send = (content: string, reply: ReplyPreviewDTO | null) => {
    history.send(content, reply);
    typing.resetTyping();
    setReplyTo(null);
  };
  const upload = (draft: AttachmentDraft, reply: ReplyPreviewDTO | null) => {
    history.upload(draft, reply);
    setReplyTo(null);
  };
  return { target, canModerate, history, jump, actions, replyTo, setReplyTo, typing, unread, send, upload };
}

type ComposerSettings = {
  /** the textbox's name (default "Message #<channel>") */
  label?: string;
  disabledReason?: string;
  slowmodeSeconds?: number;
  cooldownUntil?: number;
  /** after a send or an upload was handed over (slowmode starts its cooldown) */
  onSent?: () => void;
};

/**
 * Files dragged over the conversation: whether the overlay shows, and the handlers. Entering and
 * leaving child elements fire in pairs, so a depth count tells when the files left the whole area.
 */
function useFileDrop(enabled: boolean, onFiles: (files: FileList) => void) {
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const hasFiles = (event: React.DragEvent) => Array.from(event.dataTransfer.types).includes("Files");
  const handlers = {
    onDragEnter: (event: React.DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth.current += 1;
      setOver(true);
    },
    onDragOver: (event: React.DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = enabled ? "copy" : "none";
    },
    onDragLeave: (event: React.DragEvent) => {
      if (!hasFiles(event)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setOver(false);
    },
    onDrop: (event: React.DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth.current = 0;
      setOver(false);
      onFiles(event.dataTransfer.files);
    },
  };
  return { over: over && enabled, handlers };
}

/**
 * A stream as the user sees it: the unread banner, the virtualized history, the composer and who is
 * typing. Files dropped anywhere on it are uploaded (each its own message). Message text in it links
 * `#channel`s and shows mentioned users by display name.
 */
export function Conversation({
  conversation: c,
  channelName,
  start,
  composer,
}: {
  conversation: ReturnType<typeof useConversation>;
  channelName: string;
  start?: React.ReactNode;
  composer: ComposerSettings;
}) {
  const { history, unread } = c;
  const { communityId } = c.target;
  const listCommands = useRef<ListCommands | null>(null);
  const textContext = useMessageTextContext(communityId, history.messages);
  const { channels } = textContext;
  const upload = (draft: AttachmentDraft, reply: ReplyPreviewDTO | null) => {
    c.upload(draft, reply);
    composer.onSent?.();
  };
  const drop = useFileDrop(!composer.disabledReason, (files) => {
    if (composer.disabledReason) toast.error(composer.disabledReason);
    else attachFiles(files, upload, c.replyTo);
  });
  // a thread names its composer ("Reply in thread"); a channel's reads "Message #name"
  const destination = composer.label ? channelName : `#${channelName}`;
  return (
    <div className="relative flex min-h-0 min-w-0 flex-1 flex-col" {...drop.handlers}>
      {drop.over && (
        <div
          className="pointer-events-none absolute inset-0 z-30 flex items-center justify-center bg-main/85 p-6"
          data-testid="drop-overlay"
        >
          <div className="flex max-w-sm flex-col items-center gap-2 rounded-xl border-2 border-dashed border-accent bg-raised px-8 py-6 text-center shadow-xl">
            <Upload className="size-8 text-accent-text" aria-hidden />
            <p className="text-lg font-semibold break-words text-strong">Drop to upload to {destination}</p>
            <p className="text-sm text-muted">Each file is sent as its own message.</p>
          </div>
        </div>
      )}
      {unread.banner && (
        <UnreadBanner
          count={unread.openedAt.unread}
          firstUnreadId={unread.openedAt.firstUnreadId}
          onJump={() => {
            unread.dismiss();
            if (unread.openedAt.firstUnreadId) void c.jump(unread.openedAt.firstUnreadId);
          }}
          onMarkRead={unread.markAllRead}
        />
      )}
      <MessageTextContext.Provider value={textContext}>
        <MessageList
          actions={c.actions}
          channelName={channelName}
          start={start}
          messages={history.messages}
          firstItemIndex={history.firstItemIndex}
          hasOlder={history.hasOlder}
          hasNewer={history.hasNewer}
          loading={history.loading}
          onLoadOlder={history.loadOlder}
          onLoadNewer={history.loadNewer}
          onJumpToPresent={() => void history.jumpTo(null)}
          focusId={history.focusId}
          onFocused={history.clearFocus}
          windowKey={history.windowKey}
          followsLive={history.followsLive}
          unreadAfterId={unread.openedAt.unread > 0 ? unread.openedAt.lastReadId : null}
          onSeen={unread.onSeen}
          onFollowingChange={unread.onFollowingChange}
          commands={listCommands}
        />
      </MessageTextContext.Provider>
      <Composer
        channelName={channelName}
        label={composer.label}
        communityId={c.target.communityId}
        channelId={c.target.id}
        canMentionEveryone={c.canModerate}
        channels={channels}
        replyTo={c.replyTo}
        onCancelReply={() => c.setReplyTo(null)}
        onUpload={upload}
        onSend={(content, reply) => {
          c.send(content, reply);
          composer.onSent?.();
        }}
        disabledReason={composer.disabledReason}
        slowmodeSeconds={composer.slowmodeSeconds ?? 0}
        cooldownUntil={composer.cooldownUntil ?? 0}
        onTyping={c.typing.notifyTyping}
        onArrowUpEmpty={() => listCommands.current?.editLast()}
      />
      <TypingIndicator text={c.typing.text} />
    </div>
  );
}
