"use client";

import { clsx } from "clsx";
import dynamic from "next/dynamic";
import { useRouter, useSearchParams } from "next/navigation";
import { toast } from "sonner";
import { useCallback, useEffect, useState } from "react";
import { Hash, Lock, Menu, MessagesSquare, Settings, Users } from "lucide-react";
import { ChannelAvatar } from "@/components/ui/channel-avatar";
import { useNav } from "@/components/shell/app-shell";
import { MemberList } from "@/components/community/member-list";
import { CommunityNotifyMenu } from "@/components/community/notify-menu";
import type { ProfileTarget } from "@/components/community/member-dialog";
import { ProfileOpenerProvider } from "@/components/message/profile-opener";
import { formatUntil } from "@/components/community/format-until";
import { IconButton } from "@/components/ui/icon-button";
import { useSocket, useSocketEvent } from "@/components/realtime/socket-provider";
import { request } from "@/components/realtime/request";
import { Conversation, useConversation } from "@/components/conversation/conversation";
import { PinsButton } from "@/components/message/pins-panel";
import { SearchBox } from "@/components/search/search-panel";
import { ConversationHeading } from "@/components/direct/conversation-heading";
import { useConversations } from "@/components/direct/conversations-provider";
import { ConversationStart } from "@/components/direct/conversation-start";
import { conversationTitle } from "@/lib/conversation-title";
import type {
  ChannelDTO,
  ChannelReadState,
  ConversationDTO,
  MemberDTO,
  MessagePage,
  Role,
  UserSummary,
} from "@/lib/dto";

// Panels and cards load when first shown (a thread in the address renders on the server as before).
const ThreadPanel = dynamic(() => import("@/components/thread/thread-panel").then((module) => module.ThreadPanel));
const ThreadList = dynamic(() => import("@/components/thread/thread-list").then((module) => module.ThreadList));
const MemberDialog = dynamic(() =>
  import("@/components/community/member-dialog").then((module) => module.MemberDialog),
);
const GroupSettingsDialog = dynamic(
  () => import("@/components/direct/group-settings-dialog").then((module) => module.GroupSettingsDialog),
  { ssr: false },
);
const MemberDrawer = dynamic(
  () => import("@/components/community/member-drawer").then((module) => module.MemberDrawer),
  { ssr: false },
);

export type SendRestriction = {
  mutedUntil: string | null;
  channelMutedUntil: string | null;
  slowmodeSeconds: number;
  slowmodeWait: number;
  communityDisabled: boolean;
  /** a direct conversation where one of the two blocked the other */
  directBlock?: "actor" | "other" | "gone" | null;
};

export const disabledCommunityReason = "This community was disabled by the app's administrators: it is read-only.";
type Props = {
  channel: ChannelDTO;
  initialPage: MessagePage;
  /** the reader's read state in the channel as the page was rendered */
  initialReadState: ChannelReadState | null;
  me: UserSummary;
  myRole: Role;
  restriction: SendRestriction;
  initialFocusId?: string;
  /** `?thread=` in the address: that thread opens beside the channel (at `threadFocusId`, if given) */
  initialThreadId?: string;
  threadFocusId?: string;
  /** `?member=` in the address: that member's card opens over the channel */
  linkedMember?: MemberDTO | null;
  /** the channel is a direct or group conversation's */
  conversation?: ConversationDTO | null;
};
type Panel = { kind: "thread"; threadId: string } | { kind: "threads" } | null;

/** Keeps `?thread=` in the address in step with the open thread (links and reloads reopen it). */
function setThreadInAddress(threadId: string | null) {
  const url = new URL(window.location.href);
  if (threadId) url.searchParams.set("thread", threadId);
  else url.searchParams.delete("thread");
  url.searchParams.delete("m");
  // null state: Next syncs useSearchParams with calls that do not carry its own router state
  window.history.replaceState(null, "", url);
}

/** A closed member card leaves the address, so a refresh does not open it again. */
function dropMemberFromAddress() {
  const url = new URL(window.location.href);
  url.searchParams.delete("member");
  window.history.replaceState(null, "", url);
}

