import { now } from "../clock";
import { db, likePrefix, sqlPool, statementName, type Prisma } from "../db";
import { AppError, ErrorCode, toFailure } from "../errors";
import { addUserToRooms, publish, removeUserFromRooms } from "../realtime/publish";
import { rooms } from "../realtime/rooms";
import {
  idListSchema,
  idSchema,
  kickSchema,
  memberListSchema,
  memberRefSchema,
  muteSchema,
  pageSchema,
  setRoleSchema,
  targetSchema,
  type KickInput,
  type MemberListInput,
  type MuteInput,
  type SetRoleInput,
  type TargetInput,
} from "../schemas/community";
import { isStorableText } from "../schemas/text";
import type { BatchResult, MemberDTO, Role } from "../dto";
import { requireManager, requireManagerToRead, requireMember, requireOwner, requireReadableChannel } from "./access";
import type { Actor } from "./actor";
import { leaveConversation } from "./conversations";
import { isManager, PERMANENT, requireActiveCommunity, requireOutranks, requireTargetMember } from "./internal/access";
import { recordAudit } from "./internal/audit";
import { toChannelDTO } from "./internal/channels";
import type { CustomStatusRow } from "./internal/custom-status";
import { dropMember, memberSelect, toMemberDTO } from "./internal/membership";
import { roomsOfChannels } from "./internal/threads";
import { inTransaction } from "./internal/transaction";

type MemberRow = CustomStatusRow & {
  userId: string;
  role: Role;
  sortName: string;
  mutedUntil: Date | null;
  joinedAt: Date;
  username: string;
  displayName: string;
  avatarPath: string | null;
  isBot: boolean;
};

const encodeCursor = (parts: string[]) => Buffer.from(JSON.stringify(parts)).toString("base64url");
function decodeCursor(cursor: string, length: number): string[] {
  try {
    const parts = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(parts) &&
      parts.length === length &&
      parts.every((p) => typeof p === "string" && isStorableText(p))
    )
      return parts;
  } catch {
    // fall through
  }
  throw new AppError(ErrorCode.INVALID_INPUT, "This page cursor is not valid.");
}
const roles = new Set(["OWNER", "ADMIN", "MEMBER"]);

// Timestamps are stored without a zone, in UTC: AT TIME ZONE 'UTC' hands pg real instants whatever the server zone.
const memberColumns = `m."userId", m."role", m."sortName", m."mutedUntil" AT TIME ZONE 'UTC' AS "mutedUntil", m."joinedAt" AT TIME ZONE 'UTC' AS "joinedAt", u."username", u."displayName", u."avatarPath", u."isBot", u."presenceMode", u."customStatusText", u."customStatusEmoji", u."customStatusExpiresAt" AT TIME ZONE 'UTC' AS "customStatusExpiresAt"`;

type PageShape = { search: boolean; after: boolean; channel: boolean };

/**
 * One page of members as a single statement. The actor's membership row (`me`) joins the page, so
 * the common case is one round trip; no row means "not a member / cannot read the channel, or
 * nothing on this page", and listMembers then asks access.ts which. With a channel, its row joins
 * too: a private channel lists its seats plus owner and admins (who read every channel), and the
 * actor must be one of those readers — the rule of requireReadableChannel, here in SQL. A thread
 * lists the readers of its channel.
 */
