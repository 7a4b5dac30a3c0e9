import type {
  ChannelActivities,
  ChannelActivity,
  ChannelDTO,
  ChannelReadState,
  CommunityReadState,
  MessageDTO,
  NotifyLevel,
  ThreadDTO,
} from "@/lib/dto";
import { badgeContribution, countDelta, effectiveNotify } from "@/lib/unread";

/**
 * The reader's unread and mention counts as plain data: every community they belong to, each with
 * its notification level and the read state of every channel (and followed thread) they can read.
 * Each event is a pure function from counts to counts; read-state-provider.tsx only wires the
 * socket to them.
 */

export type CommunityStates = {
  notify: NotifyLevel;
  channels: Map<string, ChannelReadState>;
  /** messages below this id were in the counts when they were last read from the server */
  countedTo: string;
};
export type Communities = Map<string, CommunityStates>;

/** Who is reading: their own messages never count, mentions of their name do. */
export type Reader = {
  id: string;
  username: string;
  blocked: ReadonlySet<string>;
  /** whether an open conversation (here or in another tab of this browser) shows this channel's new messages as they land (they are not counted) */
  watched: (channelId: string) => boolean;
  /** how far this tab has read the channel (its read mark may still be on its way) */
  readUpTo: (channelId: string) => string;
  /** whether this tab shows the channel (its new messages come as `message:new`, not as activity) */
  views: (channelId: string) => boolean;
};

/** The reader's position: the server's, or further where this tab has read more since. */
const positionOf = (state: ChannelReadState, reader: Reader) => {
  const local = reader.readUpTo(state.channelId);
  return local > state.lastReadId ? local : state.lastReadId;
};

export const toCommunities = (states: CommunityReadState[]): Communities =>
  new Map(
    states.map((c) => [
      c.communityId,
      { notify: c.notify, channels: new Map(c.channels.map((s) => [s.channelId, s])), countedTo: c.countedTo ?? "" },
    ]),
  );

/** Replaces (or with null removes) one channel's state; an unknown community is left alone. */
export function withChannel(
  communities: Communities,
  communityId: string,
  channelId: string,
  update: (state: ChannelReadState | undefined) => ChannelReadState | null,
): Communities {
  const community = communities.get(communityId);
  if (!community) return communities;
  const current = community.channels.get(channelId);
  const next = update(current);
  if (next === current || (next === null && current === undefined)) return communities;
  const channels = new Map(community.channels);
  if (next) channels.set(channelId, next);
  else channels.delete(channelId);
  return new Map(communities).set(communityId, { ...community, channels });
}

/** Activity in a channel the reader is not viewing: a message came, went, or changed its mentions. */
export function applyActivity(communities: Communities, activity: ChannelActivity, reader: Reader): Communities {
  return withChannel(communities, activity.communityId, activity.channelId, (state) => {
    if (!state) return null;
    if (reader.blocked.has(activity.authorId) || (activity.kind === "new" && reader.watched(activity.channelId)))
      return state;
    const delta = countDelta(activity, reader.id, positionOf(state, reader));
    if (!delta.unread && !delta.mentions) return state;
    const unread = Math.max(0, state.unread + delta.unread);
    const firstUnreadId =
      delta.unread > 0 && !state.firstUnreadId ? activity.messageId : unread === 0 ? null : state.firstUnreadId;
    return { ...state, unread, mentions: Math.max(0, state.mentions + delta.mentions), firstUnreadId };
  });
}

/** New messages in channels this tab does not show, as the batch brought them (those counted already are skipped). */
export function applyActivities(communities: Communities, batch: ChannelActivities, reader: Reader): Communities {
  const countedTo = communities.get(batch.communityId)?.countedTo ?? "";
  let next = communities;
  for (const { channelId, parentId, messages } of batch.channels) {
    if (reader.views(channelId)) continue;
    for (const [messageId, authorId, everyone] of messages) {
      if (messageId < countedTo) continue;
      next = applyActivity(
        next,
        {
          communityId: batch.communityId,
          channelId,
          parentId,
          messageId,
          authorId,
          kind: "new",
          mentionIds: [],
          mentionsEveryone: everyone === 1,
        },
        reader,
      );
    }
  }
  return next;
}

/** A mention of the reader came, went or changed: the mention count moves (the unread count moves with the channel's activity). */
export function applyMention(communities: Communities, activity: ChannelActivity, reader: Reader): Communities {
  if (activity.kind === "new" && activity.messageId < (communities.get(activity.communityId)?.countedTo ?? "")) {
    return communities;
  }
  return withChannel(communities, activity.communityId, activity.channelId, (state) => {
    if (!state) return null;
    if (reader.blocked.has(activity.authorId) || (activity.kind === "new" && reader.watched(activity.channelId)))
      return state;
    const { mentions } = countDelta(activity, reader.id, positionOf(state, reader));
    return mentions ? { ...state, mentions: Math.max(0, state.mentions + mentions) } : state;
  });
}

