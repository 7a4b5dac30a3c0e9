import { db, sqlPool } from "../db";
import { AppError, ErrorCode, toFailure } from "../errors";
import { searchQuerySchema, type SearchHas, type SearchQueryInput } from "../schemas/search";
import type { ChannelDTO, SearchPage } from "../dto";
import { listReadableChannels, requireMember, requireReadableChannel } from "./access";
import type { Actor } from "./actor";
import { readableChannelCondition } from "./internal/access";
import { toMessageDTOs, type MessageRow } from "./internal/message-view";

const typesFor: Record<SearchHas, string[]> = {
  attachment: ["IMAGE", "VIDEO", "VOICE", "FILE"],
  image: ["IMAGE"],
  video: ["VIDEO"],
  voice: ["VOICE"],
  file: ["FILE"],
};

const invalidCursor = () => new AppError(ErrorCode.INVALID_INPUT, "This page cursor is not valid.");
const encodeCursor = (id: string) => Buffer.from(id, "utf8").toString("base64url");
function decodeCursor(cursor: string): string {
  const id = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, "base64url").toString("utf8") : "";
  if (!/^[0-9A-Za-z]{1,64}$/.test(id)) throw invalidCursor();
  return id;
}

/** Schema failures as an AppError (6002001) with field errors: nothing a user types escapes as another kind of error. */
function parseQuery(input: SearchQueryInput) {
  const parsed = searchQuerySchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const failure = toFailure(parsed.error);
  throw new AppError(ErrorCode.INVALID_INPUT, failure.message, failure.fieldErrors);
}

/**
 * The last word as one quoted tsquery operand with a prefix flag: inside quotes tsquery operators
 * are plain characters, and with quotes and backslashes doubled the operand cannot end early.
 * to_tsquery then runs the database's own parser on it (so "hel" finds "hello", "o'rei" finds
 * "O'Reilly"); the complete words go through plainto_tsquery, which takes any text.
 */
const prefixOperand = (word: string) => `'${word.replace(/\\/g, "\\\\").replace(/'/g, "''")}':*`;

type Shape = {
  complete: boolean;
  channel: boolean;
  from: boolean;
  types: boolean;
  before: boolean;
  after: boolean;
  cursor: boolean;
};
type Args = {
  communityId: string;
  userId: string;
  complete: string;
  last: string;
  limit: number;
  channelId?: string;
  fromUserId?: string;
  types?: string[];
  before?: Date;
  after?: Date;
  cursor?: string;
};

/**
 * One page of hits as a single statement (with toMessageDTOs' reactions and mention names: 2–3
 * statements per page, whatever its size): the actor's membership row joins the channels they can
 * read right now (owner and admins: all; members: non-private ones and private ones with a seat,
 * the rule of requireReadableChannel in SQL), then their messages matching the query (GIN index on
 * the generated "searchVector"), newest first, keyset on the time-sortable id. Not a member, or a
 * channel filter the actor cannot read: no rows, and searchMessages asks access.ts which it was.
 */
function searchStatement(shape: Shape, args: Args) {
  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  const filters = [
    `me."communityId" = ${param(args.communityId)}`,
    `me."userId" = ${param(args.userId)}`,
    readableChannelCondition("c", "me"),
    // Immutable functions of parameters: folded into a constant when planned, so the planner
    // weighs how common the words are (GIN bitmap for rare ones, newest-first walk for common ones).
    `m."searchVector" @@ (${shape.complete ? `plainto_tsquery('simple', ${param(args.complete)}) && ` : ""}to_tsquery('simple', ${param(prefixOperand(args.last))}))`,
    `m."deletedAt" IS NULL`,
    `m."removedAt" IS NULL`,
    `m."type" <> 'SYSTEM'`,
  ];
  if (shape.channel) filters.push(`c."id" = ${param(args.channelId)}`);
  if (shape.from) filters.push(`m."authorId" = ${param(args.fromUserId)}`);
  if (shape.types) filters.push(`m."type" = ANY(${param(args.types)}::"MessageType"[])`);
  // Timestamps are stored without a zone, in UTC.
  if (shape.before)
    filters.push(`m."createdAt" < (${param(args.before!.toISOString())}::timestamptz AT TIME ZONE 'UTC')`);
  if (shape.after)
    filters.push(`m."createdAt" >= (${param(args.after!.toISOString())}::timestamptz AT TIME ZONE 'UTC')`);
  if (shape.cursor) filters.push(`m."id" < ${param(args.cursor)}`);
  // The page first (ids and channel names), then its rows with author, attachment and quoted
  // reply joined: the shape messageInclude loads, in the same statement.
  const text = `SELECT h."channelName", h."threadParentId", m."id", m."channelId", m."authorId", m."type", m."content", m."nonce", m."replyToId",
         m."mentionIds", m."mentionsEveryone", m."systemEvent", m."pinnedAt" AT TIME ZONE 'UTC' AS "pinnedAt", m."pinnedById",
         m."createdAt" AT TIME ZONE 'UTC' AS "createdAt", m."editedAt" AT TIME ZONE 'UTC' AS "editedAt",
         m."deletedAt" AT TIME ZONE 'UTC' AS "deletedAt", m."removedAt" AT TIME ZONE 'UTC' AS "removedAt",
         json_build_object('id', u."id", 'username', u."username", 'displayName', u."displayName") AS "author",
         CASE WHEN a."messageId" IS NULL THEN NULL ELSE to_jsonb(a) END AS "attachment",
         CASE WHEN r."id" IS NULL THEN NULL ELSE json_build_object(
           'id', r."id", 'type', r."type", 'content', r."content", 'deletedAt', r."deletedAt", 'removedAt', r."removedAt",
           'author', json_build_object('id', ru."id", 'username', ru."username", 'displayName', ru."displayName")) END AS "replyTo"
    FROM (SELECT m."id", c."name" AS "channelName", c."parentId" AS "threadParentId"
            FROM "Member" me
            JOIN "Channel" c ON c."communityId" = me."communityId"
            JOIN "Message" m ON m."channelId" = c."id"
           WHERE ${filters.join("\n             AND ")}
           ORDER BY m."id" DESC
           LIMIT ${param(args.limit)}) h
    JOIN "Message" m ON m."id" = h."id"
    JOIN "User" u ON u."id" = m."authorId"
    LEFT JOIN "Attachment" a ON a."messageId" = m."id"
    LEFT JOIN "Message" r ON r."id" = m."replyToId"
    LEFT JOIN "User" ru ON ru."id" = r."authorId"
   ORDER BY m."id" DESC`;
  // Unnamed on purpose: a named (prepared) statement may switch to a generic plan that cannot see the words.
  return { text, values };
}