function memberPageStatement(
  shape: PageShape,
  args: { communityId: string; userId: string; limit: number; channelId?: string; prefix?: string; after?: string[] },
) {
  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  const community = param(args.communityId);
  const actor = param(args.userId);
  const limit = param(args.limit);
  const channel = shape.channel ? param(args.channelId) : null;
  const order = shape.search ? `m."sortName", m."userId"` : `m."role", m."sortName", m."userId"`;
  const filters = [`m."communityId" = ${community}`];
  if (shape.search) {
    // the display name (sortName, on the page's index) or the username: those users come from the
    // User table once per statement (an InitPlan), and their memberships by primary key
    const prefix = param(args.prefix);
    filters.push(
      `(m."sortName" LIKE ${prefix} OR m."userId" = ANY(ARRAY(SELECT x."id" FROM "User" x WHERE x."username" LIKE ${prefix})))`,
    );
  }
  if (shape.after) {
    const [a, b, c] = args.after!;
    filters.push(
      shape.search
        ? `(m."sortName", m."userId") > (${param(a)}, ${param(b)})`
        : `(m."role", m."sortName", m."userId") > (${param(a)}::"Role", ${param(b)}, ${param(c)})`,
    );
  }
  const where = filters.join(" AND ");
  const page = (source: string, extra = "") =>
    `SELECT m.* FROM ${source} WHERE ${where}${extra} ORDER BY ${order} LIMIT ${limit}`;
  // Private: owner and admins from the role index (role < MEMBER bounds that range scan), seated
  // members from the channel's seats, each membership looked up by its key (OFFSET 0 keeps the
  // planner from hashing the whole community instead); each branch is a keyset page, merged.
  // Public and General: the community's page. The branches not taken stop at a one-time filter.
  const rows = channel
    ? `SELECT * FROM (
        (${page(`"Member" m`, ` AND c."kind" <> 'PRIVATE'`)})
        UNION ALL (${page(`"Member" m`, ` AND c."kind" = 'PRIVATE' AND m."role" < 'MEMBER'`)})
        UNION ALL (${page(
          `"ChannelMember" cm CROSS JOIN LATERAL (SELECT * FROM "Member" x WHERE x."communityId" = ${community} AND x."userId" = cm."userId" OFFSET 0) m`,
          ` AND c."kind" = 'PRIVATE' AND cm."channelId" = c."id" AND m."role" = 'MEMBER'`,
        )})
      ) m ORDER BY ${order} LIMIT ${limit}`
    : page(`"Member" m`);
  const text = `SELECT ${memberColumns} FROM "Member" me
    ${
      channel
        ? `JOIN "Channel" t ON t."id" = ${channel} AND t."communityId" = me."communityId"
                JOIN "Channel" c ON c."id" = COALESCE(t."parentId", t."id")`
        : ""
    }
    CROSS JOIN LATERAL (${rows}) m
    JOIN "User" u ON u."id" = m."userId"
    WHERE me."communityId" = ${community} AND me."userId" = ${actor}
    ${channel ? `AND (c."kind" <> 'PRIVATE' OR me."role" IN ('OWNER', 'ADMIN') OR EXISTS (SELECT 1 FROM "ChannelMember" s WHERE s."channelId" = c."id" AND s."userId" = me."userId"))` : ""}
    ORDER BY ${order}`;
  const name = `members_${shape.search ? "search" : "list"}${shape.after ? "After" : ""}${shape.channel ? "InChannel" : ""}`;
  return { name: statementName(name), text, values };
}

/**
 * Members: one page of the member list, grouped by role (owner, admins, members) then by name,
 * or, with a query, the members whose display name or username starts with it (by display name).
 * Keyset pages on the (community, role, sortName, user) and (community, sortName, user) indexes;
 * ≤ 100 per page. With a private channel: only those who can read it, and only for a reader of it
 * (6001062 otherwise).
 */
export async function listMembers(actor: Actor, input: MemberListInput) {
  const { communityId, query, cursor, limit, channelId } = memberListSchema.parse(input);
  const after = cursor ? decodeCursor(cursor, query ? 2 : 3) : undefined;
  if (after && !query && !roles.has(after[0]))
    throw new AppError(ErrorCode.INVALID_INPUT, "This page cursor is not valid.");
  const statement = memberPageStatement(
    { search: Boolean(query), after: Boolean(after), channel: Boolean(channelId) },
    {
      communityId,
      userId: actor.userId,
      limit: limit + 1,
      channelId,
      prefix: query ? likePrefix(query) : undefined,
      after,
    },
  );
  const { rows } = await sqlPool().query<MemberRow>(statement);
  if (rows.length === 0) {
    await requireMember(actor, communityId);
    if (channelId) await requireChannelReadableIn(actor, communityId, channelId);
  }
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor(query ? [last.sortName, last.userId] : [last.role, last.sortName, last.userId])
      : null;
  const members: MemberDTO[] = page.map((row) =>
    toMemberDTO({
      role: row.role,
      mutedUntil: row.mutedUntil,
      joinedAt: row.joinedAt,
      user: {
        id: row.userId,
        username: row.username,
        displayName: row.displayName,
        avatarPath: row.avatarPath,
        isBot: row.isBot,
        presenceMode: row.presenceMode,
        customStatusText: row.customStatusText,
        customStatusEmoji: row.customStatusEmoji,
        customStatusExpiresAt: row.customStatusExpiresAt,
      },
    }),
  );
  return { members, nextCursor };
}

