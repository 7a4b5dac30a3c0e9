import type pg from "pg";
import { db, sqlPool, statementName } from "../db";
import type { Channel, Member } from "../generated/prisma/client";
import { AppError, ErrorCode } from "../errors";
import type { Role } from "../dto";
import { idSchema } from "../schemas/community";
import type { Actor, DbClient } from "./actor";
import { createBatcher, settle } from "./internal/batch";
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
  return channelAccessOf(actor, row);
}

/** The rule of requireReadableChannel, given the channel's access kind (its parent's for a thread), the actor's role and seat in it. */
function requireReading(
  standing: { accessKind: Channel["kind"]; role: Role | null; seated: boolean } | undefined,
): asserts standing is { accessKind: Channel["kind"]; role: Role; seated: boolean } {
  if (!standing) throw new AppError(ErrorCode.CHANNEL_NOT_FOUND, "This channel does not exist.");
  if (!standing.role) throw new AppError(ErrorCode.NOT_IN_COMMUNITY, "You are not a member of this community.");
  if (standing.accessKind === "PRIVATE" && !isManager(standing.role) && !standing.seated) {
    throw new AppError(ErrorCode.CHANNEL_NOT_FOUND, "This channel does not exist.");
  }
}

/** The access a readableChannelSql row grants the actor, or the refusal (see requireReadableChannel). */
function channelAccessOf(actor: Actor, row: ReadableChannelRow | undefined) {
  requireReading(row);
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
    /** COMMUNITY, or a direct or group conversation */
    conversationKind: row.communityKind,
    /** a direct conversation that takes no message: "actor" blocked, or was blocked by ("other"), the other; or their account is "gone" (deleted, disabled) */
    directBlock: row.directBlock,
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
  communityKind: "COMMUNITY" | "DIRECT" | "GROUP";
  directBlock: "actor" | "other" | "gone" | null;
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
         (co."disabledAt" IS NOT NULL) AS "communityDisabled", co."memberCount" AS "communityMemberCount",
         co."kind" AS "communityKind",
         CASE WHEN co."kind" = 'DIRECT' THEN COALESCE((
           SELECT CASE WHEN b."blockerId" = $2 THEN 'actor' ELSE 'other' END FROM "Member" o
             JOIN "UserBlock" b ON (b."blockerId" = $2 AND b."blockedId" = o."userId") OR (b."blockerId" = o."userId" AND b."blockedId" = $2)
            WHERE o."communityId" = co."id" AND o."userId" <> $2
            ORDER BY 1 LIMIT 1),
           CASE WHEN NOT EXISTS (SELECT 1 FROM "Member" o JOIN "User" u ON u."id" = o."userId"
                                  WHERE o."communityId" = co."id" AND o."userId" <> $2
                                    AND u."deletedAt" IS NULL AND u."disabledAt" IS NULL) THEN 'gone' END) END AS "directBlock"
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

/** What a user's sockets listen to: their communities (with role) and the private channels they read. */
export type Subscriptions = { communities: { id: string; role: Role }[]; privateChannelIds: string[] };

/**
 * `run` inside a transaction on one pooled connection, straight through pg (every connect and
 * channel subscription takes one, shared with those arriving together). Thousands of sockets
 * reconnecting at once (a restart) queue for the pool rather than fail: pg's pool waits without a
 * time limit.
 */
async function inTransaction<T>(run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await sqlPool().connect();
  try {
    await client.query("BEGIN");
    const result = await run(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

// One statement for any number of users and memberships: it share-locks the users' memberships,
// their seats and the private channels they read (every CTE is read to its end, so every row is
// locked; what it answers comes from the locked rows, so a change committed while it waited is seen).
const subscriptionsSql = `
  WITH memberships AS MATERIALIZED (
         SELECT "userId", "communityId", "role" FROM "Member" WHERE "userId" = ANY($1::text[]) FOR SHARE),
       seats AS MATERIALIZED (
         SELECT "userId", "channelId" FROM "ChannelMember" WHERE "userId" = ANY($1::text[]) FOR SHARE),
       readable AS MATERIALIZED (
         SELECT m."userId", c."id" FROM "Channel" c JOIN memberships m ON m."communityId" = c."communityId"
           LEFT JOIN seats s ON s."userId" = m."userId" AND s."channelId" = c."id"
          WHERE c."kind" = 'PRIVATE' AND (m."role" IN ('OWNER', 'ADMIN') OR s."channelId" IS NOT NULL)
            FOR SHARE OF c)
  SELECT 'community' AS "kind", "userId", "communityId" AS "id", "role"::text AS "role" FROM memberships
  UNION ALL SELECT 'private', "userId", "id", NULL FROM readable
  UNION ALL SELECT 'seats', NULL, count(*)::text, NULL FROM seats`;

type SubscriptionRequest = { userId: string; use: (subscriptions: Subscriptions) => unknown };

const subscriptionBatches = createBatcher((requests: SubscriptionRequest[]) =>
  inTransaction(async (client) => {
    const { rows } = await client.query<{
      kind: "community" | "private" | "seats";
      userId: string | null;
      id: string;
      role: Role | null;
    }>({
      name: statementName("subscriptions"),
      text: subscriptionsSql,
      values: [[...new Set(requests.map((request) => request.userId))]],
    });
    const byUser = new Map<string, Subscriptions>();
    const of = (userId: string) => {
      let subscriptions = byUser.get(userId);
      if (!subscriptions) byUser.set(userId, (subscriptions = { communities: [], privateChannelIds: [] }));
      return subscriptions;
    };
    for (const row of rows) {
      if (row.kind === "community") of(row.userId!).communities.push({ id: row.id, role: row.role! });
      else if (row.kind === "private") of(row.userId!).privateChannelIds.push(row.id);
    }
    return requests.map((request) => settle(() => request.use(of(request.userId))));
  }),
);

/**
 * Reads the user's subscriptions and runs `use` (joining rooms) while the rows they rest on are
 * share-locked: a kick, ban, demotion or seat removal commits either before the read (and is seen)
 * or after `use` returns (and its room removal finds the socket already in the rooms). Three
 * statements (BEGIN, the read, COMMIT) for all the handshakes arriving together, however many
 * communities their users are in.
 */
export async function whileSubscriptionsHeld<T>(actor: Actor, use: (subscriptions: Subscriptions) => T): Promise<T> {
  return (await subscriptionBatches({ userId: actor.userId, use })) as T;
}

// Users' standings in channels, from the rows they rest on, share-locked: the channel and the one
// whose access it takes (a thread's parent), the membership, the seat; one row per request ("n",
// its place). Read from the locked rows, so a change committed while a lock waited is seen.
const channelStandingsSql = `
  WITH request AS (
         SELECT * FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS r("channelId", "userId", "n")),
       target AS MATERIALIZED (
         SELECT r."n", r."userId", c."communityId", a."id" AS "accessId", a."kind" FROM request r
           JOIN "Channel" c ON c."id" = r."channelId"
           JOIN "Channel" a ON a."id" = COALESCE(c."parentId", c."id")
            FOR SHARE OF c, a),
       membership AS MATERIALIZED (
         SELECT t."n", m."role" FROM target t
           JOIN "Member" m ON m."communityId" = t."communityId" AND m."userId" = t."userId"
            FOR SHARE OF m),
       seat AS MATERIALIZED (
         SELECT t."n" FROM target t
           JOIN "ChannelMember" s ON s."channelId" = t."accessId" AND s."userId" = t."userId"
            FOR SHARE OF s)
  SELECT t."n"::int AS "n", t."kind" AS "accessKind", mb."role"::text AS "role",
         EXISTS (SELECT 1 FROM seat WHERE seat."n" = t."n") AS "seated"
    FROM target t LEFT JOIN membership mb ON mb."n" = t."n"`;

type StandingRequest = { userId: string; channelId: string; use: () => unknown };

const standingBatches = createBatcher((requests: StandingRequest[]) =>
  inTransaction(async (client) => {
    const { rows } = await client.query<{ n: number; accessKind: Channel["kind"]; role: Role | null; seated: boolean }>(
      {
        name: statementName("channel-standings"),
        text: channelStandingsSql,
        values: [requests.map((request) => request.channelId), requests.map((request) => request.userId)],
      },
    );
    const standings = new Map(rows.map((row) => [row.n, row]));
    return requests.map((request, index) =>
      settle(() => {
        requireReading(standings.get(index + 1));
        return request.use();
      }),
    );
  }),
);

/**
 * requireReadableChannel's rule, then `use` while the user's standing in that channel is
 * share-locked (see whileSubscriptionsHeld). Three statements (BEGIN, the standings, COMMIT) for all
 * the subscriptions arriving together.
 */
export async function whileChannelReadable<T>(actor: Actor, channelId: string, use: () => T): Promise<T> {
  return (await standingBatches({ userId: actor.userId, channelId: idSchema.parse(channelId), use })) as T;
}

/** Owner only (6001037). */
export async function requireOwner(actor: Actor, communityId: string, client: DbClient = db) {
  const member = await requireMember(actor, communityId, client);
  if (member.role !== "OWNER") throw new AppError(ErrorCode.OWNER_ONLY, "Only the owner can do this.");
  await requireActiveCommunity(communityId, client);
  return member;
}
