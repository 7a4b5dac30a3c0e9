"use client";

import { usePathname } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import type { ChannelActivity, ChannelDTO, ChannelReadState, CommunityReadState, MessageDTO, NotifyLevel, ThreadDTO, UserSummary } from "@/lib/dto";
import { badgeContribution, countDelta, effectiveNotify } from "@/lib/unread";
import { useSocket, useSocketEvent } from "./socket-provider";

type Communities = Map<string, { notify: NotifyLevel; channels: Map<string, ChannelReadState> }>;

type ReadStateContextValue = {
  communities: Communities;
  blocked: Set<string>;
  setBlocked: (userId: string, blocked: boolean) => Promise<boolean>;
  markChannelRead: (channelId: string, messageId: string) => void;
  /** An open conversation says whether its reader watches new messages land (they are then not counted); returns the undo. */
  watchChannel: (channelId: string, watching: () => boolean) => () => void;
  markCommunityRead: (communityId: string) => Promise<void>;
  setNotify: (target: { communityId: string } | { channelId: string }, notify: NotifyLevel | "DEFAULT") => Promise<void>;
};

const ReadStateContext = createContext<ReadStateContextValue | null>(null);

const toMap = (states: CommunityReadState[]): Communities =>
  new Map(states.map((c) => [c.communityId, { notify: c.notify, channels: new Map(c.channels.map((s) => [s.channelId, s])) }]));

function withChannel(communities: Communities, communityId: string, channelId: string, update: (state: ChannelReadState | undefined) => ChannelReadState | null) {
  const community = communities.get(communityId);
  if (!community) return communities;
  const channels = new Map(community.channels);
  const next = update(channels.get(channelId));
  if (next) channels.set(channelId, next);
  else channels.delete(channelId);
  return new Map(communities).set(communityId, { ...community, channels });
}

