import { now } from "../clock";
import { sqlPool, statementName } from "../db";
import type { ChannelReadState, CommunityReadState, NotifyLevel } from "../dto";
import { idFloor } from "../ids";
import { limits } from "../limits";
import { LATEST_POSITION } from "../unread";
import { publish } from "../realtime/publish";
import { rooms } from "../realtime/rooms";
import { idSchema } from "../schemas/community";
import { markReadSchema, setNotifySchema, type MarkReadInput, type SetNotifyInput } from "../schemas/read-state";
import { requireMember, requireReadableChannel } from "./access";
import { readableChannelCondition } from "./internal/access";
import { heldReadPositions, holdReadPosition, marksSettled, trackMark } from "./internal/read-marks";
import type { Actor } from "./actor";

/** Shutdown writes the read positions still held (server.ts). */
export { stopReadPositions } from "./internal/read-marks";

/**
 * Unread and mention counts come from read positions and time-sortable ids: per channel, the
 * messages after the reader's position (never before they joined the community or took their
 * private-channel seat), not deleted, not removed, not their own, not by someone they blocked;
 * each count stops at limits.unreadCountCap, so a page load never walks a channel's whole history.
 *
 * The tail of one channel is a range of "channelKey" (channelId || id, generated, indexed): with
 * "channelId" = … AND id > … PostgreSQL's generic plan walked the id index across every channel's
 * newer messages (bench/unread.ts measured it); the key range can only be read in that channel.
 *
 * A read position is the stored one or the one this process holds for it (internal/read-marks.ts:
 * marks are written in batches), whichever is further.
 */
const tail = (position: string) =>
  `x."channelKey" > c."id" || ${position} AND x."channelKey" <= c."id" || '${LATEST_POSITION}'
             AND x."deletedAt" IS NULL AND x."removedAt" IS NULL AND x."authorId" <> $1
             AND NOT EXISTS (SELECT 1 FROM "UserBlock" ub WHERE ub."blockerId" = $1 AND ub."blockedId" = x."authorId")`;

// The reader's channels, plus the threads they follow (and, asked by id, a thread they do not);
// a thread is judged by its parent (a) for access and for the private-seat floor, and counts
// from when it was followed. Held positions come in $5/$6; the one of channel $3 (a mark) is
// clamped to that channel's newest message (none yet: no position).
const readStatesSql = `
  WITH held AS (
    SELECT h."channelId",
           CASE WHEN h."channelId" = $3
                THEN (SELECT LEAST(h."position", x."id") FROM "Message" x
                       WHERE x."channelKey" > $3 AND x."channelKey" <= $3 || '${LATEST_POSITION}' ORDER BY x."channelKey" DESC LIMIT 1)
                ELSE h."position" END AS "position"
      FROM unnest($5::text[], $6::text[]) AS h("channelId", "position")
  )
  SELECT c."id" AS "channelId", c."communityId", c."parentId", CASE WHEN c."parentId" IS NOT NULL THEN c."name" END AS "threadName",
         m."notify" AS "communityNotify", s."notify",
         b."position" AS "lastReadId",
         (SELECT x."id" FROM "Message" x WHERE ${tail('b."position"')} ORDER BY x."channelKey" LIMIT 1) AS "firstUnreadId",
         (SELECT count(*)::int FROM (SELECT 1 FROM "Message" x WHERE ${tail('b."position"')} LIMIT $4) u) AS "unread",
         (SELECT count(*)::int FROM (SELECT 1 FROM "Message" x WHERE ${tail('b."position"')}
             AND (x."mentionsEveryone" OR x."mentionIds" @> ARRAY[$1]::text[]) LIMIT $4) v) AS "mentions",
         s."lastReadId" AS "storedReadId", held."position" AS "heldReadId"
    FROM "Member" m
    CROSS JOIN LATERAL (
      SELECT c."id", c."communityId", c."parentId", c."name", NULL::timestamp AS "followedAt" FROM "Channel" c
       WHERE c."communityId" = m."communityId" AND c."parentId" IS NULL
      UNION ALL
      SELECT c."id", c."communityId", c."parentId", c."name", f."createdAt" FROM "ThreadFollow" f JOIN "Channel" c ON c."id" = f."threadId"
       WHERE f."userId" = m."userId" AND c."communityId" = m."communityId"
      UNION ALL
      SELECT c."id", c."communityId", c."parentId", c."name", NULL FROM "Channel" c
       WHERE c."id" = $3 AND c."communityId" = m."communityId" AND c."parentId" IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM "ThreadFollow" f WHERE f."threadId" = c."id" AND f."userId" = m."userId")
    ) c
    JOIN "Channel" a ON a."id" = COALESCE(c."parentId", c."id")
    LEFT JOIN "ChannelMember" seat ON seat."channelId" = a."id" AND seat."userId" = m."userId"
    LEFT JOIN "ChannelState" s ON s."channelId" = c."id" AND s."userId" = m."userId"
    LEFT JOIN held ON held."channelId" = c."id"
    CROSS JOIN LATERAL (
      SELECT GREATEST(s."lastReadId", held."position", ulid_floor(m."joinedAt"), CASE WHEN a."kind" = 'PRIVATE' THEN ulid_floor(seat."addedAt") END,
                      ulid_floor(c."followedAt")) AS "position"
    ) b
   WHERE m."userId" = $1
     AND ($2::text IS NULL OR m."communityId" = $2)
     AND ($3::text IS NULL OR c."id" = $3)
     AND (a."kind" <> 'PRIVATE' OR m."role" IN ('OWNER', 'ADMIN') OR seat."userId" IS NOT NULL)
   ORDER BY c."communityId", a."position", a."id", c."parentId" NULLS FIRST, c."id"`;

