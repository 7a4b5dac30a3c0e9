"use client";

import { usePathname } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import type {
  ChannelActivities,
  ChannelActivity,
  ChannelDTO,
  ChannelReadState,
  CommunityReadState,
  MessageDTO,
  NotifyLevel,
  ThreadDTO,
  UserSummary,
} from "@/lib/dto";
import {
  addChannel,
  alertDecision,
  applyActivities,
  applyActivity,
  applyLiveMessage,
  applyMention,
  applyNotify,
  applyReadStates,
  behindStored,
  channelReadView,
  communityBadge,
  followedThreads,
  notifyPayload,
  refetchedCommunities,
  removeChannel,
  removeCommunity,
  renameThread,
  titleWithCount,
  toCommunities,
  totalBadge,
  withBlocked,
  type AlertActivity,
  type Communities,
  type Reader,
} from "./read-counts";
import { answerOrNull, request } from "./request";
import { SiblingWatch, WATCH_HEARTBEAT_MS } from "./sibling-watch";
import { useSocket, useSocketEvent } from "./socket-provider";

/** An open conversation: whether its reader watches new messages land, and how far they have read. */
export type ChannelWatcher = { watching: () => boolean; readUpTo: () => string };

type ReadStateContextValue = {
  communities: Communities;
  blocked: Set<string>;
  setBlocked: (userId: string, blocked: boolean) => Promise<boolean>;
  markChannelRead: (channelId: string, messageId: string) => void;
  /** An open conversation says whether its reader watches new messages land (they are then not counted); returns the undo. */
  watchChannel: (channelId: string, watcher: ChannelWatcher) => () => void;
  /** An open conversation's reader started or stopped watching: the other tabs of this browser hear it. */
  watchingChanged: () => void;
  /** Whether this tab shows the channel. */
  views: (channelId: string) => boolean;
  markCommunityRead: (communityId: string) => Promise<void>;
  setNotify: (
    target: { communityId: string } | { channelId: string },
    notify: NotifyLevel | "DEFAULT",
  ) => Promise<void>;
};

const ReadStateContext = createContext<ReadStateContextValue | null>(null);

/**
 * Unread and mention counts of every channel the user can read, kept live: activity moves them,
 * a read in any tab resets them, a reconnect refetches them (whatever happened offline). The
 * counting itself is in read-counts.ts.
 */
