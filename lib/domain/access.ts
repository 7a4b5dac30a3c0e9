import { db, sqlPool, statementName } from "../db";
import type { Channel, Member } from "../generated/prisma/client";
import { AppError, ErrorCode } from "../errors";
import type { Role } from "../dto";
import { idSchema } from "../schemas/community";
import type { Actor, DbClient } from "./actor";
import { findMembership, isManager, PERMANENT, requireActiveCommunity, type ThreadAccess } from "./internal/access";

/**
 * Where community and channel access is decided. Every entry point (page, action, route, socket
 * event) asks these functions; nothing else decides who may read or write. The actor-less rules
 * they combine (bans, ranks, a disabled community) are in internal/access.ts.
 */

// Pure: the socket server and pages use them to decide what a role sees.
export { isManager, PERMANENT };
export type { ThreadAccess };

/** Any caller: the actor's membership, or 6002001 (not an id) / 6001004 (no such community) / 6001005 (not a member). */
export async function requireMember(actor: Actor, communityId: string, client: DbClient = db) {
  const member = await findMembership(actor.userId, idSchema.parse(communityId), client);
  if (member) return member;
  const exists = await client.community.findUnique({ where: { id: communityId }, select: { id: true } });
  if (!exists) throw new AppError(ErrorCode.COMMUNITY_NOT_FOUND, "This community does not exist.");
  throw new AppError(ErrorCode.NOT_IN_COMMUNITY, "You are not a member of this community.");
}

/** Owner and admins only, to read what only they see (bans, invites, requests, audit); others get 6001007. */
export async function requireManagerToRead(actor: Actor, communityId: string, client: DbClient = db) {
  const member = await requireMember(actor, communityId, client);
  if (!isManager(member.role)) {
    throw new AppError(ErrorCode.NO_PERMISSION, "Only the owner and admins can do this.");
  }
  return member;
}

/** Owner and admins only, to change something: also refused while the community is disabled (6002051). */
export async function requireManager(actor: Actor, communityId: string, client: DbClient = db) {
  const member = await requireManagerToRead(actor, communityId, client);
  await requireActiveCommunity(communityId, client);
  return member;
}

/**
 * Members read public channels and General; a private channel only its members, the owner and
 * admins; a thread whoever can read the channel it was opened in. A private channel (or its thread)
 * the actor cannot read answers "does not exist", so its existence leaks nowhere.
 */
export async function requireReadableChannel(actor: Actor, channelId: string, client: DbClient = db) {
  // One round trip: it runs on every send and history page (straight through pg outside transactions).
  const values = [idSchema.parse(channelId), actor.userId];
  const [row] =
    client === db
      ? (
          await sqlPool().query<ReadableChannelRow>({
            name: statementName("readable-channel"),
            text: readableChannelSql,
            values,
          })
        ).rows
      : await client.$queryRawUnsafe<ReadableChannelRow[]>(readableChannelSql, ...values);
  if (!row) throw new AppError(ErrorCode.CHANNEL_NOT_FOUND, "This channel does not exist.");
  if (!row.role) throw new AppError(ErrorCode.NOT_IN_COMMUNITY, "You are not a member of this community.");
  if (row.accessKind === "PRIVATE" && !isManager(row.role) && !row.seated) {
    throw new AppError(ErrorCode.CHANNEL_NOT_FOUND, "This channel does not exist.");
  }
  const channel: Channel = {
    id: row.id,
    communityId: row.communityId,
    categoryId: row.categoryId,
    name: row.name,
    topic: row.topic,
    kind: row.kind,
    position: row.position,
    avatarPath: row.avatarPath,
    muteMode: row.muteMode,
    mutedRoles: row.mutedRoles,
    muteUntil: row.muteUntil,
    slowmodeSeconds: row.slowmodeSeconds,
    parentId: row.parentId,
    createdAt: row.createdAt,
  };
  const member: Member = {
    communityId: row.communityId,
    userId: actor.userId,
    role: row.role,
    sortName: row.sortName!,
    mutedUntil: row.mutedUntil,
    notify: row.notify!,
    joinedAt: row.joinedAt!,
  };
  const thread: ThreadAccess | null = row.parentId
    ? {
        parentId: row.parentId,
        parentKind: row.accessKind,
        ownerId: row.threadOwnerId!,
        lockedAt: row.threadLockedAt,
        archivedAt: row.threadArchivedAt,
        archiveAt: row.threadArchiveAt!,
      }
    : null;
  return {
    channel,
    member,
    channelMutedUntil: row.channelMutedUntil,
    thread,
    communityDisabled: row.communityDisabled,
    communityMemberCount: row.communityMemberCount,
  };
}

/** A channel the actor can read, as requireReadableChannel answers it. */
export type ChannelAccess = Awaited<ReturnType<typeof requireReadableChannel>>;

type ReadableChannelRow = Channel & {
  accessKind: Channel["kind"];
  role: Role | null;
  sortName: string | null;
  mutedUntil: Date | null;
  joinedAt: Date | null;
  notify: Member["notify"] | null;
  seated: boolean;
  channelMutedUntil: Date | null;
  threadOwnerId: string | null;
  threadLockedAt: Date | null;
  threadArchivedAt: Date | null;
  threadArchiveAt: Date | null;
  communityDisabled: boolean;
  communityMemberCount: number;
};