/** A new message in a channel the reader views (viewers get the message itself instead of its activity). */
export function applyLiveMessage(communities: Communities, message: MessageDTO, reader: Reader): Communities {
  for (const [communityId, community] of communities) {
    const state = community.channels.get(message.channelId);
    if (!state || reader.blocked.has(message.author.id)) continue;
    // watched as it lands: the reader's own read mark follows, no count in between
    if (reader.watched(message.channelId)) return communities;
    const activity: ChannelActivity = {
      communityId,
      channelId: message.channelId,
      parentId: null,
      messageId: message.id,
      authorId: message.author.id,
      kind: "new",
      mentionIds: message.mentions.includes(reader.username) ? [reader.id] : [],
      mentionsEveryone: message.mentionsEveryone,
    };
    const delta = countDelta(activity, reader.id, positionOf(state, reader));
    if (!delta.unread) return communities;
    return withChannel(communities, communityId, message.channelId, () => ({
      ...state,
      unread: state.unread + 1,
      mentions: state.mentions + delta.mentions,
      firstUnreadId: state.firstUnreadId ?? message.id,
    }));
  }
  return communities;
}

/**
 * A read mark can land while a newer message is arriving on the reader's screen: a watched channel
 * keeps no count (its own next read mark moves the position).
 */
export const clearIfWatched = (state: ChannelReadState, watched: (channelId: string) => boolean): ChannelReadState =>
  state.unread > 0 && watched(state.channelId) ? { ...state, unread: 0, mentions: 0, firstUnreadId: null } : state;

/** What a tab knows of its reader when the server sends read states. */
export type Viewing = Pick<Reader, "watched" | "readUpTo">;

/**
 * A channel's state from the server against this tab's: a watched channel keeps no count, and a
 * state older than what this tab has read since (its read mark still on the way) leaves the tab's
 * own count standing.
 */
function fromServer(state: ChannelReadState, known: ChannelReadState | undefined, viewing: Viewing) {
  const current = known && viewing.readUpTo(state.channelId) > state.lastReadId ? known : state;
  return clearIfWatched(current, viewing.watched);
}

/**
 * Where a channel opens: the state its page was rendered with (messages of the last second may not
 * have reached this tab's counts yet) or this tab's, whichever is further on; at the same position,
 * the one that has seen more arrive (a page the router kept may be older than the tab's counts).
 */
export function openingState(
  tab: ChannelReadState | null | undefined,
  page: ChannelReadState | null | undefined,
): ChannelReadState | null {
  if (!page || !tab) return page ?? tab ?? null;
  if (page.lastReadId !== tab.lastReadId) return page.lastReadId > tab.lastReadId ? page : tab;
  return page.unread > tab.unread ? page : tab;
}

/** Read positions that moved (in any tab). A thread the reader does not follow is read without being counted. */
export function applyReadStates(communities: Communities, states: ChannelReadState[], viewing: Viewing): Communities {
  return states.reduce(
    (acc, state) =>
      withChannel(acc, state.communityId, state.channelId, (known) =>
        state.parentId && !known ? null : fromServer(state, known, viewing),
      ),
    communities,
  );
}

/**
 * Positions another app process stored: whether this tab's counts predate them (a page that process
 * did not render was read before they were written), so they must be asked for again.
 */
export function behindStored(
  communities: Communities,
  positions: { channelId: string; lastReadId: string }[],
): boolean {
  return positions.some(({ channelId, lastReadId }) => {
    for (const community of communities.values()) {
      const state = community.channels.get(channelId);
      if (state) return state.lastReadId < lastReadId;
    }
    return false;
  });
}

/** Every count asked for again (a reconnect, a join, a block): the server's, as `fromServer` takes them. */
export const refetchedCommunities = (
  states: CommunityReadState[],
  viewing: Viewing,
  previous: Communities = new Map(),
): Communities =>
  toCommunities(
    states.map((community) => ({
      ...community,
      channels: community.channels.map((state) =>
        fromServer(state, previous.get(community.communityId)?.channels.get(state.channelId), viewing),
      ),
    })),
  );

/** A notification setting changed: the community's (channelId null; null level means the default, ALL) or a channel's. */
export function applyNotify(
  communities: Communities,
  change: { communityId: string; channelId: string | null; notify: NotifyLevel | null },
): Communities {
  const community = communities.get(change.communityId);
  if (!community) return communities;
  if (change.channelId === null)
    return new Map(communities).set(change.communityId, { ...community, notify: change.notify ?? "ALL" });
  return withChannel(communities, change.communityId, change.channelId, (state) =>
    state ? { ...state, notify: change.notify } : null,
  );
}

/** A channel created (or newly readable): nothing unread in it yet. */
export const addChannel = (communities: Communities, channel: Pick<ChannelDTO, "id" | "communityId">): Communities =>
  withChannel(
    communities,
    channel.communityId,
    channel.id,
    (state) =>
      state ?? {
        channelId: channel.id,
        communityId: channel.communityId,
        parentId: null,
        threadName: null,
        lastReadId: "",
        firstUnreadId: null,
        unread: 0,
        mentions: 0,
        notify: null,
      },
  );