export function ReadStateProvider({
  initial,
  initialBlocked,
  me,
  children,
}: {
  initial: CommunityReadState[];
  initialBlocked: string[];
  me: UserSummary;
  children: React.ReactNode;
}) {
  const { socket } = useSocket();
  const [communities, setCommunities] = useState<Communities>(() => toCommunities(initial));
  const [blocked, setBlockedIds] = useState(() => new Set(initialBlocked));
  const blockedRef = useRef(blocked);
  blockedRef.current = blocked;
  const watchers = useRef(new Map<string, ChannelWatcher>());
  const siblings = useRef<SiblingWatch | null>(null);
  const watched = useCallback(
    (channelId: string) =>
      (watchers.current.get(channelId)?.watching() ?? false) || (siblings.current?.watches(channelId) ?? false),
    [],
  );
  const readUpTo = useCallback((channelId: string) => watchers.current.get(channelId)?.readUpTo() ?? "", []);
  const views = useCallback((channelId: string) => watchers.current.has(channelId), []);
  const watchingChanged = useCallback(() => {
    const channels = [...watchers.current].filter(([, watcher]) => watcher.watching()).map(([id]) => id);
    siblings.current?.announce(channels);
  }, []);
  const watchChannel = useCallback(
    (channelId: string, watcher: ChannelWatcher) => {
      watchers.current.set(channelId, watcher);
      watchingChanged();
      return () => {
        if (watchers.current.get(channelId) === watcher) watchers.current.delete(channelId);
        watchingChanged();
      };
    },
    [watchingChanged],
  );
  // the other tabs of this browser (same user): which channels each watches
  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const channel = new BroadcastChannel(`chat-watching:${me.id}`);
    const tab = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    const watch = new SiblingWatch((message) => channel.postMessage(message), tab);
    channel.onmessage = (event) => watch.receive(event.data);
    siblings.current = watch;
    watch.hello();
    watchingChanged();
    const heartbeat = setInterval(() => watch.heartbeat(), WATCH_HEARTBEAT_MS);
    const leave = () => watch.announce([]);
    window.addEventListener("pagehide", leave);
    return () => {
      clearInterval(heartbeat);
      window.removeEventListener("pagehide", leave);
      leave();
      channel.close();
      if (siblings.current === watch) siblings.current = null;
    };
  }, [me.id, watchingChanged]);
  /** the reader as the counting sees them when an event comes (blocks and watchers read then, not at render) */
  const reader = useCallback(
    (): Reader => ({ id: me.id, username: me.username, blocked: blockedRef.current, watched, readUpTo, views }),
    [me.id, me.username, watched, readUpTo, views],
  );

  const onActivity = useCallback(
    (activity: ChannelActivity) => setCommunities((current) => applyActivity(current, activity, reader())),
    [reader],
  );
  useSocketEvent("channel:activity", onActivity);
  const onActivities = useCallback(
    (batch: ChannelActivities) => setCommunities((current) => applyActivities(current, batch, reader())),
    [reader],
  );
  useSocketEvent("channel:activities", onActivities);
  const onMention = useCallback(
    (activity: ChannelActivity) => setCommunities((current) => applyMention(current, activity, reader())),
    [reader],
  );
  useSocketEvent("mention:activity", onMention);
  // Viewers of a channel get the message itself instead of its activity.
  const onMessage = useCallback(
    (message: MessageDTO) => setCommunities((current) => applyLiveMessage(current, message, reader())),
    [reader],
  );
  useSocketEvent("message:new", onMessage);
  const onRead = useCallback(
    (states: ChannelReadState[]) =>
      setCommunities((current) => applyReadStates(current, states, { watched, readUpTo })),
    [watched, readUpTo],
  );
  useSocketEvent("read:updated", onRead);
  const onNotify = useCallback(
    (change: { communityId: string; channelId: string | null; notify: NotifyLevel | null }) =>
      setCommunities((current) => applyNotify(current, change)),
    [],
  );
  useSocketEvent("notify:updated", onNotify);
  const onChannelCreated = useCallback(
    (channel: ChannelDTO) => setCommunities((current) => addChannel(current, channel)),
    [],
  );
  useSocketEvent("channel:created", onChannelCreated);
  const onChannelDeleted = useCallback(
    ({ communityId, channelId }: { communityId: string; channelId: string }) =>
      setCommunities((current) => removeChannel(current, communityId, channelId)),
    [],
  );
  useSocketEvent("channel:deleted", onChannelDeleted);
  const onRemoved = useCallback(
    ({ communityId }: { communityId: string }) => setCommunities((current) => removeCommunity(current, communityId)),
    [],
  );
  useSocketEvent("community:removed", onRemoved);

  // Joined a community, or back from a disconnect: counts may have moved; ask for all of them.
  const refetch = useCallback(() => {
    if (!socket) return;
    void answerOrNull(socket, "read:states", {}).then((result) => {
      if (result?.ok) setCommunities((current) => refetchedCommunities(result.data, { watched, readUpTo }, current));
    });
  }, [socket, watched, readUpTo]);
  useSocketEvent("community:joined", refetch);
  useSocketEvent("conversation:joined", refetch);
  // another app process stored positions this tab's counts may predate
  const communitiesRef = useRef(communities);
  communitiesRef.current = communities;
  const onStored = useCallback(
    (positions: { channelId: string; lastReadId: string }[]) => {
      if (behindStored(communitiesRef.current, positions)) refetch();
    },
    [refetch],
  );
  useSocketEvent("read:stored", onStored);
  useSocketEvent("thread:followed", refetch);
  const onThreadUpdated = useCallback(
    (thread: ThreadDTO) => setCommunities((current) => renameThread(current, thread)),
    [],
  );
  useSocketEvent("thread:updated", onThreadUpdated);
  // Also on the first connect: activity between the server render and the socket would be lost.
  useEffect(() => {
    if (!socket) return;
    socket.on("connect", refetch);
    if (socket.connected) refetch();
    return () => {
      socket.off("connect", refetch);
    };
  }, [socket, refetch]);

  // A read mark is not waited for: the read:updated it causes (here and in every tab) carries the counts.
  const markChannelRead = useCallback(
    (channelId: string, messageId: string) => {
      socket?.emit("channel:read", { channelId, messageId }, () => {});
    },
    [socket],
  );
  const markCommunityRead = useCallback(
    async (communityId: string) => {
      if (!socket) return;
      const result = await request(socket, "community:read", { communityId });
      if (!result.ok) toast.error(result.message);
    },
    [socket],
  );
  const setNotify = useCallback(
    async (target: { communityId: string } | { channelId: string }, notify: NotifyLevel | "DEFAULT") => {
      if (!socket) return;
      const result = await request(socket, "notify:set", notifyPayload(target, notify));
      if (!result.ok) toast.error(result.message);
    },
    [socket],
  );

  // A block moves counts in every channel: ask for them again.
  const onBlockChanged = useCallback(
    ({ userId, blocked: isBlocked }: { userId: string; blocked: boolean }) => {
      setBlockedIds((current) => withBlocked(current, userId, isBlocked));
      refetch();
    },
    [refetch],
  );
  useSocketEvent("block:changed", onBlockChanged);
  const setBlocked = useCallback(
    async (userId: string, block: boolean) => {
      if (!socket) return false;
      const result = await request(socket, "user:block", { userId, blocked: block });
      if (!result.ok) toast.error(result.message);
      return result.ok;
    },
    [socket],
  );

  const value = useMemo(
    () => ({
      communities,
      blocked,
      setBlocked,
      markChannelRead,
      markCommunityRead,
      setNotify,
      watchChannel,
      watchingChanged,
      views,
    }),
    [
      communities,
      blocked,
      setBlocked,
      markChannelRead,
      markCommunityRead,
      setNotify,
      watchChannel,
      watchingChanged,
      views,
    ],
  );
  return (
    <ReadStateContext.Provider value={value}>
      <TabTitle />
      {children}
    </ReadStateContext.Provider>
  );
}

