"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { useCallback, useEffect, useState } from "react";
import { toast } from "sonner";
import {
  Archive,
  ArchiveRestore,
  Bell,
  BellOff,
  CheckCircle2,
  CircleDot,
  Clock,
  Lock,
  MessagesSquare,
  MoreHorizontal,
  Pencil,
  Unlock,
  X,
} from "lucide-react";
import { IconButton } from "@/components/ui/icon-button";
import { useSocket, useSocketEvent } from "@/components/realtime/socket-provider";
import { request } from "@/components/realtime/request";
import { Conversation, useConversation } from "@/components/conversation/conversation";
import { useEscapeToClose } from "@/components/ui/use-escape-to-close";
import {
  AUTO_ARCHIVE_MINUTES,
  type MessagePage,
  type ReplyPreviewDTO,
  type Role,
  type ThreadDTO,
  type ThreadView,
  type UserSummary,
} from "@/lib/dto";
import { Avatar } from "@/components/ui/avatar";
import { plainText } from "@/lib/plain-text";
import type { Result } from "@/lib/errors";
import { ThreadBadges, replyCountText } from "@/components/message/thread-summary";

const archiveLabels: Record<number, string> = { 60: "1 hour", 1440: "24 hours", 4320: "3 days", 10080: "7 days" };
const itemClass =
  "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm font-medium text-text outline-none data-[highlighted]:bg-accent data-[highlighted]:text-white data-[disabled]:cursor-default data-[disabled]:text-faint";

type Loaded = ThreadView & { page: MessagePage };

/**
 * A thread beside its channel (full screen on narrow windows): loads the thread and its newest
 * replies, then shows them like a channel. Esc closes it.
 */
/** `readOnlyReason`: why the channel's composer is closed (a mute, the channel's mute mode, a disabled community); its threads follow it. */
type PanelProps = {
  threadId: string;
  focusId?: string;
  me: UserSummary;
  myRole: Role;
  onClose: () => void;
  readOnlyReason?: string;
};

export function ThreadPanel({ threadId, focusId, me, myRole, onClose, readOnlyReason }: PanelProps) {
  const { socket } = useSocket();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (!socket) return;
    let cancelled = false;
    setLoaded(null);
    setFailure(null);
    void (async () => {
      const [info, page] = await Promise.all([
        request(socket, "thread:get", { threadId }),
        fetch(`/api/channels/${threadId}/messages${focusId ? `?around=${encodeURIComponent(focusId)}` : ""}`, {
          cache: "no-store",
        })
          .then((response) => response.json() as Promise<Result<MessagePage>>)
          .catch(() => ({
            ok: false as const,
            code: 0,
            message: "The thread could not be loaded. Check your connection.",
          })),
      ]);
      if (cancelled) return;
      if (!info.ok) return setFailure(info.message);
      if (!page.ok) return setFailure(page.message);
      setLoaded({ ...info.data, page: page.data });
    })();
    return () => {
      cancelled = true;
    };
  }, [socket, threadId, focusId]);

  useEscapeToClose(onClose);

  return (
    <section
      aria-label="Thread"
      data-testid="thread-panel"
      className="fixed inset-0 z-40 flex min-w-0 flex-col border-l border-black/30 bg-main md:static md:z-auto md:w-[420px] md:shrink-0 xl:w-[480px]"
    >
      {loaded ? (
        <ThreadConversation
          key={threadId}
          loaded={loaded}
          focusId={focusId}
          me={me}
          myRole={myRole}
          onClose={onClose}
          readOnlyReason={readOnlyReason}
        />
      ) : (
        <>
          <header className="flex h-12 shrink-0 items-center gap-2 border-b border-black/30 px-4">
            <MessagesSquare className="size-5 text-faint" aria-hidden />
            <h2 className="font-semibold text-strong">Thread</h2>
            <IconButton label="Close thread" className="ml-auto" onClick={onClose}>
              <X className="size-5" />
            </IconButton>
          </header>
          <div
            className="flex flex-1 items-center justify-center p-6 text-center text-sm text-muted"
            role={failure ? "alert" : "status"}
          >
            {failure ?? "Loading thread…"}
          </div>
        </>
      )}
    </section>
  );
}

