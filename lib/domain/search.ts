import { z } from "zod";
import { db, sqlPool } from "../db";
import { AppError, ErrorCode, toFailure } from "../errors";
import { searchHasValues, searchQuerySchema, type SearchQueryInput } from "../schemas/search";
import type { ChannelDTO, SearchPage } from "../dto";
import { listReadableChannels, requireMember, requireReadableChannel } from "./access";
import type { Actor } from "./actor";
import { readableChannelCondition } from "./internal/access";
import { messagesByIds } from "./internal/message-view";

/** What "has:" may ask for: an attachment type (the message's type), or a link in the text. */
const searchHasFilters = [...searchHasValues, "link"] as const;
export type SearchHasFilter = (typeof searchHasFilters)[number];

const typesFor: Record<Exclude<SearchHasFilter, "link">, string[]> = {
  attachment: ["IMAGE", "VIDEO", "VOICE", "FILE"],
  image: ["IMAGE"],
  video: ["VIDEO"],
  voice: ["VOICE"],
  file: ["FILE"],
};

/**
 * "has:link": an http(s) or mailto URL, or a bare www. address (what the markdown renderer links),
 * anywhere in the text (a markdown link's target too). A POSIX regular expression for `~*`.
 */
const LINK_PATTERN = "(https?://|mailto:)[^[:space:]]|(^|[^[:alnum:]_.@/-])www\\.[^[:space:]]";

/**
 * The search schema with what the search box adds: "has:link" and "mentions:" (the mentioned
 * member's id). The words may be left out when a filter is given ("from:ann" alone lists Ann's
 * messages).
 */
export const searchInputSchema = searchQuerySchema.extend({
  has: z.enum(searchHasFilters, "Choose link, attachment, image, video, voice or file.").optional(),
  /** messages that mention this member */
  mentionsUserId: searchQuerySchema.shape.fromUserId,
});
export type SearchInput = Omit<SearchQueryInput, "query" | "has"> & {
  /** the words; may be empty (or left out) when a filter is given */
  query?: SearchQueryInput["query"];
  has?: SearchHasFilter;
  mentionsUserId?: string;
};

const invalidCursor = () => new AppError(ErrorCode.INVALID_INPUT, "This page cursor is not valid.");
const encodeCursor = (id: string) => Buffer.from(id, "utf8").toString("base64url");
function decodeCursor(cursor: string): string {
  const id = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, "base64url").toString("utf8") : "";
  if (!/^[0-9A-Za-z]{1,64}$/.test(id)) throw invalidCursor();
  return id;
}

const given = (value: unknown) => value !== undefined && value !== null && value !== "";
/** Nothing but spaces and control characters (NUL excluded: that stays "cannot be saved"). */
const BLANK = /^[\s\u0001-\u001f\u007f]*$/;

/** Schema failures as an AppError (6002001) with field errors: nothing a user types escapes as another kind of error. */
function parseQuery(input: SearchInput) {
  // anything but an object fails the schema below, as any other bad input
  const fields: Partial<SearchInput> = typeof input === "object" && input !== null ? input : {};
  const { fromUserId, channelId, has, before, after, mentionsUserId } = fields;
  const filtered = [fromUserId, channelId, has, before, after, mentionsUserId].some(given);
  const noWords = fields.query === undefined || (typeof fields.query === "string" && BLANK.test(fields.query));
  // No words but a filter: every other field is checked as usual, against a stand-in word.
  const parsed = searchInputSchema.safeParse(filtered && noWords ? { ...input, query: "-" } : input);
  if (parsed.success) return filtered && noWords ? { ...parsed.data, query: "" } : parsed.data;
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
  last: boolean;
  channel: boolean;
  from: boolean;
  mentions: boolean;
  types: boolean;
  link: boolean;
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
  mentionsUserId?: string;
  types?: string[];
  before?: Date;
  after?: Date;
  cursor?: string;
};