/** The right pane: channel header, live history, the composer and the member list. */
export function ChannelView({
  channel,
  initialPage,
  initialReadState,
  me,
  myRole,
  restriction,
  initialFocusId,
  initialThreadId,
  threadFocusId,
  linkedMember = null,
  conversation: rendered = null,
}: Props) {
  // renames, icons and people change live
  const conversation = useConversations().find(rendered?.id ?? "") ?? rendered;
  const { setOpen } = useNav();
  const router = useRouter();
  const { socket } = useSocket();
  const [panel, setPanel] = useState<Panel>(initialThreadId ? { kind: "thread", threadId: initialThreadId } : null);
  // A followed thread picked in the sidebar while this channel is open (also the one just closed,
  // or while another is open): the address names it again, and the server checked it.
  const threadInAddress = useSearchParams().get("thread");
  useEffect(() => {
    if (initialThreadId && threadInAddress === initialThreadId) {
      setPanel((current) =>
        current?.kind === "thread" && current.threadId === initialThreadId
          ? current
          : { kind: "thread", threadId: initialThreadId },
      );
    }
  }, [initialThreadId, threadInAddress]);
  const openThread = useCallback((threadId: string) => {
    setPanel({ kind: "thread", threadId });
    setThreadInAddress(threadId);
  }, []);
  const closePanel = useCallback(() => {
    setPanel(null);
    setThreadInAddress(null);
  }, []);
  const startThread = useCallback(
    async (messageId: string) => {
      if (!socket) return;
      const result = await request(socket, "thread:create", { messageId });
      if (!result.ok) toast.error(result.message);
      else openThread(result.data.id);
    },
    [socket, openThread],
  );
  const [card, setCard] = useState<ProfileTarget | null>(linkedMember && { member: linkedMember });
  useEffect(() => setCard(linkedMember && { member: linkedMember }), [linkedMember]);
  const [showMembers, setShowMembers] = useState(true);
  const [groupSettings, setGroupSettings] = useState(false);
  const title = conversation ? conversationTitle(conversation, me.id) : channel.name;
  const [memberDrawer, setMemberDrawer] = useState(false);
  const canModerate = myRole === "OWNER" || myRole === "ADMIN";
  const chat = useConversation(channel, initialPage, me, canModerate, {
    focusId: initialFocusId,
    readState: initialReadState,
    // no threads in direct messages
    threadActions: conversation ? undefined : { onStartThread: startThread, onOpenThread: openThread },
    canPin: canModerate || !!conversation,
  });
  const { jump } = chat;
  const [cooldownUntil, setCooldownUntil] = useState(() =>
    restriction.slowmodeWait ? Date.now() + restriction.slowmodeWait * 1000 : 0,
  );
  const onChannelUpdated = useCallback(
    (updated: ChannelDTO) => updated.id === channel.id && router.refresh(),
    [channel.id, router],
  );
  useSocketEvent("channel:updated", onChannelUpdated);
  // a block between the two people of a direct conversation opens or closes its composer
  const otherId =
    conversation?.kind === "DIRECT" ? conversation.participants.find((p) => p.id !== me.id)?.id : undefined;
  const onBlockChanged = useCallback(
    ({ userId }: { userId: string }) => userId === otherId && router.refresh(),
    [otherId, router],
  );
  useSocketEvent("block:changed", onBlockChanged);
  const active = (iso: string | null) => (iso && new Date(iso).getTime() > Date.now() ? iso : null);
  const muted = active(restriction.mutedUntil);
  const channelMuted = active(restriction.channelMutedUntil);
  const disabledReason = restriction.communityDisabled
    ? disabledCommunityReason
    : restriction.directBlock === "actor"
      ? `You blocked ${title}. Unblock them to message them.`
      : restriction.directBlock === "other"
        ? `${title} is not accepting your messages.`
        : restriction.directBlock === "gone"
          ? "This account is no longer active: it cannot receive messages."
          : muted
            ? `You are muted ${formatUntil(muted)}. You can read but not send.`
            : channelMuted
              ? `This channel is muted for you ${formatUntil(channelMuted)}.`
              : undefined;
  const startCooldown = () =>
    restriction.slowmodeSeconds && setCooldownUntil(Date.now() + restriction.slowmodeSeconds * 1000);

  const memberList = {
    communityId: channel.communityId,
    channelId: channel.id,
    privateChannel: channel.kind === "PRIVATE",
    me: me.id,
    myRole,
  };

  return (
    <ProfileOpenerProvider value={setCard}>
      <main className="relative flex min-w-0 flex-1 flex-col bg-main">
        <header className="flex h-12 shrink-0 items-center gap-2 border-b border-black/30 px-4 shadow-sm">
          <IconButton label="Open navigation" className="md:hidden" onClick={() => setOpen(true)}>
            <Menu className="size-5" />
          </IconButton>
          {conversation ? (
            <ConversationHeading conversation={conversation} title={title} meId={me.id} />
          ) : (
            <>
              {channel.kind === "PRIVATE" ? (
                <Lock aria-label="Private channel" className="size-5 shrink-0 text-faint" />
              ) : (
                <Hash className="size-6 shrink-0 text-faint" />
              )}
              {channel.avatarUrl && <ChannelAvatar channel={channel} className="size-7" />}
              <h1 className="truncate font-semibold text-strong">{title}</h1>
              {channel.topic && (
                <>
                  <span className="mx-2 hidden h-6 w-px bg-line sm:block" />
                  <p className="hidden truncate text-sm text-muted sm:block" title={channel.topic}>
                    {channel.topic}
                  </p>
                </>
              )}
            </>
          )}
          <div className="ml-auto" />
          {conversation && <CommunityNotifyMenu communityId={conversation.id} communityName={title} />}
          {conversation?.kind === "GROUP" && (
            <IconButton label="Group settings" onClick={() => setGroupSettings(true)}>
              <Settings className="size-5" />
            </IconButton>
          )}
          {!conversation && (
            <IconButton
              label="Threads"
              className={clsx(panel?.kind === "threads" && "text-text")}
              onClick={() => {
                if (panel?.kind === "threads") return closePanel();
                setPanel({ kind: "threads" });
                setThreadInAddress(null);
              }}
            >
              <MessagesSquare className="size-5" />
            </IconButton>
          )}
          <PinsButton communityId={channel.communityId} channelId={channel.id} meUsername={me.username} onJump={jump} />
          {conversation?.kind !== "DIRECT" && (
            <>
              <IconButton
                label={showMembers ? "Hide member list" : "Show member list"}
                className={clsx("hidden lg:block", showMembers && "text-text")}
                onClick={() => setShowMembers((v) => !v)}
              >
                <Users className="size-5" />
              </IconButton>
              <IconButton label="Members" className="lg:hidden" onClick={() => setMemberDrawer(true)}>
                <Users className="size-5" />
              </IconButton>
            </>
          )}
          <SearchBox communityId={channel.communityId} channelId={channel.id} onJump={jump} />
        </header>
        {restriction.communityDisabled && (
          <p
            role="status"
            data-testid="community-disabled"
            className="border-b border-danger/40 bg-danger/15 px-4 py-2 text-sm text-danger"
          >
            This community was disabled by the app&apos;s administrators. You can read it, but nothing in it can be
            posted or changed.
          </p>
        )}
        <div className="flex min-h-0 flex-1">
          <Conversation
            conversation={chat}
            channelName={title}
            start={conversation ? <ConversationStart conversation={conversation} meId={me.id} /> : undefined}
            composer={{
              label: conversation ? `Message ${conversation.kind === "DIRECT" ? "@" : ""}${title}` : undefined,
              disabledReason,
              slowmodeSeconds: restriction.slowmodeSeconds,
              cooldownUntil,
              onSent: startCooldown,
            }}
          />
          {panel?.kind === "thread" && (
            <ThreadPanel
              key={panel.threadId}
              threadId={panel.threadId}
              focusId={panel.threadId === initialThreadId ? threadFocusId : undefined}
              readOnlyReason={disabledReason}
              me={me}
              myRole={myRole}
              onClose={closePanel}
            />
          )}
          {panel?.kind === "threads" && <ThreadList channelId={channel.id} onOpen={openThread} onClose={closePanel} />}
          {showMembers && !panel && conversation?.kind !== "DIRECT" && (
            <MemberList {...memberList} className="hidden w-60 shrink-0 lg:flex" />
          )}
        </div>
        {groupSettings && conversation && (
          <GroupSettingsDialog conversation={conversation} meId={me.id} onClose={() => setGroupSettings(false)} />
        )}
        {memberDrawer && <MemberDrawer open onOpenChange={setMemberDrawer} {...memberList} />}
        {card && (
          <MemberDialog
            {...memberList}
            target={card}
            onClose={() => {
              setCard(null);
              dropMemberFromAddress();
            }}
          />
        )}
      </main>
    </ProfileOpenerProvider>
  );
}