/**
 * One member of a community the actor belongs to (a link such as the quick switcher's people opens
 * their card); null when that user is not a member. Not a member oneself: 6001005.
 */
export async function findMember(actor: Actor, input: { communityId: string; userId: string }) {
  const { communityId, userId } = memberRefSchema.parse(input);
  await requireMember(actor, communityId);
  const row = await db.member.findUnique({
    where: { communityId_userId: { communityId, userId } },
    select: memberSelect,
  });
  return row ? toMemberDTO(row) : null;
}

/** A channel of another community is "not found" here, like one the actor cannot read. */
async function requireChannelReadableIn(actor: Actor, communityId: string, channelId: string) {
  const channel = await db.channel.findUnique({ where: { id: channelId }, select: { communityId: true } });
  if (!channel || channel.communityId !== communityId)
    throw new AppError(ErrorCode.CHANNEL_NOT_FOUND, "This channel does not exist.");
  await requireReadableChannel(actor, channelId);
}

async function publishMember(communityId: string, userId: string) {
  const row = await db.member.findUnique({
    where: { communityId_userId: { communityId, userId } },
    select: memberSelect,
  });
  if (row) publish(rooms.community(communityId), "member:updated", { communityId, member: toMemberDTO(row) });
}

function syncManagerRoom(userId: string, communityId: string, role: Role) {
  if (isManager(role)) addUserToRooms(userId, [rooms.managers(communityId)]);
  else removeUserFromRooms(userId, [rooms.managers(communityId)]);
}

/**
 * Owner and admins read every private channel; members only those they hold a seat in. After a
 * role change the user's tabs gain or lose the private channels without a seat, rooms included.
 */
async function syncPrivateChannelAccess(userId: string, communityId: string, from: Role, to: Role) {
  if (isManager(from) === isManager(to)) return;
  const unseated = await db.channel.findMany({
    where: { communityId, kind: "PRIVATE", members: { none: { userId } } },
    orderBy: { position: "asc" },
  });
  if (isManager(to)) {
    addUserToRooms(
      userId,
      unseated.map((channel) => rooms.readers(channel.id)),
    );
    for (const channel of unseated) publish(rooms.user(userId), "channel:created", toChannelDTO(channel));
    return;
  }
  removeUserFromRooms(userId, await roomsOfChannels(unseated.map((channel) => channel.id)));
  for (const channel of unseated)
    publish(rooms.user(userId), "channel:deleted", { communityId, channelId: channel.id });
}

/**
 * Owner only: makes a member an Admin or a Member again. Nobody can be set to Owner (6001038:
 * ownership moves by transfer) and nobody changes their own role (6001039).
 */
export async function setMemberRole(actor: Actor, input: SetRoleInput) {
  const { communityId, userId, role } = setRoleSchema.parse(input);
  if (role === "OWNER")
    throw new AppError(ErrorCode.CANNOT_SET_OWNER, "Nobody can be made owner this way: transfer ownership instead.");
  if (userId === actor.userId) throw new AppError(ErrorCode.CANNOT_CHANGE_OWN_ROLE, "You cannot change your own role.");
  await inTransaction(async (tx, afterCommit) => {
    await requireOwner(actor, communityId, tx);
    const target = await requireTargetMember(communityId, userId, tx);
    afterCommit(async () => {
      syncManagerRoom(userId, communityId, role);
      await syncPrivateChannelAccess(userId, communityId, target.role, role);
      await publishMember(communityId, userId);
    });
    if (target.role === role) return;
    await tx.member.update({ where: { communityId_userId: { communityId, userId } }, data: { role } });
    await recordAudit(tx, {
      communityId,
      actorId: actor.userId,
      action: "member.role",
      targetUserId: userId,
      details: { from: target.role, to: role },
    });
  });
  return { userId, role };
}