type StateRow = Omit<ChannelReadState, "notify"> & {
  notify: NotifyLevel | null;
  communityNotify: NotifyLevel;
  storedReadId: string | null;
  /** the held position (for the channel marked: clamped) */
  heldReadId: string | null;
};

async function queryStates(
  userId: string,
  filter: { communityId?: string; channelId?: string },
  held: Map<string, string>,
) {
  const { rows } = await sqlPool().query<StateRow>({
    name: statementName("read-states"),
    text: readStatesSql,
    values: [
      userId,
      filter.communityId ?? null,
      filter.channelId ?? null,
      limits.unreadCountCap,
      [...held.keys()],
      [...held.values()],
    ],
  });
  return rows;
}

/** The states as this process knows them: after the user's marks in progress, with the positions it holds. */
async function currentStates(userId: string, filter: { communityId?: string; channelId?: string }) {
  await marksSettled(userId);
  return queryStates(userId, filter, heldReadPositions(userId));
}

const toChannelState = ({ communityNotify: _, storedReadId: _s, heldReadId: _h, ...row }: StateRow): ChannelReadState =>
  row;

function groupByCommunity(
  rows: StateRow[],
  notifyOf: Map<string, NotifyLevel>,
  countedTo: string,
): CommunityReadState[] {
  const byCommunity = new Map<string, CommunityReadState>();
  for (const [communityId, notify] of notifyOf)
    byCommunity.set(communityId, { communityId, notify, channels: [], countedTo });
  for (const row of rows) byCommunity.get(row.communityId)?.channels.push(toChannelState(row));
  return [...byCommunity.values()];
}

/** The actor's read state in every readable channel of their communities (or of one community). */
export async function listReadStates(actor: Actor, communityId?: string): Promise<CommunityReadState[]> {
  // taken before reading: a message made since may be left out of the counts, never counted twice by a tab
  const countedTo = idFloor(now());
  if (communityId !== undefined) {
    const member = await requireMember(actor, idSchema.parse(communityId));
    return groupByCommunity(
      await currentStates(actor.userId, { communityId }),
      new Map([[communityId, member.notify]]),
      countedTo,
    );
  }
  const [rows, memberships] = await Promise.all([
    currentStates(actor.userId, {}),
    sqlPool().query<{ communityId: string; notify: NotifyLevel }>({
      name: statementName("my-notify-levels"),
      text: `SELECT "communityId", "notify" FROM "Member" WHERE "userId" = $1 ORDER BY "joinedAt", "communityId"`,
      values: [actor.userId],
    }),
  ]);
  return groupByCommunity(rows, new Map(memberships.rows.map((row) => [row.communityId, row.notify])), countedTo);
}

/**
 * The actor's read state in one channel as the server knows it now (the channel page opens at it:
 * messages that came in the last second may not have reached the tab's counts yet). Null when they
 * do not read the channel.
 */