function ThreadConversation({
  loaded,
  focusId,
  me,
  myRole,
  onClose,
  readOnlyReason,
}: Omit<PanelProps, "threadId"> & { loaded: Loaded }) {
  const { socket } = useSocket();
  const [thread, setThread] = useState(loaded.thread);
  const [following, setFollowing] = useState(loaded.following);
  const [renaming, setRenaming] = useState(false);
  const manager = myRole === "OWNER" || myRole === "ADMIN";
  const creator = thread.ownerId === me.id;
  const conversation = useConversation(thread, loaded.page, me, manager, { focusId });

  const onThread = useCallback((updated: ThreadDTO) => updated.id === thread.id && setThread(updated), [thread.id]);
  useSocketEvent("thread:updated", onThread);
  const onFollowed = useCallback(
    ({ threadId, following: now }: { threadId: string; following: boolean }) =>
      threadId === thread.id && setFollowing(now),
    [thread.id],
  );
  useSocketEvent("thread:followed", onFollowed);

  const update = async (changes: {
    name?: string;
    autoArchiveMinutes?: number;
    archived?: boolean;
    locked?: boolean;
    resolved?: boolean;
  }) => {
    if (!socket) return false;
    const result = await request(socket, "thread:update", { threadId: thread.id, ...changes });
    if (!result.ok) toast.error(result.message);
    else setThread(result.data);
    return result.ok;
  };
  const follow = async (next: boolean) => {
    if (!socket) return;
    const result = await request(socket, "thread:follow", { threadId: thread.id, follow: next });
    if (!result.ok) toast.error(result.message);
    else setFollowing(result.data.following);
  };

  const disabledReason =
    readOnlyReason ?? (thread.locked && !manager ? "Locked: only the owner and admins can reply." : undefined);

  return (
    <>
      <header className="flex h-12 shrink-0 items-center gap-2 border-b border-black/30 px-4 shadow-sm">
        <MessagesSquare className="size-5 shrink-0 text-faint" aria-hidden />
        {renaming ? (
          <RenameBox
            initial={thread.name}
            onCancel={() => setRenaming(false)}
            onSave={async (name) => (await update({ name })) && setRenaming(false)}
          />
        ) : (
          <h2 className="truncate font-semibold text-strong" data-testid="thread-title">
            {thread.name}
          </h2>
        )}
        <ThreadBadges thread={thread} />
        <div className="ml-auto" />
        <IconButton
          label={following ? "Unfollow thread" : "Follow thread"}
          onClick={() => void follow(!following)}
          className={following ? "text-text" : undefined}
        >
          {following ? <Bell className="size-4" /> : <BellOff className="size-4" />}
        </IconButton>
        <DropdownMenu.Root>
          <DropdownMenu.Trigger
            aria-label="Thread options"
            title="Thread options"
            className="rounded p-1 text-muted hover:bg-hover hover:text-text data-[state=open]:text-text"
          >
            <MoreHorizontal className="size-5" />
          </DropdownMenu.Trigger>
          <DropdownMenu.Portal>
            <DropdownMenu.Content
              align="end"
              sideOffset={4}
              className="z-50 w-60 rounded-md bg-rail p-1.5 shadow-xl ring-1 ring-black/40"
            >
              <DropdownMenu.Item
                className={itemClass}
                disabled={!creator && !manager}
                onSelect={() => setRenaming(true)}
              >
                <Pencil className="size-4" aria-hidden /> Rename thread
              </DropdownMenu.Item>
              <DropdownMenu.Item
                className={itemClass}
                disabled={!creator && !manager}
                onSelect={() => void update({ resolved: !thread.resolved })}
              >
                {thread.resolved ? (
                  <CircleDot className="size-4" aria-hidden />
                ) : (
                  <CheckCircle2 className="size-4" aria-hidden />
                )}
                {thread.resolved ? "Reopen question" : "Mark resolved"}
              </DropdownMenu.Item>
              {manager && (
                <>
                  <DropdownMenu.Item className={itemClass} onSelect={() => void update({ archived: !thread.archived })}>
                    {thread.archived ? (
                      <ArchiveRestore className="size-4" aria-hidden />
                    ) : (
                      <Archive className="size-4" aria-hidden />
                    )}
                    {thread.archived ? "Unarchive thread" : "Archive thread"}
                  </DropdownMenu.Item>
                  <DropdownMenu.Item className={itemClass} onSelect={() => void update({ locked: !thread.locked })}>
                    {thread.locked ? (
                      <Unlock className="size-4" aria-hidden />
                    ) : (
                      <Lock className="size-4" aria-hidden />
                    )}
                    {thread.locked ? "Unlock thread" : "Lock thread"}
                  </DropdownMenu.Item>
                </>
              )}
              <DropdownMenu.Separator className="my-1 h-px bg-line" />
              <DropdownMenu.Label className="flex items-center gap-1.5 px-2 py-1 text-xs font-semibold uppercase tracking-wide text-muted">
                <Clock className="size-3.5" aria-hidden /> Archive after inactivity
              </DropdownMenu.Label>
              <DropdownMenu.RadioGroup
                value={String(thread.autoArchiveMinutes)}
                onValueChange={(value) => void update({ autoArchiveMinutes: Number(value) })}
              >
                {AUTO_ARCHIVE_MINUTES.map((minutes) => (
                  <DropdownMenu.RadioItem
                    key={minutes}
                    value={String(minutes)}
                    disabled={!creator && !manager}
                    className={itemClass}
                  >
                    <span className="flex-1">{archiveLabels[minutes]}</span>
                    <DropdownMenu.ItemIndicator>✓</DropdownMenu.ItemIndicator>
                  </DropdownMenu.RadioItem>
                ))}
              </DropdownMenu.RadioGroup>
            </DropdownMenu.Content>
          </DropdownMenu.Portal>
        </DropdownMenu.Root>
        <IconButton label="Close thread" onClick={onClose}>
          <X className="size-5" />
        </IconButton>
      </header>
      {thread.archived && !thread.locked && (
        <p className="border-b border-black/30 bg-sidebar px-4 py-1.5 text-xs text-muted" role="status">
          This thread is archived. Sending a message will unarchive it.
        </p>
      )}
      <Conversation
        conversation={conversation}
        channelName={thread.name}
        start={<ThreadStart thread={thread} starter={loaded.starter} />}
        composer={{ label: "Reply in thread", disabledReason }}
      />
    </>
  );
}