/** Owner only: hands ownership to another member; the former owner becomes an Admin. */
export async function transferOwnership(actor: Actor, input: { communityId: string; userId: string }) {
  const communityId = idSchema.parse(input?.communityId);
  const userId = idSchema.parse(input?.userId);
  if (userId === actor.userId) throw new AppError(ErrorCode.CANNOT_CHANGE_OWN_ROLE, "You already own this community.");
  await inTransaction(async (tx, afterCommit) => {
    await requireOwner(actor, communityId, tx);
    const target = await requireTargetMember(communityId, userId, tx);
    await tx.member.update({
      where: { communityId_userId: { communityId, userId } },
      data: { role: "OWNER", mutedUntil: null },
    });
    await tx.member.update({
      where: { communityId_userId: { communityId, userId: actor.userId } },
      data: { role: "ADMIN" },
    });
    await tx.community.update({ where: { id: communityId }, data: { ownerId: userId } });
    await recordAudit(tx, { communityId, actorId: actor.userId, action: "member.transfer", targetUserId: userId });
    afterCommit(async () => {
      syncManagerRoom(userId, communityId, "OWNER");
      await syncPrivateChannelAccess(userId, communityId, target.role, "OWNER");
      await publishMember(communityId, userId);
      await publishMember(communityId, actor.userId);
    });
  });
  return { ownerId: userId };
}

/** Any member but the owner (6001031: transfer first). A conversation is left as conversations are. */
export async function leaveCommunity(actor: Actor, communityId: string) {
  const id = idSchema.parse(communityId);
  const { kind } = (await db.community.findUnique({ where: { id }, select: { kind: true } })) ?? {};
  if (kind === "DIRECT" || kind === "GROUP")
    return { communityId: (await leaveConversation(actor, { conversationId: id })).conversationId };
  await inTransaction(async (tx, afterCommit) => {
    const me = await requireMember(actor, id, tx);
    if (me.role === "OWNER")
      throw new AppError(ErrorCode.OWNER_CANNOT_LEAVE, "The owner cannot leave: transfer ownership first.");
    const { name } = await tx.community.findUniqueOrThrow({ where: { id }, select: { name: true } });
    await dropMember(tx, afterCommit, { communityId: id, communityName: name, userId: actor.userId, reason: "left" });
  });
  return { communityId: id };
}

/**
 * Owner and admins (others: 6001034): removes up to 100 members at once. Per user: never oneself
 * (6001033), only members (6001005) ranked below the actor (6001035); the others are removed.
 * Kicked users may rejoin.
 */
export async function kickMembers(actor: Actor, input: KickInput): Promise<{ results: BatchResult[] }> {
  const { communityId, userIds, reason } = kickSchema.parse(input);
  const me = await requireMember(actor, communityId);
  if (!isManager(me.role))
    throw new AppError(ErrorCode.NO_KICK_PERMISSION, "Only the owner and admins can remove members.");
  await requireActiveCommunity(communityId);
  const { name } = await db.community.findUniqueOrThrow({ where: { id: communityId }, select: { name: true } });
  const results: BatchResult[] = [];
  for (const userId of [...new Set(userIds)]) {
    try {
      if (userId === actor.userId)
        throw new AppError(ErrorCode.CANNOT_KICK_SELF, "You cannot remove yourself: leave the community instead.");
      await inTransaction(async (tx, afterCommit) => {
        const current = await requireMember(actor, communityId, tx); // the actor may have lost the role meanwhile
        if (!isManager(current.role))
          throw new AppError(ErrorCode.NO_KICK_PERMISSION, "Only the owner and admins can remove members.");
        const target = await requireTargetMember(communityId, userId, tx);
        requireOutranks(current.role, target.role, "remove");
        await dropMember(tx, afterCommit, { communityId, communityName: name, userId, reason: "kicked" });
        await recordAudit(tx, {
          communityId,
          actorId: actor.userId,
          action: "member.kick",
          targetUserId: userId,
          reason,
        });
      });
      results.push({ userId, ok: true });
    } catch (error) {
      const failure = toFailure(error);
      results.push({ userId, ok: false, code: failure.code, message: failure.message });
    }
  }
  return { results };
}

