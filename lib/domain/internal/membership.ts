import { now } from "../../clock";
import { emitCommunityEvent } from "./events";
import { db } from "../../db";
import { AppError, ErrorCode } from "../../errors";
import { addUserToRooms, publish, removeUserFromRooms } from "../../realtime/publish";
import { channelRooms, rooms } from "../../realtime/rooms";
import type { CommunityDTO, MemberDTO, RemovalReason, Role } from "../../dto";
import type { DbClient } from "../actor";
import { isManager, requireActiveCommunity, requireNotBanned } from "./access";
import { avatarUrl, communityDTOFor } from "./communities";
import { customStatusColumns, visibleCustomStatus, type CustomStatusRow } from "./custom-status";
import { currentPlan } from "./plan";
import { postSystemMessage } from "./system-messages";
import type { AfterCommit } from "./transaction";

/**
 * Joining and leaving, shared by every path into and out of a community. Both run inside the
 * caller's transaction and register what the user's tabs and the community hear once it commits.
 */

/** How someone came in: an invitation, a link, an open community, an accepted request, or added as a bot. */
export type JoinVia = "invite" | "link" | "open" | "request" | "bot";

export const memberSelect = {
  role: true,
  mutedUntil: true,
  joinedAt: true,
  user: {
    select: { id: true, username: true, displayName: true, avatarPath: true, isBot: true, ...customStatusColumns },
  },
} as const;

export const toMemberDTO = (row: {
  role: Role;
  mutedUntil: Date | null;
  joinedAt: Date;
  user: {
    id: string;
    username: string;
    displayName: string;
    avatarPath: string | null;
    isBot: boolean;
  } & CustomStatusRow;
}): MemberDTO => ({
  id: row.user.id,
  username: row.user.username,
  displayName: row.user.displayName,
  role: row.role,
  mutedUntil: row.mutedUntil && row.mutedUntil.getTime() > now().getTime() ? row.mutedUntil.toISOString() : null,
  joinedAt: row.joinedAt.toISOString(),
  avatarUrl: avatarUrl(row.user.avatarPath),
  customStatus: visibleCustomStatus(row.user),
  ...(row.user.isBot && { bot: true }),
});

/**
 * Takes one of the user's community seats inside the caller's transaction (a conditional update,
 * so concurrent joins cannot overshoot the limit); 6001012 when none is left.
 */
export async function takeCommunitySeat(userId: string, tx: DbClient) {
  const { communitiesPerUser } = await currentPlan(tx);
  const { count } = await tx.user.updateMany({
    where: { id: userId, communityCount: { lt: communitiesPerUser } },
    data: { communityCount: { increment: 1 } },
  });
  if (count === 0) {
    throw new AppError(
      ErrorCode.COMMUNITY_COUNT_LIMIT,
      `Already in ${communitiesPerUser.toLocaleString("en-US")} communities, the most allowed. Leave one first.`,
    );
  }
}

/**
 * Makes a user a Member inside the caller's transaction: refuses the banned, takes a seat in the
 * user's community limit and one in the community's member limit (conditional updates: exactly
 * one of many concurrent joins gets the last seat), then creates the membership. Once committed,
 * the new member's tabs join the rooms and they and the community hear of it (`via`).
 */
