import { db } from "../db";
import { AppError, ErrorCode } from "../errors";
import type { Role } from "../dto";
import type { Actor, DbClient } from "./actor";

/**
 * Where community and channel access is decided. Every entry point (page, action, route, socket
 * event) asks these functions; nothing else decides who may read or write.
 */
export const isManager = (role: Role) => role === "OWNER" || role === "ADMIN";

export async function findMembership(userId: string, communityId: string, client: DbClient = db) {
  return client.member.findUnique({ where: { communityId_userId: { communityId, userId } } });
}

/** Any caller: the actor's membership, or 6001004 (no such community) / 6001005 (not a member). */
export async function requireMember(actor: Actor, communityId: string, client: DbClient = db) {
  const member = await findMembership(actor.userId, communityId, client);
  if (member) return member;
  const exists = await client.community.findUnique({ where: { id: communityId }, select: { id: true } });
  if (!exists) throw new AppError(ErrorCode.COMMUNITY_NOT_FOUND, "This community does not exist.");
  throw new AppError(ErrorCode.NOT_IN_COMMUNITY, "You are not a member of this community.");
}

/** Owner and admins only; others get 6001007. */
export async function requireManager(actor: Actor, communityId: string, client: DbClient = db) {
  const member = await requireMember(actor, communityId, client);
  if (!isManager(member.role)) {
    throw new AppError(ErrorCode.NO_PERMISSION, "Only the owner and admins can do this.");
  }
  return member;
}

/**
 * Members read public channels and General; a private channel only its members, the owner and
 * admins. A private channel the actor cannot read answers "does not exist", so its existence leaks
 * nowhere.
 */
export async function requireReadableChannel(actor: Actor, channelId: string, client: DbClient = db) {
  const channel = await client.channel.findUnique({ where: { id: channelId } });
  if (!channel) throw new AppError(ErrorCode.CHANNEL_NOT_FOUND, "This channel does not exist.");
  const member = await requireMember(actor, channel.communityId, client);
  if (channel.kind === "PRIVATE" && !isManager(member.role)) {
    const seat = await client.channelMember.findUnique({
      where: { channelId_userId: { channelId, userId: actor.userId } },
    });
    if (!seat) throw new AppError(ErrorCode.CHANNEL_NOT_FOUND, "This channel does not exist.");
  }
  return { channel, member };
}

/** The channels of a community the actor can read, in sidebar order. */
export async function listReadableChannels(actor: Actor, communityId: string, client: DbClient = db) {
  const member = await requireMember(actor, communityId, client);
  const channels = await client.channel.findMany({
    where: {
      communityId,
      ...(isManager(member.role)
        ? {}
        : { OR: [{ kind: { not: "PRIVATE" } }, { members: { some: { userId: actor.userId } } }] }),
    },
    orderBy: [{ position: "asc" }, { id: "asc" }],
  });
  return { member, channels };
}
