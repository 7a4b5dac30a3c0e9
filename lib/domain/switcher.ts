import { likePrefix, sqlPool, statementName } from "../db";
import type { Actor } from "./actor";
import type { SwitchChannel, SwitchPerson, SwitchTargets, SwitchThread } from "../dto";
import { peopleQuerySchema, type PeopleQueryInput } from "../schemas/community";
import { readableChannelCondition } from "./internal/access";
import { avatarUrl } from "./internal/communities";
import { isArchived } from "./internal/threads";

/**
 * The quick switcher (Ctrl/Cmd+K): every place the actor can jump to, read in three statements
 * whatever the number of communities. Channels follow the one read rule of requireReadableChannel
 * (readableChannelCondition); a thread is listed only while the actor follows it and can read its
 * parent. Nothing of a community the actor left, was kicked or banned from is listed: every row
 * goes through the actor's membership.
 */

/** The most of each kind one answer carries (the client ranks them all in memory). */
export const switcherLimits = { communities: 1_000, channels: 2_000, threads: 500 } as const;

// The rail's order: oldest membership first.
const communitiesSql = `
  SELECT co."id", co."name", co."avatarPath"
    FROM "Member" m JOIN "Community" co ON co."id" = m."communityId" AND co."kind" = 'COMMUNITY'
   WHERE m."userId" = $1
   ORDER BY m."joinedAt", co."id"
   LIMIT $2`;

// The sidebar's order inside each community, communities in the rail's order.
const channelsSql = `
  SELECT c."id", c."name", c."kind", c."communityId", co."name" AS "communityName"
    FROM "Member" m
    JOIN "Community" co ON co."id" = m."communityId" AND co."kind" = 'COMMUNITY'
    JOIN "Channel" c ON c."communityId" = m."communityId" AND c."parentId" IS NULL
   WHERE m."userId" = $1 AND ${readableChannelCondition("c", "m")}
   ORDER BY m."joinedAt", m."communityId", c."position", c."id"
   LIMIT $2`;

// Followed threads, most recently active first.
const threadsSql = `
  SELECT c."id", c."name", t."parentId" AS "channelId", p."name" AS "channelName", c."communityId",
         co."name" AS "communityName",
         t."archivedAt" AT TIME ZONE 'UTC' AS "archivedAt", t."archiveAt" AT TIME ZONE 'UTC' AS "archiveAt"
    FROM "ThreadFollow" f
    JOIN "Channel" c ON c."id" = f."threadId"
    JOIN "Thread" t ON t."id" = c."id"
    JOIN "Channel" p ON p."id" = t."parentId"
    JOIN "Member" m ON m."communityId" = c."communityId" AND m."userId" = f."userId"
    JOIN "Community" co ON co."id" = c."communityId"
   WHERE f."userId" = $1 AND ${readableChannelCondition("c", "m")}
   ORDER BY t."activityAt" DESC, c."id" DESC
   LIMIT $2`;

type CommunityRow = { id: string; name: string; avatarPath: string | null };
type ThreadRow = Omit<SwitchThread, "archived"> & { archivedAt: Date | null; archiveAt: Date };

/** Signed-in users: their communities, the channels they can read in them, and the threads they follow. */
export async function listSwitchTargets(actor: Actor): Promise<SwitchTargets> {
  const pool = sqlPool();
  const [communities, channels, threads] = await Promise.all([
    pool.query<CommunityRow>({
      name: statementName("switcher-communities"),
      text: communitiesSql,
      values: [actor.userId, switcherLimits.communities],
    }),
    pool.query<SwitchChannel>({
      name: statementName("switcher-channels"),
      text: channelsSql,
      values: [actor.userId, switcherLimits.channels],
    }),
    pool.query<ThreadRow>({
      name: statementName("switcher-threads"),
      text: threadsSql,
      values: [actor.userId, switcherLimits.threads],
    }),
  ]);
  return {
    communities: communities.rows.map((row) => ({ id: row.id, name: row.name, avatarUrl: avatarUrl(row.avatarPath) })),
    channels: channels.rows.map((row) => ({
      id: row.id,
      name: row.name,
      kind: row.kind,
      communityId: row.communityId,
      communityName: row.communityName,
    })),
    threads: threads.rows.map(({ archivedAt, archiveAt, ...row }) => ({
      ...row,
      archived: isArchived({ archivedAt, archiveAt }),
    })),
  };
}

/** The most people one answer carries. */
export const peopleLimit = 20;

// Per community of the actor, the first members by name whose display name (sortName, on the
// community's name index) or username starts with the query; each person once, with the first
// community shared in the rail's order; then by name. Usernames come from the User table once.
const peopleSql = `
  SELECT p.* FROM (
    SELECT DISTINCT ON (m."userId") m."userId" AS "id", u."displayName", u."username", m."sortName",
           me."communityId", co."name" AS "communityName"
      FROM "Member" me
      CROSS JOIN LATERAL (
        SELECT x."userId", x."sortName" FROM "Member" x
         WHERE x."communityId" = me."communityId" AND x."userId" <> me."userId"
           AND (x."sortName" LIKE $2 OR x."userId" = ANY(ARRAY(SELECT y."id" FROM "User" y WHERE y."username" LIKE $2)))
         ORDER BY x."sortName", x."userId"
         LIMIT $3) m
      JOIN "User" u ON u."id" = m."userId"
      JOIN "Community" co ON co."id" = me."communityId" AND co."kind" = 'COMMUNITY'
     WHERE me."userId" = $1
     ORDER BY m."userId", me."joinedAt", me."communityId") p
   ORDER BY p."sortName", p."id"
   LIMIT $3`;

/** People who share a community with the actor, by display name or username prefix (6001001 for an empty query). */
export async function searchPeople(actor: Actor, input: PeopleQueryInput): Promise<SwitchPerson[]> {
  const { query } = peopleQuerySchema.parse(input);
  const { rows } = await sqlPool().query<SwitchPerson & { sortName: string }>({
    name: statementName("switcher-people"),
    text: peopleSql,
    values: [actor.userId, likePrefix(query), peopleLimit],
  });
  return rows.map(({ sortName: _sortName, ...person }) => person);
}
