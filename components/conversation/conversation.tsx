"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import { toast } from "sonner";
import { useBlocks } from "@/components/realtime/read-state-provider";
import { UnreadBanner, useReadTracking } from "./read-tracking";
import { TypingIndicator, useTyping } from "./typing-indicator";
import { Composer } from "@/components/message/composer";
import { MessageList, type MessageActions } from "@/components/message/message-list";
import type { AttachmentDraft, ClientMessage } from "@/components/message/message-state";
import { useChannelMessages } from "@/components/message/use-channel-messages";
import type { MessagePage, ReplyPreviewDTO, UserSummary } from "@/lib/dto";

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
  initialFocusId?: string,
  threadActions?: ThreadActions,
) {
  const [startPage] = useState(() => freshestPage(target.id, initialPage, Boolean(initialFocusId)));
  const history = useChannelMessages(target.id, startPage, me, initialFocusId);
  useEffect(() => {
    if (!history.hasNewer) rememberPage(target.id, history.messages, history.hasOlder);
  }, [target.id, history.messages, history.hasOlder, history.hasNewer]);
  const { jumpTo } = history;
  const [replyTo, setReplyTo] = useState<ReplyPreviewDTO | null>(null);
  const { isBlocked } = useBlocks();
  const typing = useTyping(target.id, me.id, isBlocked);
  const unread = useReadTracking(target, Boolean(initialFocusId));
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

/** A stream as the user sees it: the unread banner, the virtualized history, the composer and who is typing. */
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
  return (
    <div className="relative flex min-h-0 min-w-0 flex-1 flex-col">
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
      />
      <Composer
        channelName={channelName}
        label={composer.label}
        communityId={c.target.communityId}
        channelId={c.target.id}
        canMentionEveryone={c.canModerate}
        replyTo={c.replyTo}
        onCancelReply={() => c.setReplyTo(null)}
        onUpload={(draft, reply) => {
          c.upload(draft, reply);
          composer.onSent?.();
        }}
        onSend={(content, reply) => {
          c.send(content, reply);
          composer.onSent?.();
        }}
        disabledReason={composer.disabledReason}
        slowmodeSeconds={composer.slowmodeSeconds ?? 0}
        cooldownUntil={composer.cooldownUntil ?? 0}
        onTyping={c.typing.notifyTyping}
      />
      <TypingIndicator text={c.typing.text} />
    </div>
  );
}
