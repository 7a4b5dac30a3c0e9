import { now } from "../clock";
import { db } from "../db";
import { AppError, ErrorCode } from "../errors";
import { currentPlan } from "./plan";
import { addUserToRooms, publish, removeUserFromRooms } from "../realtime/publish";
import { channelRooms, rooms } from "../realtime/rooms";
import type { MemberDTO, RemovalReason, Role } from "../dto";
import { isManager, requireActiveCommunity, requireNotBanned } from "./access";
import type { DbClient } from "./actor";
import { postSystemMessage } from "./messages";

/** Joining and leaving, shared by every path into and out of a community. */

export const memberSelect = {
  role: true,
  mutedUntil: true,
  joinedAt: true,
  user: { select: { id: true, username: true, displayName: true } },
} as const;

export const toMemberDTO = (row: { role: Role; mutedUntil: Date | null; joinedAt: Date; user: { id: string; username: string; displayName: string } }): MemberDTO => ({
  ...row.user,
  role: row.role,
  mutedUntil: row.mutedUntil && row.mutedUntil.getTime() > now().getTime() ? row.mutedUntil.toISOString() : null,
  joinedAt: row.joinedAt.toISOString(),
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
 * Makes a user a member inside the caller's transaction: refuses the banned, takes a seat in the
 * user's community limit and one in the community's member limit (conditional updates: exactly
 * one of many concurrent joins gets the last seat), then creates the membership.
 */
export async function admitMember(tx: DbClient, communityId: string, userId: string, role: Role = "MEMBER") {
  await requireNotBanned(userId, communityId, tx);
  await requireActiveCommunity(communityId, tx);
  const user = await tx.user.findUnique({ where: { id: userId }, select: { displayName: true } });
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
  return tx.member.create({
    data: { communityId, userId, role, sortName: user.displayName.toLowerCase(), joinedAt: now() },
    select: memberSelect,
  });
}

/** Ends a membership inside the caller's transaction: counters, private-channel seats, channel mutes. */
export async function dropMember(tx: DbClient, communityId: string, userId: string) {
  const removed = await tx.member.deleteMany({ where: { communityId, userId } });
  if (removed.count === 0) return false;
  await tx.community.update({ where: { id: communityId }, data: { memberCount: { decrement: 1 } } });
  await tx.user.update({ where: { id: userId }, data: { communityCount: { decrement: 1 } } });
  await tx.channelMember.deleteMany({ where: { userId, channel: { communityId } } });
  await tx.channelMute.deleteMany({ where: { userId, channel: { communityId } } });
  return true;
}

export async function communityDTOFor(communityId: string, role: Role) {
  const community = await db.community.findUniqueOrThrow({
    where: { id: communityId },
    select: { id: true, name: true, notice: true, memberCount: true, avatarPath: true },
  });
  return { id: community.id, name: community.name, notice: community.notice, memberCount: community.memberCount, role, avatarUrl: avatarUrl(community.avatarPath) };
}

export const avatarUrl = (avatarPath: string | null) => (avatarPath ? `/api/files/${avatarPath}` : null);

/** After commit: the new member's tabs join the rooms; they and the community hear of it. */
export async function announceJoin(communityId: string, member: MemberDTO, via: "invite" | "link" | "open" | "request") {
  const community = await communityDTOFor(communityId, member.role);
  addUserToRooms(member.id, [rooms.community(communityId), ...(isManager(member.role) ? [rooms.managers(communityId)] : [])]);
  publish(rooms.user(member.id), "community:joined", community);
  publish(rooms.community(communityId), "member:joined", { communityId, member, via });
  const general = await db.channel.findFirst({ where: { communityId, kind: "GENERAL" }, select: { id: true, communityId: true, kind: true } });
  if (general) await postSystemMessage(general, member.id, { kind: "memberJoined" });
  return community;
}

const removalMessages: Record<RemovalReason, (name: string) => string> = {
  left: (name) => `You left ${name}.`,
  kicked: (name) => `You were removed from ${name}.`,
  banned: (name) => `You were banned from ${name}.`,
  dismissed: (name) => `${name} was deleted by its owner.`,
};

/** After commit: the user's tabs leave every room of the community at once and learn why. */
export async function announceRemoval(communityId: string, communityName: string, userId: string, reason: RemovalReason) {
  const channels = await db.channel.findMany({ where: { communityId }, select: { id: true } });
  removeUserFromRooms(userId, [rooms.community(communityId), rooms.managers(communityId), ...channels.flatMap((c) => channelRooms(c.id))]);
  publish(rooms.user(userId), "community:removed", { communityId, reason, message: removalMessages[reason](communityName) });
  publish(rooms.community(communityId), "member:left", { communityId, userId, reason });
}

export { removalMessages };