export async function channelReadState(actor: Actor, channelId: string): Promise<ChannelReadState | null> {
  const [row] = await currentStates(actor.userId, { channelId: idSchema.parse(channelId) });
  return row ? toChannelState(row) : null;
}

/**
 * Moves the actor's read position in a channel forward to `messageId` (never backwards, never past
 * the channel's newest message), then tells every tab of theirs. Answered without a write: the
 * position is held and written with the next batch (internal/read-marks.ts).
 */
export async function markChannelRead(actor: Actor, input: MarkReadInput): Promise<ChannelReadState> {
  const { channelId, messageId } = markReadSchema.parse(input);
  return trackMark(actor.userId, markHeld(actor, channelId, messageId));
}

/** The mark's position (or the one held, if further) goes in as held; the query clamps it and answers with the counts. */
async function markHeld(actor: Actor, channelId: string, messageId: string) {
  await requireReadableChannel(actor, channelId);
  const before = heldReadPositions(actor.userId).get(channelId);
  const asked = before !== undefined && before > messageId ? before : messageId;
  const [row] = await queryStates(actor.userId, { channelId }, new Map([[channelId, asked]]));
  if (row.heldReadId && row.heldReadId > (row.storedReadId ?? ""))
    holdReadPosition(actor.userId, channelId, row.heldReadId);
  const state = toChannelState(row);
  publish(rooms.user(actor.userId), "read:updated", [state]);
  return state;
}

/** Every readable channel of a community read up to its newest message. */
export async function markCommunityRead(actor: Actor, communityId: string): Promise<CommunityReadState> {
  const id = idSchema.parse(communityId);
  const member = await requireMember(actor, id);
  await sqlPool().query({
    name: statementName("mark-community-read"),
    text: `INSERT INTO "ChannelState" ("userId", "channelId", "lastReadId", "updatedAt")
           SELECT $1, c."id", newest."id", now()
             FROM "Channel" c
             JOIN "Member" m ON m."communityId" = c."communityId" AND m."userId" = $1
             CROSS JOIN LATERAL (SELECT x."id" FROM "Message" x WHERE x."channelKey" > c."id" AND x."channelKey" <= c."id" || '${LATEST_POSITION}' ORDER BY x."channelKey" DESC LIMIT 1) newest
            WHERE c."communityId" = $2
              AND (c."parentId" IS NULL OR EXISTS (SELECT 1 FROM "ThreadFollow" f WHERE f."threadId" = c."id" AND f."userId" = $1))
              AND ${readableChannelCondition("c", "m")}
           ON CONFLICT ("userId", "channelId") DO UPDATE
             SET "lastReadId" = GREATEST("ChannelState"."lastReadId", EXCLUDED."lastReadId"), "updatedAt" = now()`,
    values: [actor.userId, id],
  });
  const countedTo = idFloor(now());
  const [state] = groupByCommunity(
    await currentStates(actor.userId, { communityId: id }),
    new Map([[id, member.notify]]),
    countedTo,
  );
  publish(rooms.user(actor.userId), "read:updated", state.channels);
  return state;
}

/** The actor's notification setting for a community, or for one channel ("DEFAULT": the community's). */
export async function setNotifyLevel(actor: Actor, input: SetNotifyInput) {
  const data = setNotifySchema.parse(input);
  if (data.scope === "community") {
    await requireMember(actor, data.communityId);
    await sqlPool().query({
      text: `UPDATE "Member" SET "notify" = $3::"NotifyLevel" WHERE "communityId" = $1 AND "userId" = $2`,
      values: [data.communityId, actor.userId, data.notify],
    });
    const change = { communityId: data.communityId, channelId: null, notify: data.notify };
    publish(rooms.user(actor.userId), "notify:updated", change);
    return change;
  }
  const { channel } = await requireReadableChannel(actor, data.channelId);
  const notify = data.notify === "DEFAULT" ? null : data.notify;
  await sqlPool().query({
    text: `INSERT INTO "ChannelState" ("userId", "channelId", "notify", "updatedAt") VALUES ($1, $2, $3::"NotifyLevel", now())
           ON CONFLICT ("userId", "channelId") DO UPDATE SET "notify" = EXCLUDED."notify", "updatedAt" = now()`,
    values: [actor.userId, channel.id, notify],
  });
  const change = { communityId: channel.communityId, channelId: channel.id, notify };
  publish(rooms.user(actor.userId), "notify:updated", change);
  return change;
}
