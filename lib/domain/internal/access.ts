import { db } from "../../db";
import type { Channel } from "../../generated/prisma/client";
import { AppError, ErrorCode } from "../../errors";
import type { Role } from "../../dto";
import type { DbClient } from "../actor";

/**
 * The actor-less access rules the use cases combine (access.ts holds the actor-first checks and
 * re-exports what adapters may use: isManager, PERMANENT).
 */
export const isManager = (role: Role) => role === "OWNER" || role === "ADMIN";

export const PERMANENT = new Date("9999-12-31T00:00:00.000Z");

export async function findMembership(userId: string, communityId: string, client: DbClient = db) {
  return client.member.findUnique({ where: { communityId_userId: { communityId, userId } } });
}

const disabledMessage = "This community was disabled by the app's administrators: it is read-only.";

/** A community an app administrator disabled is read-only for everyone in it (6002051). */
export async function requireActiveCommunity(communityId: string, client: DbClient = db) {
  const community = await client.community.findUnique({ where: { id: communityId }, select: { disabledAt: true } });
  if (community?.disabledAt) throw new AppError(ErrorCode.COMMUNITY_DISABLED, disabledMessage);
}

/**
 * The same rule for a channel already read with requireReadableChannel (no extra query). Given its
 * `directBlock` too, a direct conversation takes nothing new (messages, edits, reactions, pins) while
 * one of the two blocks the other (6002071), nor once the other's account was deleted or disabled
 * (6002005).
 */
export function requireWritable(access: {
  communityDisabled: boolean;
  directBlock?: "actor" | "other" | "gone" | null;
}) {
  if (access.communityDisabled) throw new AppError(ErrorCode.COMMUNITY_DISABLED, disabledMessage);
  if (access.directBlock === "gone") throw new AppError(ErrorCode.USER_NOT_FOUND, "This account is no longer active.");
  if (access.directBlock === "actor")
    throw new AppError(ErrorCode.DIRECT_MESSAGE_BLOCKED, "You blocked this person. Unblock them to message them.");
  // not said to be a block: the blocked person is not told
  if (access.directBlock === "other")
    throw new AppError(ErrorCode.DIRECT_MESSAGE_BLOCKED, "This person is not accepting your messages.");
}

/** What the rules of a thread look at, read with its access. */
export type ThreadAccess = {
  parentId: string;
  parentKind: Channel["kind"];
  ownerId: string;
  lockedAt: Date | null;
  archivedAt: Date | null;
  archiveAt: Date;
};

/** Who reads a message's channel for counting and activity: the channel itself, or a thread's parent. */
export const audienceChannel = (
  channel: { id: string; communityId: string; kind: string },
  thread: ThreadAccess | null,
) => (thread ? { id: thread.parentId, communityId: channel.communityId, kind: thread.parentKind } : channel);

/**
 * The read rule of requireReadableChannel as a SQL condition, for statements over many channels:
 * `channel` a "Channel" alias (a thread is judged by its parent), `member` the reader's "Member" alias.
 */
export const readableChannelCondition = (channel: string, member: string) =>
  `(${member}."role" IN ('OWNER', 'ADMIN') OR NOT EXISTS (
      SELECT 1 FROM "Channel" pc WHERE pc."id" = COALESCE(${channel}."parentId", ${channel}."id") AND pc."kind" = 'PRIVATE'
         AND NOT EXISTS (SELECT 1 FROM "ChannelMember" s WHERE s."channelId" = pc."id" AND s."userId" = ${member}."userId")))`;

const rankOf: Record<Role, number> = { OWNER: 3, ADMIN: 2, MEMBER: 1 };

/** SPEC rank rule: whether a role ranks strictly above another. */
export const outranks = (actorRole: Role, targetRole: Role) => rankOf[actorRole] > rankOf[targetRole];

/** SPEC rank rule: an actor acts only on members of strictly lower rank (6001035). */
export function requireOutranks(actorRole: Role, targetRole: Role, verb: string) {
  if (!outranks(actorRole, targetRole)) {
    throw new AppError(ErrorCode.TARGET_RANK_NOT_LOWER, `You can only ${verb} members ranked below you.`);
  }
}

/** The target must be a member of this very community (6001005 otherwise, whatever community they are in). */
export async function requireTargetMember(communityId: string, userId: string, client: DbClient = db) {
  const target = await findMembership(userId, communityId, client);
  if (!target) throw new AppError(ErrorCode.NOT_IN_COMMUNITY, "That user is not a member of this community.");
  return target;
}

/** Banned users cannot join by any path (6002031). */
export async function requireNotBanned(userId: string, communityId: string, client: DbClient = db) {
  const ban = await client.ban.findUnique({ where: { communityId_userId: { communityId, userId } } });
  if (ban) throw new AppError(ErrorCode.BANNED, "You are banned from this community.");
}