function useReadStates() {
  const value = useContext(ReadStateContext);
  if (!value) throw new Error("ReadStateProvider is missing");
  return value;
}

/** Users the viewer blocked, and blocking or unblocking one. */
export function useBlocks() {
  const { blocked, setBlocked } = useReadStates();
  const isBlocked = useCallback((userId: string) => blocked.has(userId), [blocked]);
  return { blocked, isBlocked, setBlocked };
}

export const useReadActions = () => {
  const { markChannelRead, markCommunityRead, setNotify, watchChannel, watchingChanged, views } = useReadStates();
  return { markChannelRead, markCommunityRead, setNotify, watchChannel, watchingChanged, views };
};

/**
 * Whether a new message should alert the user, by their notification level where it was posted:
 * every message, only mentions of them, or nothing; then where it is (null: no alert). Followed
 * threads included; unknown channels (threads not followed) and blocked authors never alert.
 */
export function useAlertDecision() {
  const { communities, blocked } = useReadStates();
  const latest = useRef({ communities, blocked });
  latest.current = { communities, blocked };
  return useCallback(
    (activity: AlertActivity, meId: string) =>
      alertDecision(latest.current.communities, latest.current.blocked, activity, meId),
    [],
  );
}

/** One channel's counts and the notification level in force there (null: not readable / unknown). */
export function useChannelReadState(communityId: string, channelId: string) {
  const { communities } = useReadStates();
  return channelReadView(communities, communityId, channelId);
}

/** The threads of a channel the user follows, with their counts and level, by name. */
export function useFollowedThreads(communityId: string, channelId: string) {
  const { communities } = useReadStates();
  return useMemo(() => followedThreads(communities, communityId, channelId), [communities, communityId, channelId]);
}

/** The badges of several communities together (the rail's "Direct messages": every conversation). */
export function useCombinedBadge(communityIds: Set<string>) {
  const { communities } = useReadStates();
  let badge = 0;
  let unread = false;
  for (const id of communityIds) {
    const one = communityBadge(communities.get(id));
    badge += one.badge;
    unread ||= one.unread;
  }
  return { badge, unread };
}

export function useCommunityBadge(communityId: string) {
  const { communities } = useReadStates();
  const community = communities.get(communityId);
  return { ...communityBadge(community), notify: community?.notify ?? "ALL" };
}

/** The browser tab shows the total: "(3) #general | Community Chat". */
function TabTitle() {
  const { communities } = useReadStates();
  const pathname = usePathname();
  const total = totalBadge(communities);
  useEffect(() => {
    const apply = () => {
      const wanted = titleWithCount(document.title, total);
      if (document.title !== wanted) document.title = wanted;
    };
    apply();
    // Next sets the title again after navigations: re-apply when it does.
    const title = document.querySelector("title");
    if (!title) return;
    const observer = new MutationObserver(apply);
    observer.observe(title, { childList: true, characterData: true, subtree: true });
    return () => observer.disconnect();
  }, [total, pathname]);
  return null;
}