/** The top of a thread: its name, and the message it was opened from. */
function ThreadStart({ thread, starter }: { thread: ThreadDTO; starter: ReplyPreviewDTO | null }) {
  return (
    <div className="px-4 pb-4 pt-8">
      <div className="flex size-12 items-center justify-center rounded-full bg-raised">
        <MessagesSquare className="size-7 text-strong" aria-hidden />
      </div>
      <h3 className="mt-2 text-2xl font-bold text-strong">{thread.name}</h3>
      <p className="text-sm text-muted">The start of this thread · {replyCountText(thread.replyCount)}</p>
      <div
        data-testid="thread-starter"
        className="mt-3 flex gap-3 rounded-md border-l-4 border-line bg-sidebar p-3 text-sm"
      >
        {starter && !starter.unavailable ? (
          <>
            <Avatar name={starter.author.displayName} seed={starter.author.id} size={24} />
            <div className="min-w-0">
              <span className="font-medium text-strong">{starter.author.displayName}</span>
              <p className="line-clamp-3 break-words text-text">{plainText(starter.content) || "Attachment"}</p>
            </div>
          </>
        ) : (
          <span className="italic text-faint">The original message was deleted.</span>
        )}
      </div>
    </div>
  );
}

function RenameBox({
  initial,
  onSave,
  onCancel,
}: {
  initial: string;
  onSave: (name: string) => void;
  onCancel: () => void;
}) {
  const [value, setValue] = useState(initial);
  return (
    <input
      autoFocus
      aria-label="Thread name"
      value={value}
      maxLength={100}
      onChange={(event) => setValue(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === "Enter") onSave(value);
        if (event.key === "Escape") {
          event.preventDefault();
          onCancel();
        }
      }}
      onBlur={onCancel}
      className="min-w-0 flex-1 rounded bg-rail px-2 py-1 text-sm text-strong outline-none ring-1 ring-accent"
    />
  );
}