// Timestamps are stored without a zone, in UTC: AT TIME ZONE 'UTC' hands pg real instants.
// A thread (c) takes access, mute mode, slowmode and member mutes from its parent (a = parent or c).
const readableChannelSql = `
  SELECT c."id", c."communityId", c."categoryId", c."name", c."topic", c."kind", c."position", c."avatarPath", c."parentId",
         a."muteMode", a."mutedRoles", a."muteUntil" AT TIME ZONE 'UTC' AS "muteUntil", a."slowmodeSeconds",
         c."createdAt" AT TIME ZONE 'UTC' AS "createdAt", a."kind" AS "accessKind",
         m."role", m."sortName", m."mutedUntil" AT TIME ZONE 'UTC' AS "mutedUntil", m."joinedAt" AT TIME ZONE 'UTC' AS "joinedAt", m."notify",
         EXISTS (SELECT 1 FROM "ChannelMember" s WHERE s."channelId" = a."id" AND s."userId" = $2) AS "seated",
         (SELECT x."mutedUntil" AT TIME ZONE 'UTC' FROM "ChannelMute" x WHERE x."channelId" = a."id" AND x."userId" = $2) AS "channelMutedUntil",
         t."ownerId" AS "threadOwnerId", t."lockedAt" AT TIME ZONE 'UTC' AS "threadLockedAt",
         t."archivedAt" AT TIME ZONE 'UTC' AS "threadArchivedAt", t."archiveAt" AT TIME ZONE 'UTC' AS "threadArchiveAt",
         (co."disabledAt" IS NOT NULL) AS "communityDisabled", co."memberCount" AS "communityMemberCount"
    FROM "Channel" c
    JOIN "Community" co ON co."id" = c."communityId"
    JOIN "Channel" a ON a."id" = COALESCE(c."parentId", c."id")
    LEFT JOIN "Thread" t ON t."id" = c."id"
    LEFT JOIN "Member" m ON m."communityId" = c."communityId" AND m."userId" = $2
   WHERE c."id" = $1`;

/** The channels of a community the actor can read, in sidebar order. */
export async function listReadableChannels(actor: Actor, communityId: string, client: DbClient = db) {
  const member = await requireMember(actor, communityId, client);
  const channels = await client.channel.findMany({
    where: {
      communityId,
      parentId: null,
      ...(isManager(member.role)
        ? {}
        : { OR: [{ kind: { not: "PRIVATE" } }, { members: { some: { userId: actor.userId } } }] }),
    },
    orderBy: [{ position: "asc" }, { id: "asc" }],
  });
  return { member, channels };
}

/** Thousands of sockets reconnecting at once (a restart) queue for the pool rather than fail. */
const CONNECT_STORM = { maxWait: 30_000, timeout: 30_000 };

/** What a user's sockets listen to: their communities (with role) and the private channels they read. */
export type Subscriptions = { communities: { id: string; role: Role }[]; privateChannelIds: string[] };

/**
 * Reads the user's subscriptions and runs `use` (joining rooms) while the rows they rest on are
 * share-locked: a kick, ban, demotion or seat removal commits either before the read (and is seen)
 * or after `use` returns (and its room removal finds the socket already in the rooms).
 */
export async function whileSubscriptionsHeld<T>(actor: Actor, use: (subscriptions: Subscriptions) => T): Promise<T> {
  return db.$transaction(async (tx) => {
    const communities = await tx.$queryRaw<{ id: string; role: Role }[]>`
      SELECT "communityId" AS "id", "role"::text AS "role" FROM "Member" WHERE "userId" = ${actor.userId} ORDER BY "joinedAt" FOR SHARE`;
    await tx.$queryRaw`SELECT 1 FROM "ChannelMember" WHERE "userId" = ${actor.userId} FOR SHARE`;
    const privateChannels = await tx.$queryRaw<{ id: string }[]>`
      SELECT c."id" FROM "Channel" c
        JOIN "Member" m ON m."communityId" = c."communityId" AND m."userId" = ${actor.userId}
       WHERE c."kind" = 'PRIVATE'
         AND (m."role" IN ('OWNER', 'ADMIN') OR EXISTS (SELECT 1 FROM "ChannelMember" s WHERE s."channelId" = c."id" AND s."userId" = ${actor.userId}))
         FOR SHARE OF c`;
    return use({ communities, privateChannelIds: privateChannels.map((row) => row.id) });
  }, CONNECT_STORM);
}

/** requireReadableChannel, then `use` while the user's standing in that channel is share-locked (see whileSubscriptionsHeld). */
export async function whileChannelReadable<T>(actor: Actor, channelId: string, use: () => T): Promise<T> {
  const id = idSchema.parse(channelId);
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`
      SELECT 1 FROM "Channel" c JOIN "Member" m ON m."communityId" = c."communityId" AND m."userId" = ${actor.userId}
       WHERE c."id" = ${id} FOR SHARE OF c, m`;
    await tx.$queryRaw`
      SELECT 1 FROM "ChannelMember" s JOIN "Channel" c ON s."channelId" IN (c."id", c."parentId")
       WHERE c."id" = ${id} AND s."userId" = ${actor.userId} FOR SHARE OF s`;
    await requireReadableChannel(actor, id, tx);
    return use();
  }, CONNECT_STORM);
}

/** Owner only (6001037). */
export async function requireOwner(actor: Actor, communityId: string, client: DbClient = db) {
  const member = await requireMember(actor, communityId, client);
  if (member.role !== "OWNER") throw new AppError(ErrorCode.OWNER_ONLY, "Only the owner can do this.");
  await requireActiveCommunity(communityId, client);
  return member;
}