/**
 * Unread and mention counts of every channel the user can read, kept live: activity moves them,
 * a read in any tab resets them, a reconnect refetches them (whatever happened offline).
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
  const [communities, setCommunities] = useState<Communities>(() => toMap(initial));
  const [blocked, setBlockedIds] = useState(() => new Set(initialBlocked));
  const blockedRef = useRef(blocked);
  blockedRef.current = blocked;
  const watchers = useRef(new Map<string, () => boolean>());
  const watched = (channelId: string) => watchers.current.get(channelId)?.() ?? false;
  const watchChannel = useCallback((channelId: string, watching: () => boolean) => {
    watchers.current.set(channelId, watching);
    return () => {
      if (watchers.current.get(channelId) === watching) watchers.current.delete(channelId);
    };
  }, []);

  const apply = useCallback(
    (activity: ChannelActivity) =>
      setCommunities((current) =>
        withChannel(current, activity.communityId, activity.channelId, (state) => {
          if (!state) return null;
          if (blockedRef.current.has(activity.authorId) || (activity.kind === "new" && watched(activity.channelId))) return state;
          const delta = countDelta(activity, me.id, state.lastReadId);
          if (!delta.unread && !delta.mentions) return state;
          const unread = Math.max(0, state.unread + delta.unread);
          const firstUnreadId = delta.unread > 0 && !state.firstUnreadId ? activity.messageId : unread === 0 ? null : state.firstUnreadId;
          return { ...state, unread, mentions: Math.max(0, state.mentions + delta.mentions), firstUnreadId };
        }),
      ),
    [me.id],
  );
  useSocketEvent("channel:activity", apply);

  // Viewers of a channel get the message itself instead of its activity.
  const onMessage = useCallback(
    (message: MessageDTO) => {
      setCommunities((current) => {
        for (const [communityId, community] of current) {
          if (!community.channels.has(message.channelId) || blockedRef.current.has(message.author.id)) continue;
          // watched as it lands: the reader's own read mark follows, no count in between
          if (watched(message.channelId)) return current;
          const mentionIds = message.mentions.includes(me.username) ? [me.id] : [];
          const activity: ChannelActivity = {
            communityId,
            channelId: message.channelId,
            parentId: null,
            messageId: message.id,
            authorId: message.author.id,
            kind: "new",
            mentionIds,
            mentionsEveryone: message.mentionsEveryone,
          };
          const state = community.channels.get(message.channelId)!;
          const delta = countDelta(activity, me.id, state.lastReadId);
          if (!delta.unread) return current;
          return withChannel(current, communityId, message.channelId, () => ({
            ...state,
            unread: state.unread + 1,
            mentions: state.mentions + delta.mentions,
            firstUnreadId: state.firstUnreadId ?? message.id,
          }));
        }
        return current;
      });
    },
    [me.id, me.username],
  );
  useSocketEvent("message:new", onMessage);

  // A thread the user does not follow is read without being counted.
  // A read mark can land while a newer message is arriving on the reader's screen: a watched
  // channel keeps no count (its own next read mark moves the position).
  const unlessWatched = useCallback(
    (state: ChannelReadState): ChannelReadState =>
      state.unread > 0 && watchers.current.get(state.channelId)?.() ? { ...state, unread: 0, mentions: 0, firstUnreadId: null } : state,
    [],
  );
  const onRead = useCallback(
    (states: ChannelReadState[]) =>
      setCommunities((current) =>
        states.reduce((acc, state) => withChannel(acc, state.communityId, state.channelId, (known) => (state.parentId && !known ? null : unlessWatched(state))), current),
      ),
    [unlessWatched],
  );
  useSocketEvent("read:updated", onRead);

  const onNotify = useCallback(({ communityId, channelId, notify }: { communityId: string; channelId: string | null; notify: NotifyLevel | null }) => {
    setCommunities((current) => {
      const community = current.get(communityId);
      if (!community) return current;
      if (channelId === null) return new Map(current).set(communityId, { ...community, notify: notify ?? "ALL" });
      return withChannel(current, communityId, channelId, (state) => (state ? { ...state, notify } : null));
    });
  }, []);
  useSocketEvent("notify:updated", onNotify);

  const onChannelCreated = useCallback(
    (channel: ChannelDTO) =>
      setCommunities((current) =>
        withChannel(
          current,
          channel.communityId,
          channel.id,
          (state) =>
            state ?? { channelId: channel.id, communityId: channel.communityId, parentId: null, threadName: null, lastReadId: "", firstUnreadId: null, unread: 0, mentions: 0, notify: null },
        ),
      ),
    [],
  );
  useSocketEvent("channel:created", onChannelCreated);
  const onChannelDeleted = useCallback(
    ({ communityId, channelId }: { communityId: string; channelId: string }) => setCommunities((current) => withChannel(current, communityId, channelId, () => null)),
    [],
  );
  useSocketEvent("channel:deleted", onChannelDeleted);
  const onRemoved = useCallback(({ communityId }: { communityId: string }) => {
    setCommunities((current) => {
      const next = new Map(current);
      next.delete(communityId);
      return next;
    });
  }, []);
  useSocketEvent("community:removed", onRemoved);

  // Joined a community, or back from a disconnect: counts may have moved; ask for all of them.
  const refetch = useCallback(() => {
    socket?.emit("read:states", {}, (result) => {
      if (result.ok) setCommunities(toMap(result.data.map((community) => ({ ...community, channels: community.channels.map(unlessWatched) }))));
    });
  }, [socket, unlessWatched]);
  useSocketEvent("community:joined", refetch);
  useSocketEvent("thread:followed", refetch);
  const onThreadUpdated = useCallback(
    (thread: ThreadDTO) =>
      setCommunities((current) =>
        withChannel(current, thread.communityId, thread.id, (state) => (state && state.threadName !== thread.name ? { ...state, threadName: thread.name } : (state ?? null))),
      ),
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

  const markChannelRead = useCallback(
    (channelId: string, messageId: string) => {
      socket?.emit("channel:read", { channelId, messageId }, () => {});
    },
    [socket],
  );
  const markCommunityRead = useCallback(
    async (communityId: string) => {
      if (!socket) return;
      const result = await socket.emitWithAck("community:read", { communityId });
      if (!result.ok) toast.error(result.message);
    },
    [socket],
  );
  const setNotify = useCallback(
    async (target: { communityId: string } | { channelId: string }, notify: NotifyLevel | "DEFAULT") => {
      if (!socket) return;
      const payload =
        "channelId" in target
          ? ({ scope: "channel", channelId: target.channelId, notify } as const)
          : ({ scope: "community", communityId: target.communityId, notify: notify === "DEFAULT" ? "ALL" : notify } as const);
      const result = await socket.emitWithAck("notify:set", payload);
      if (!result.ok) toast.error(result.message);
    },
    [socket],
  );

  // A block moves counts in every channel: ask for them again.
  const onBlockChanged = useCallback(
    ({ userId, blocked: isBlocked }: { userId: string; blocked: boolean }) => {
      setBlockedIds((current) => {
        const next = new Set(current);
        if (isBlocked) next.add(userId);
        else next.delete(userId);
        return next;
      });
      refetch();
    },
    [refetch],
  );
  useSocketEvent("block:changed", onBlockChanged);
  const setBlocked = useCallback(
    async (userId: string, block: boolean) => {
      if (!socket) return false;
      const result = await socket.emitWithAck("user:block", { userId, blocked: block });
      if (!result.ok) toast.error(result.message);
      return result.ok;
    },
    [socket],
  );

  const value = useMemo(
    () => ({ communities, blocked, setBlocked, markChannelRead, markCommunityRead, setNotify, watchChannel }),
    [communities, blocked, setBlocked, markChannelRead, markCommunityRead, setNotify, watchChannel],
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
  const { markChannelRead, markCommunityRead, setNotify, watchChannel } = useReadStates();
  return { markChannelRead, markCommunityRead, setNotify, watchChannel };
};

type CommunityStates = { notify: NotifyLevel; channels: Map<string, ChannelReadState> };

/** The level in force: the channel's own, else the community's; a thread follows its channel. */
function levelOf(community: CommunityStates, state: ChannelReadState): NotifyLevel {
  const parent = state.parentId ? community.channels.get(state.parentId) : undefined;
  return effectiveNotify(community.notify, state.notify ?? parent?.notify ?? null);
}