export async function admitMember(
  tx: DbClient,
  afterCommit: AfterCommit,
  join: { communityId: string; userId: string; via: JoinVia; role?: Role },
): Promise<{ member: MemberDTO; community: CommunityDTO }> {
  const { communityId, userId, via } = join;
  await requireNotBanned(userId, communityId, tx);
  await requireActiveCommunity(communityId, tx);
  const user = await tx.user.findFirst({
    where: { id: userId, deletedAt: null },
    select: { displayName: true, defaultNotify: true },
  });
  if (!user) throw new AppError(ErrorCode.USER_NOT_FOUND, "That user does not exist.");
  await takeCommunitySeat(userId, tx);
  const { membersPerCommunity } = await currentPlan(tx);
  const seats = await tx.community.updateMany({
    where: { id: communityId, ...(membersPerCommunity === null ? {} : { memberCount: { lt: membersPerCommunity } }) },
    data: { memberCount: { increment: 1 } },
  });
  if (seats.count === 0) {
    throw new AppError(ErrorCode.MEMBER_COUNT_LIMIT, "This community is full: it has reached its member limit.");
  }
  const row = await tx.member.create({
    data: {
      communityId,
      userId,
      role: join.role ?? "MEMBER",
      sortName: user.displayName.toLowerCase(),
      notify: user.defaultNotify,
      joinedAt: now(),
    },
    select: memberSelect,
  });
  const member = toMemberDTO(row);
  const community = await communityDTOFor(communityId, member.role, tx);
  afterCommit(() => announceJoin(community, member, via));
  return { member, community };
}

/** The new member's tabs join the rooms; they and the community hear of it; General says so. */
async function announceJoin(community: CommunityDTO, member: MemberDTO, via: JoinVia) {
  const communityId = community.id;
  addUserToRooms(member.id, [
    rooms.community(communityId),
    ...(isManager(member.role) ? [rooms.managers(communityId)] : []),
  ]);
  publish(rooms.user(member.id), "community:joined", community);
  publish(rooms.community(communityId), "member:joined", { communityId, member, via });
  await emitCommunityEvent(communityId, "member.joined", { communityId, member, via });
  const general = await db.channel.findFirst({
    where: { communityId, kind: "GENERAL" },
    select: { id: true, communityId: true, kind: true },
  });
  if (general) await postSystemMessage(general, member.id, { kind: "memberJoined" });
}

export const removalMessages: Record<RemovalReason, (name: string) => string> = {
  left: (name) => `You left ${name}.`,
  kicked: (name) => `You were removed from ${name}.`,
  banned: (name) => `You were banned from ${name}.`,
  dismissed: (name) => `${name} was deleted by its owner.`,
};

/**
 * Ends a membership inside the caller's transaction: counters, private-channel seats, channel
 * mutes. Once committed, the user's tabs leave every room of the community at once and learn why.
 * False (nothing registered) when the user was not a member.
 */
export async function dropMember(
  tx: DbClient,
  afterCommit: AfterCommit,
  removal: { communityId: string; communityName: string; userId: string; reason: RemovalReason },
) {
  const { communityId, userId } = removal;
  const removed = await tx.member.deleteMany({ where: { communityId, userId } });
  if (removed.count === 0) return false;
  const { kind } = await tx.community.update({
    where: { id: communityId },
    data: { memberCount: { decrement: 1 } },
    select: { kind: true },
  });
  // conversations take no community seat
  if (kind === "COMMUNITY") await tx.user.update({ where: { id: userId }, data: { communityCount: { decrement: 1 } } });
  await tx.channelMember.deleteMany({ where: { userId, channel: { communityId } } });
  await tx.channelMute.deleteMany({ where: { userId, channel: { communityId } } });
  afterCommit(() => announceRemoval({ ...removal, conversation: kind !== "COMMUNITY" }));
  return true;
}

async function announceRemoval({
  communityId,
  communityName,
  userId,
  reason,
  conversation,
}: {
  communityId: string;
  communityName: string;
  userId: string;
  reason: RemovalReason;
  conversation: boolean;
}) {
  const channels = await db.channel.findMany({ where: { communityId }, select: { id: true } });
  removeUserFromRooms(userId, [
    rooms.community(communityId),
    rooms.managers(communityId),
    ...channels.flatMap((c) => channelRooms(c.id)),
  ]);
  publish(rooms.user(userId), "community:removed", {
    communityId,
    reason,
    message: removalMessages[reason](communityName),
    conversation,
  });
  publish(rooms.community(communityId), "member:left", { communityId, userId, reason });
  await emitCommunityEvent(communityId, "member.left", { communityId, userId, reason });
}