/**
 * Members of the community (6001004 / 6001005 otherwise): messages matching the words, newest
 * first, from the channels the actor can read now; optionally from one author, in one channel
 * (one the actor cannot read, or of another community, is 6001062 like everywhere), of some
 * types, before / after an instant. Deleted, removed and system messages are never found.
 * ≤ 50 per page; `nextCursor` continues.
 */
export async function searchMessages(actor: Actor, input: SearchQueryInput): Promise<SearchPage> {
  const { communityId, query, fromUserId, channelId, has, before, after, cursor, limit } = parseQuery(input);
  const words = query.split(/\s+/);
  const last = words.pop()!;
  const statement = searchStatement(
    {
      complete: words.length > 0,
      channel: !!channelId,
      from: !!fromUserId,
      types: !!has,
      before: !!before,
      after: !!after,
      cursor: !!cursor,
    },
    {
      communityId,
      userId: actor.userId,
      complete: words.join(" "),
      last,
      limit: limit + 1,
      channelId,
      fromUserId,
      types: has ? typesFor[has] : undefined,
      before,
      after,
      cursor: cursor ? decodeCursor(cursor) : undefined,
    },
  );
  const { rows } = await sqlPool().query<HitRow>(statement);
  if (rows.length === 0) {
    // Nothing found, or nothing the actor may search: the same answers as every other path.
    await requireMember(actor, communityId);
    if (channelId) await requireChannelReadableIn(actor, communityId, channelId);
    return { results: [], nextCursor: null };
  }
  const hits = rows.slice(0, limit);
  // Reactions and mention names for the whole page in bulk, as history pages do.
  const messages = await toMessageDTOs(hits.map(toMessageRow), actor.userId);
  return {
    results: messages.map((message, index) => ({
      ...message,
      channelName: hits[index].channelName,
      threadParentId: hits[index].threadParentId,
    })),
    nextCursor: rows.length > limit ? encodeCursor(hits.at(-1)!.id) : null,
  };
}

type ReplyRow = NonNullable<MessageRow["replyTo"]>;
/** A row of the search statement: a MessageRow (what messageInclude loads) whose quoted reply came as JSON. */
type HitRow = Omit<MessageRow, "replyTo"> & {
  channelName: string;
  threadParentId: string | null;
  replyTo: (Omit<ReplyRow, "deletedAt" | "removedAt"> & { deletedAt: string | null; removedAt: string | null }) | null;
};

function toMessageRow({ channelName: _, threadParentId: __, replyTo, ...row }: HitRow): MessageRow {
  const date = (value: string | null) => (value === null ? null : new Date(`${value}Z`)); // JSON timestamps carry no zone: UTC
  return {
    ...row,
    replyTo: replyTo && { ...replyTo, deletedAt: date(replyTo.deletedAt), removedAt: date(replyTo.removedAt) },
  };
}

/** A channel of another community is "not found" here, like one the actor cannot read. */
async function requireChannelReadableIn(actor: Actor, communityId: string, channelId: string) {
  const channel = await db.channel.findUnique({ where: { id: channelId }, select: { communityId: true } });
  if (!channel || channel.communityId !== communityId)
    throw new AppError(ErrorCode.CHANNEL_NOT_FOUND, "This channel does not exist.");
  await requireReadableChannel(actor, channelId);
}

/** Members: the channels they can search in (the ones they can read), for the "in channel" filter. */
export async function listSearchableChannels(
  actor: Actor,
  communityId: string,
): Promise<Pick<ChannelDTO, "id" | "name" | "kind">[]> {
  const id = searchQuerySchema.shape.communityId.safeParse(communityId);
  if (!id.success) throw new AppError(ErrorCode.COMMUNITY_NOT_FOUND, "This community does not exist.");
  const { channels } = await listReadableChannels(actor, id.data);
  return channels.map(({ id, name, kind }) => ({ id, name, kind }));
}