export const removeChannel = (communities: Communities, communityId: string, channelId: string): Communities =>
  withChannel(communities, communityId, channelId, () => null);

export function removeCommunity(communities: Communities, communityId: string): Communities {
  if (!communities.has(communityId)) return communities;
  const next = new Map(communities);
  next.delete(communityId);
  return next;
}

/** A followed thread renamed: the sidebar shows its new name. */
export const renameThread = (
  communities: Communities,
  thread: Pick<ThreadDTO, "id" | "communityId" | "name">,
): Communities =>
  withChannel(communities, thread.communityId, thread.id, (state) =>
    state && state.threadName !== thread.name ? { ...state, threadName: thread.name } : (state ?? null),
  );

/** The level in force: the channel's own, else the community's; a thread follows its channel. */
export function levelOf(community: CommunityStates, state: ChannelReadState): NotifyLevel {
  const parent = state.parentId ? community.channels.get(state.parentId) : undefined;
  return effectiveNotify(community.notify, state.notify ?? parent?.notify ?? null);
}

/** A community's badge: the sum over its channels of what their notification level lets through; `unread` lights it without a number. */
export function communityBadge(community: CommunityStates | undefined): { badge: number; unread: boolean } {
  let badge = 0;
  let unread = false;
  for (const state of community?.channels.values() ?? []) {
    const level = levelOf(community!, state);
    badge += badgeContribution(state, level);
    if (level !== "NONE" && state.unread > 0) unread = true;
  }
  return { badge, unread };
}

/** The sum of every community's badge (the browser tab's count). */
export function totalBadge(communities: Communities): number {
  let total = 0;
  for (const community of communities.values()) total += communityBadge(community).badge;
  return total;
}

/** The tab title with the total in front: "(3) #general | Community Chat", "(999+) …"; a title without one when nothing counts. */
export function titleWithCount(title: string, total: number): string {
  const base = title.replace(/^\(\d+\+?\) /, "");
  return total > 0 ? `(${total > 999 ? "999+" : total}) ${base}` : base;
}

/** One channel's counts with the level in force there (null: not readable, or a thread not followed). */
export function channelReadView(communities: Communities, communityId: string, channelId: string) {
  const community = communities.get(communityId);
  const state = community?.channels.get(channelId);
  if (!community || !state) return null;
  return { ...state, level: levelOf(community, state), communityNotify: community.notify };
}

/** The threads of a channel the reader follows, with their counts and level, by name. */
export function followedThreads(communities: Communities, communityId: string, channelId: string) {
  const community = communities.get(communityId);
  if (!community) return [];
  return [...community.channels.values()]
    .filter((state) => state.parentId === channelId)
    .map((state) => ({ ...state, level: levelOf(community, state) }))
    .sort((a, b) => (a.threadName ?? "").localeCompare(b.threadName ?? ""));
}

export type AlertActivity = Omit<ChannelActivity, "communityId" | "parentId"> & { communityId?: string };

/**
 * Whether a new message should alert the reader, by their notification level where it was posted:
 * every message, only mentions of them, or nothing; then where it is (null: no alert). Followed
 * threads included; unknown channels (threads not followed) and blocked authors never alert.
 */
export function alertDecision(
  communities: Communities,
  blocked: ReadonlySet<string>,
  activity: AlertActivity,
  meId: string,
) {
  // a message in a viewed channel comes without its community: find it
  const community = activity.communityId
    ? communities.get(activity.communityId)
    : [...communities.values()].find((c) => c.channels.has(activity.channelId));
  const state = community?.channels.get(activity.channelId);
  if (!community || !state || activity.kind !== "new" || blocked.has(activity.authorId)) return null;
  const delta = countDelta(
    { ...activity, communityId: state.communityId, parentId: state.parentId },
    meId,
    state.lastReadId,
  );
  if (!delta.unread) return null;
  const level = levelOf(community, state);
  return level === "ALL" || (level === "MENTIONS" && delta.mentions > 0)
    ? { communityId: state.communityId, parentId: state.parentId }
    : null;
}

/** The payload of a notification change: a community's "default" is ALL; a channel's DEFAULT follows its community. */
export function notifyPayload(
  target: { communityId: string } | { channelId: string },
  notify: NotifyLevel | "DEFAULT",
) {
  return "channelId" in target
    ? ({ scope: "channel", channelId: target.channelId, notify } as const)
    : ({ scope: "community", communityId: target.communityId, notify: notify === "DEFAULT" ? "ALL" : notify } as const);
}

/** The blocked set after a block or an unblock. */
export function withBlocked(blocked: ReadonlySet<string>, userId: string, isBlocked: boolean): Set<string> {
  const next = new Set(blocked);
  if (isBlocked) next.add(userId);
  else next.delete(userId);
  return next;
}