/**
 * Whether a new message should alert the user, by their notification level where it was posted:
 * every message, only mentions of them, or nothing; then where it is (null: no alert). Followed
 * threads included; unknown channels (threads not followed) and blocked authors never alert.
 */
export function useAlertDecision() {
  const { communities, blocked } = useReadStates();
  const latest = useRef({ communities, blocked });
  latest.current = { communities, blocked };
  return useCallback((activity: Omit<ChannelActivity, "communityId" | "parentId"> & { communityId?: string }, meId: string) => {
    const { communities: all, blocked: blockedIds } = latest.current;
    // a message in a viewed channel comes without its community: find it
    const community = activity.communityId ? all.get(activity.communityId) : [...all.values()].find((c) => c.channels.has(activity.channelId));
    const state = community?.channels.get(activity.channelId);
    if (!community || !state || activity.kind !== "new" || blockedIds.has(activity.authorId)) return null;
    const delta = countDelta({ ...activity, communityId: state.communityId, parentId: state.parentId }, meId, state.lastReadId);
    if (!delta.unread) return null;
    const level = levelOf(community, state);
    return level === "ALL" || (level === "MENTIONS" && delta.mentions > 0) ? { communityId: state.communityId, parentId: state.parentId } : null;
  }, []);
}

/** One channel's counts and the notification level in force there (null: not readable / unknown). */
export function useChannelReadState(communityId: string, channelId: string) {
  const { communities } = useReadStates();
  const community = communities.get(communityId);
  const state = community?.channels.get(channelId);
  if (!community || !state) return null;
  return { ...state, level: levelOf(community, state), communityNotify: community.notify };
}

/** The threads of a channel the user follows, with their counts and level, by name. */
export function useFollowedThreads(communityId: string, channelId: string) {
  const { communities } = useReadStates();
  return useMemo(() => {
    const community = communities.get(communityId);
    if (!community) return [];
    return [...community.channels.values()]
      .filter((state) => state.parentId === channelId)
      .map((state) => ({ ...state, level: levelOf(community, state) }))
      .sort((a, b) => (a.threadName ?? "").localeCompare(b.threadName ?? ""));
  }, [communities, communityId, channelId]);
}

/** A community's badge: the sum over its channels of what their notification level lets through. */
export function communityBadge(community: CommunityStates | undefined) {
  let badge = 0;
  let unread = false;
  for (const state of community?.channels.values() ?? []) {
    const level = levelOf(community!, state);
    badge += badgeContribution(state, level);
    if (level !== "NONE" && state.unread > 0) unread = true;
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
  let total = 0;
  for (const community of communities.values()) total += communityBadge(community).badge;
  useEffect(() => {
    const apply = () => {
      const base = document.title.replace(/^\(\d+\+?\) /, "");
      const wanted = total > 0 ? `(${total > 999 ? "999+" : total}) ${base}` : base;
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