/**
 * One page of hits as a single statement (then messagesByIds: 2 statements per page, whatever
 * its size): the actor's membership row joins the channels they can
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
    `m."deletedAt" IS NULL`,
    `m."removedAt" IS NULL`,
    `m."type" <> 'SYSTEM'`,
  ];
  // Immutable functions of parameters: folded into a constant when planned, so the planner
  // weighs how common the words are (GIN bitmap for rare ones, newest-first walk for common ones).
  // No words (filters alone): the newest-first walk.
  if (shape.last)
    filters.push(
      `m."searchVector" @@ (${shape.complete ? `plainto_tsquery('simple', ${param(args.complete)}) && ` : ""}to_tsquery('simple', ${param(prefixOperand(args.last))}))`,
    );
  if (shape.channel) {
    // the channel and its threads (a thread is judged by its parent, like everywhere)
    const channelId = param(args.channelId);
    filters.push(`(c."id" = ${channelId} OR c."parentId" = ${channelId})`);
  }
  if (shape.from) filters.push(`m."authorId" = ${param(args.fromUserId)}`);
  // the GIN index on "mentionIds" serves @>
  if (shape.mentions) filters.push(`m."mentionIds" @> ARRAY[${param(args.mentionsUserId)}]::text[]`);
  if (shape.types) filters.push(`m."type" = ANY(${param(args.types)}::"MessageType"[])`);
  if (shape.link) filters.push(`m."content" ~* ${param(LINK_PATTERN)}`);
  // Timestamps are stored without a zone, in UTC.
  if (shape.before)
    filters.push(`m."createdAt" < (${param(args.before!.toISOString())}::timestamptz AT TIME ZONE 'UTC')`);
  if (shape.after)
    filters.push(`m."createdAt" >= (${param(args.after!.toISOString())}::timestamptz AT TIME ZONE 'UTC')`);
  if (shape.cursor) filters.push(`m."id" < ${param(args.cursor)}`);
  // The page's ids and channel names; the messages themselves come from messagesByIds.
  const text = `SELECT m."id", c."name" AS "channelName", c."parentId" AS "threadParentId"
    FROM "Member" me
    JOIN "Channel" c ON c."communityId" = me."communityId"
    JOIN "Message" m ON m."channelId" = c."id"
   WHERE ${filters.join("\n     AND ")}
   ORDER BY m."id" DESC
   LIMIT ${param(args.limit)}`;
  // Unnamed on purpose: a named (prepared) statement may switch to a generic plan that cannot see the words.
  return { text, values };
}

/**
 * Members of the community (6001004 / 6001005 otherwise): messages matching the words, newest
 * first, from the channels the actor can read now; optionally from one author, mentioning one
 * member, in one channel and its threads (one the actor cannot read, or of another community, is
 * 6001062 like everywhere), of some types or with a link, before / after an instant. With a filter
 * the words may be left out. Deleted, removed and system messages are never found.
 * ≤ 50 per page; `nextCursor` continues.
 */
export async function searchMessages(actor: Actor, input: SearchInput): Promise<SearchPage> {
  const { communityId, query, fromUserId, mentionsUserId, channelId, has, before, after, cursor, limit } =
    parseQuery(input);
  const words = query ? query.split(/\s+/) : [];
  const last = words.pop() ?? "";
  const statement = searchStatement(
    {
      complete: words.length > 0,
      last: last !== "",
      channel: !!channelId,
      from: !!fromUserId,
      mentions: !!mentionsUserId,
      types: !!has && has !== "link",
      link: has === "link",
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
      mentionsUserId,
      types: has && has !== "link" ? typesFor[has] : undefined,
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
  // The messages as history shows them, in one more statement.
  const messages = new Map(
    (
      await messagesByIds(
        hits.map((hit) => hit.id),
        actor.userId,
      )
    ).map((message) => [message.id, message]),
  );
  return {
    results: hits.flatMap(({ id, channelName, threadParentId }) => {
      const message = messages.get(id);
      return message ? [{ ...message, channelName, threadParentId }] : []; // deleted in between: left out
    }),
    nextCursor: rows.length > limit ? encodeCursor(hits.at(-1)!.id) : null,
  };
}

type HitRow = { id: string; channelName: string; threadParentId: string | null };

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
