import type { ChannelActivity, NotifyLevel } from "./dto";

/** The notification level in force for a channel. */
export function effectiveNotify(communityNotify: NotifyLevel, channelNotify: NotifyLevel | null): NotifyLevel {
  return channelNotify ?? communityNotify;
}

/** What a channel adds to its community's badge: every unread message, its mentions, or nothing. */
export function badgeContribution(state: { unread: number; mentions: number }, notify: NotifyLevel): number {
  if (notify === "ALL") return state.unread;
  if (notify === "MENTIONS") return state.mentions;
  return 0;
}

export function mentionsUser(mentions: { mentionIds: string[]; mentionsEveryone: boolean }, userId: string): boolean {
  return mentions.mentionsEveryone || mentions.mentionIds.includes(userId);
}

/** How one activity moves a reader's counts in that channel (their own messages never count). */
export function countDelta(
  activity: ChannelActivity,
  userId: string,
  lastReadId: string,
): { unread: number; mentions: number } {
  if (activity.authorId === userId || activity.messageId <= lastReadId) return { unread: 0, mentions: 0 };
  const mentioned = mentionsUser(activity, userId) ? 1 : 0;
  if (activity.kind === "new") return { unread: 1, mentions: mentioned };
  if (activity.kind === "gone") return { unread: -1, mentions: -mentioned };
  const before = activity.before && mentionsUser(activity.before, userId) ? 1 : 0;
  return { unread: 0, mentions: mentioned - before };
}

/** Badge text: counts past 99 read "99+". */
export const badgeText = (count: number) => (count > 99 ? "99+" : String(count));

/** The largest id: "read everything" (the server clamps a position to the channel's newest message). */
export const LATEST_POSITION = "7ZZZZZZZZZZZZZZZZZZZZZZZZZ";