/**
 * Owner and admins: bans a user (a member ranked below the actor, or anyone not in the community)
 * with an optional reason. A banned user is removed and cannot come back by link, request or invite.
 * Nobody can ban themselves (6002054).
 */
export async function banMember(actor: Actor, input: TargetInput) {
  const { communityId, userId, reason } = targetSchema.parse(input);
  if (userId === actor.userId) throw new AppError(ErrorCode.CANNOT_BAN_SELF, "You cannot ban yourself.");
  await inTransaction(async (tx, afterCommit) => {
    const me = await requireManager(actor, communityId, tx);
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
    if (!user) throw new AppError(ErrorCode.USER_NOT_FOUND, "That user does not exist.");
    const target = await tx.member.findUnique({ where: { communityId_userId: { communityId, userId } } });
    if (target) requireOutranks(me.role, target.role, "ban");
    const { name } = await tx.community.findUniqueOrThrow({ where: { id: communityId }, select: { name: true } });
    if (target) await dropMember(tx, afterCommit, { communityId, communityName: name, userId, reason: "banned" });
    await tx.ban.upsert({
      where: { communityId_userId: { communityId, userId } },
      create: { communityId, userId, reason, bannedById: actor.userId },
      update: { reason, bannedById: actor.userId },
    });
    await tx.joinRequest.updateMany({
      where: { communityId, userId, status: "PENDING" },
      data: { status: "REJECTED", decidedById: actor.userId, decidedAt: now() },
    });
    await recordAudit(tx, { communityId, actorId: actor.userId, action: "member.ban", targetUserId: userId, reason });
  });
  return { userId, banned: true };
}

/** Owner and admins: lifts a ban (the user may join again). */
export async function unbanMember(actor: Actor, input: { communityId: string; userId: string }) {
  const communityId = idSchema.parse(input?.communityId);
  const userId = idSchema.parse(input?.userId);
  await db.$transaction(async (tx) => {
    await requireManager(actor, communityId, tx);
    const removed = await tx.ban.deleteMany({ where: { communityId, userId } });
    if (removed.count === 0) throw new AppError(ErrorCode.USER_NOT_FOUND, "That user is not banned here.");
    await recordAudit(tx, { communityId, actorId: actor.userId, action: "member.unban", targetUserId: userId });
  });
  return { userId, banned: false };
}

/** Owner and admins: banned users with reasons, newest first, by cursor (keyset on createdAt, userId). */
export async function listBans(actor: Actor, communityId: string, page: { cursor?: string; limit?: number } = {}) {
  await requireManagerToRead(actor, communityId);
  const { cursor, limit } = pageSchema.parse(page);
  const after = cursor ? decodeCursor(cursor, 2) : null;
  const at = after ? new Date(after[0]) : null;
  if (at && Number.isNaN(at.getTime())) throw new AppError(ErrorCode.INVALID_INPUT, "This page cursor is not valid.");
  const rows = await db.ban.findMany({
    where: {
      communityId,
      ...(at && after ? { OR: [{ createdAt: { lt: at } }, { createdAt: at, userId: { gt: after[1] } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { userId: "asc" }],
    take: limit + 1,
    include: {
      user: { select: { id: true, username: true, displayName: true } },
      bannedBy: { select: { id: true, displayName: true } },
    },
  });
  const bans = rows.slice(0, limit).map((row) => ({
    user: row.user,
    reason: row.reason,
    bannedBy: row.bannedBy,
    createdAt: row.createdAt.toISOString(),
  }));
  const last = bans.at(-1);
  return { bans, nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt, last.user.id]) : null };
}

/**
 * Owner and admins: mutes a member ranked below them for 1 minute … 30 days or permanently,
 * community-wide or in one channel of this community (6001066 otherwise). Muted members read but cannot send.
 * Nobody can mute themselves (6002055).
 */
export async function muteMember(actor: Actor, input: MuteInput) {
  const { communityId, userId, durationSeconds, channelId, reason } = muteSchema.parse(input);
  if (userId === actor.userId) throw new AppError(ErrorCode.CANNOT_MUTE_SELF, "You cannot mute yourself.");
  const until = durationSeconds === null ? PERMANENT : new Date(now().getTime() + durationSeconds * 1000);
  await inTransaction(async (tx, afterCommit) => {
    const me = await requireManager(actor, communityId, tx);
    const target = await requireTargetMember(communityId, userId, tx);
    requireOutranks(me.role, target.role, "mute");
    if (channelId) {
      await requireChannelOf(communityId, channelId, tx);
      await tx.channelMute.upsert({
        where: { channelId_userId: { channelId, userId } },
        create: { channelId, userId, mutedUntil: until },
        update: { mutedUntil: until },
      });
    } else {
      await tx.member.update({ where: { communityId_userId: { communityId, userId } }, data: { mutedUntil: until } });
    }
    await recordAudit(tx, {
      communityId,
      actorId: actor.userId,
      action: "member.mute",
      targetUserId: userId,
      reason,
      details: { until: until.toISOString(), channelId: channelId ?? null },
    });
    afterCommit(() =>
      publish(rooms.community(communityId), "member:muted", {
        communityId,
        userId,
        channelId: channelId ?? null,
        mutedUntil: until.toISOString(),
      }),
    );
  });
  return { userId, channelId: channelId ?? null, mutedUntil: until.toISOString() };
}

/** Owner and admins: lifts a mute (community-wide or in one channel). */
export async function unmuteMember(actor: Actor, input: { communityId: string; userId: string; channelId?: string }) {
  const communityId = idSchema.parse(input?.communityId);
  const userId = idSchema.parse(input?.userId);
  const channelId = input.channelId ? idSchema.parse(input.channelId) : undefined;
  await inTransaction(async (tx, afterCommit) => {
    const me = await requireManager(actor, communityId, tx);
    const target = await requireTargetMember(communityId, userId, tx);
    requireOutranks(me.role, target.role, "unmute");
    if (channelId) {
      await requireChannelOf(communityId, channelId, tx);
      await tx.channelMute.deleteMany({ where: { channelId, userId } });
    } else {
      await tx.member.update({ where: { communityId_userId: { communityId, userId } }, data: { mutedUntil: null } });
    }
    await recordAudit(tx, {
      communityId,
      actorId: actor.userId,
      action: "member.unmute",
      targetUserId: userId,
      details: { channelId: channelId ?? null },
    });
    afterCommit(() =>
      publish(rooms.community(communityId), "member:muted", {
        communityId,
        userId,
        channelId: channelId ?? null,
        mutedUntil: null,
      }),
    );
  });
  return { userId, channelId: channelId ?? null, mutedUntil: null };
}

async function requireChannelOf(communityId: string, channelId: string, tx: Prisma.TransactionClient) {
  const channel = await tx.channel.findUnique({
    where: { id: channelId },
    select: { communityId: true, parentId: true },
  });
  // a thread's mutes are its channel's: a mute "in a thread" would never apply
  if (!channel || channel.parentId) throw new AppError(ErrorCode.CHANNEL_NOT_FOUND, "This channel does not exist.");
  if (channel.communityId !== communityId)
    throw new AppError(ErrorCode.CHANNEL_NOT_IN_COMMUNITY, "That channel is not in this community.");
}

/** Of `userIds`, those who are members of a community the actor belongs to (presence is shown only there). */
export async function membersAmong(actor: Actor, communityId: string, userIds: string[]): Promise<string[]> {
  const id = idSchema.parse(communityId);
  const ids = idListSchema.parse(userIds);
  await requireMember(actor, id);
  if (ids.length === 0) return [];
  const rows = await db.member.findMany({ where: { communityId: id, userId: { in: ids } }, select: { userId: true } });
  return rows.map((row) => row.userId);
}
