import { sqlPool, statementName, type Prisma } from "../../db";
import { avatarUrl } from "./communities";
import type {
  AttachmentDTO,
  MessageAuthor,
  MessageDTO,
  ReactionDTO,
  ReplyPreviewDTO,
  SystemEventDTO,
  ThreadDTO,
  UserSummary,
} from "../../dto";
import { toThreadDTO, type ThreadRow } from "./threads";

/**
 * The one way a message becomes what browsers see (MessageDTO): stored messages (history pages,
 * search, pins, broadcasts) through messageViews, one statement for any number of them; the send hot
 * path (which has no row to load) straight through toMessageDTO, as messageViews does too.
 */

const author = { select: { id: true, username: true, displayName: true, avatarPath: true, isBot: true } } as const;
type AuthorRow = {
  id: string;
  username: string;
  displayName: string;
  avatarPath: string | null;
  isBot: boolean;
  /** a webhook's message: the name it was posted under */
  webhookName?: string | null;
};
const toAuthor = (row: AuthorRow): MessageAuthor => ({
  id: row.id,
  username: row.username,
  displayName: row.webhookName ?? row.displayName,
  avatarUrl: avatarUrl(row.avatarPath),
  ...(row.isBot && { bot: true }),
  ...(row.webhookName != null && { webhook: true }),
});

/** What a message row needs loaded to become a MessageDTO (reactions and mentions come in bulk). */
export const messageInclude = {
  author,
  attachment: true,
  replyTo: { select: { id: true, type: true, content: true, deletedAt: true, removedAt: true, author } },
} satisfies Prisma.MessageInclude;

export type MessageRow = Prisma.MessageGetPayload<{ include: typeof messageInclude }>;

/** The message a reply quotes, as messageInclude loads it. */
export type ReplyTargetRow = NonNullable<MessageRow["replyTo"]>;

/** What toMessageDTO reads of a message: a MessageRow has it all; the send path builds it from what it inserted. */
export type MessageSource = Pick<
  MessageRow,
  | "id"
  | "channelId"
  | "type"
  | "content"
  | "nonce"
  | "createdAt"
  | "editedAt"
  | "removedAt"
  | "mentionsEveryone"
  | "pinnedAt"
  | "systemEvent"
  | "attachment"
  | "replyTo"
> & { author: AuthorRow };

const REPLY_PREVIEW_CHARS = 200;

function attachmentUrl(messageId: string, variant: "original" | "thumbnail") {
  return `/api/attachments/${messageId}/${variant}`;
}

function toAttachmentDTO(row: NonNullable<MessageRow["attachment"]>): AttachmentDTO {
  return {
    url: attachmentUrl(row.messageId, "original"),
    thumbnailUrl: row.thumbnailKey ? attachmentUrl(row.messageId, "thumbnail") : null,
    fileName: row.fileName,
    mimeType: row.mimeType,
    size: row.size,
    width: row.width,
    height: row.height,
    durationMs: row.durationMs,
  };
}

export function toReplyPreview(row: ReplyTargetRow): ReplyPreviewDTO {
  const unavailable = row.deletedAt !== null || row.removedAt !== null;
  return {
    id: row.id,
    author: { id: row.author.id, username: row.author.username, displayName: row.author.displayName },
    type: row.type,
    content: unavailable ? "" : Array.from(row.content).slice(0, REPLY_PREVIEW_CHARS).join(""),
    unavailable,
  };
}

/** A mentioned user as a message shows them: `@displayName`, the username in its tooltip. */
export type MentionedUser = { username: string; displayName: string };

/**
 * One message as browsers see it. `mentions` become usernames and their display names,
 * `reactions` are already aggregated for the viewer; a removed message keeps only its shell.
 */
export function toMessageDTO(
  row: MessageSource,
  extra: { mentions?: MentionedUser[]; reactions?: ReactionDTO[]; thread?: ThreadDTO } = {},
): MessageDTO {
  const removed = row.removedAt !== null;
  const mentioned = removed ? [] : (extra.mentions ?? []);
  return {
    id: row.id,
    channelId: row.channelId,
    type: row.type,
    content: removed ? "" : row.content,
    nonce: row.nonce,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    author: toAuthor(row.author),
    removed,
    replyTo: row.replyTo ? toReplyPreview(row.replyTo) : null,
    mentions: mentioned.map((user) => user.username),
    mentionNames: Object.fromEntries(mentioned.map((user) => [user.username, user.displayName])),
    mentionsEveryone: !removed && row.mentionsEveryone,
    pinned: row.pinnedAt !== null,
    attachment: row.attachment && !removed ? toAttachmentDTO(row.attachment) : null,
    reactions: removed ? [] : (extra.reactions ?? []),
    system: (row.systemEvent as SystemEventDTO | null) ?? null,
    thread: extra.thread ?? null,
  };
}

const REACTION_NAMES = 10;

/** The message columns a view reads: a source selects these from "Message" (searchVector stays behind). */
export const viewColumns = `"id", "channelId", "authorId", "type", "content", "nonce", "replyToId", "mentionIds",
  "mentionsEveryone", "systemEvent", "pinnedAt", "createdAt", "editedAt", "removedAt", "webhookName", "webhookAvatarPath"`;

/**
 * A statement selecting `viewColumns` of some messages (a history page, pins, ids) as `p`, and the
 * order of the answer over p's columns (default: oldest first). `$1` is the viewer: values start at `$2`.
 */
export type ViewSource = { name: string; text: string; values: unknown[]; order?: string };

const userJson = (alias: string) =>
  `json_build_object('id', ${alias}."id", 'username', ${alias}."username", 'displayName', ${alias}."displayName")`;

/**
 * Messages → everything MessageDTO shows, in the same statement: author, attachment, the quoted
 * reply and its author, mentioned users, reactions (counted per emoji, the viewer's own marked, the
 * first few names), the thread opened from it with its participants. Per page, not per message:
 * reactions are one grouped read of the page's ids, the rest joins or index lookups run only for a
 * message that has one (a reply, mentions). Timestamps are stored in UTC without a zone: AT TIME ZONE
 * 'UTC' for columns, `utc()` for those inside JSON.
 */
const viewSql = (source: string, order: string) => `
  WITH p AS MATERIALIZED (${source}),
  rx AS (
    SELECT g."messageId",
           json_agg(json_build_object('emoji', g."emoji", 'count', g."count", 'me', g."me", 'users', g."users")
                    ORDER BY g."first", g."emoji") AS "reactions"
      FROM (SELECT x."messageId", x."emoji", count(*)::int AS "count", bool_or(x."userId" = $1) AS "me",
                   min(x."createdAt") AS "first",
                   (array_agg(json_build_object('id', xu."id", 'displayName', xu."displayName")
                              ORDER BY x."createdAt", x."userId"))[1:${REACTION_NAMES}] AS "users"
              FROM "Reaction" x JOIN "User" xu ON xu."id" = x."userId"
             WHERE x."messageId" IN (SELECT "id" FROM p)
             GROUP BY x."messageId", x."emoji") g
     GROUP BY g."messageId")
  SELECT p."id", p."channelId", p."type", p."content", p."nonce", p."mentionIds", p."mentionsEveryone", p."systemEvent",
         p."createdAt" AT TIME ZONE 'UTC' AS "createdAt", p."editedAt" AT TIME ZONE 'UTC' AS "editedAt",
         p."removedAt" AT TIME ZONE 'UTC' AS "removedAt", p."pinnedAt" AT TIME ZONE 'UTC' AS "pinnedAt",
         p."authorId", a."username" AS "authorUsername", a."displayName" AS "authorDisplayName",
         COALESCE(p."webhookAvatarPath", a."avatarPath") AS "authorAvatarPath", p."webhookName",
         a."isBot" AS "authorIsBot",
         CASE WHEN f."messageId" IS NULL THEN NULL ELSE to_json(f) END AS "attachment",
         CASE WHEN p."replyToId" IS NULL THEN NULL ELSE
           (SELECT json_build_object('id', r."id", 'type', r."type", 'content', left(r."content", ${REPLY_PREVIEW_CHARS}),
                     'deletedAt', r."deletedAt", 'removedAt', r."removedAt", 'author', ${userJson("ra")})
              FROM "Message" r JOIN "User" ra ON ra."id" = r."authorId"
             WHERE r."id" = p."replyToId") END AS "replyTo",
         CASE WHEN cardinality(p."mentionIds") = 0 THEN NULL ELSE
           (SELECT json_agg(${userJson("mu")}) FROM "User" mu WHERE mu."id" = ANY(p."mentionIds")) END AS "mentions",
         rx."reactions",
         CASE WHEN t."id" IS NULL THEN NULL ELSE
           json_build_object('id', t."id", 'parentId', t."parentId", 'starterMessageId', t."starterMessageId",
             'ownerId', t."ownerId", 'autoArchiveMinutes', t."autoArchiveMinutes", 'activityAt', t."activityAt",
             'archiveAt', t."archiveAt", 'archivedAt', t."archivedAt", 'lockedAt', t."lockedAt",
             'resolvedAt', t."resolvedAt", 'replyCount', t."replyCount", 'lastReplyAt', t."lastReplyAt",
             'createdAt', t."createdAt", 'participantIds', t."participantIds",
             'channel', json_build_object('name', tc."name", 'communityId', tc."communityId"),
             'participants', (SELECT json_agg(${userJson("tu")}) FROM "User" tu WHERE tu."id" = ANY(t."participantIds"))) END AS "thread"
    FROM p
    JOIN "User" a ON a."id" = p."authorId"
    LEFT JOIN "Attachment" f ON f."messageId" = p."id"
    LEFT JOIN rx ON rx."messageId" = p."id"
    LEFT JOIN "Thread" t ON t."starterMessageId" = p."id"
    LEFT JOIN "Channel" tc ON tc."id" = t."id"
   ORDER BY ${order}`;

type Stamp = string | null;
type ViewRow = Omit<MessageSource, "replyTo" | "attachment" | "author"> & {
  authorId: string;
  authorUsername: string;
  authorDisplayName: string;
  authorAvatarPath: string | null;
  authorIsBot: boolean;
  webhookName: string | null;
  mentionIds: string[];
  attachment: NonNullable<MessageRow["attachment"]> | null;
  replyTo: (Omit<ReplyTargetRow, "deletedAt" | "removedAt"> & { deletedAt: Stamp; removedAt: Stamp }) | null;
  mentions: (MentionedUser & { id: string })[] | null;
  reactions: ReactionDTO[] | null;
  thread: ThreadJson | null;
};
type ThreadJson = Omit<
  ThreadRow,
  "activityAt" | "archiveAt" | "archivedAt" | "lockedAt" | "resolvedAt" | "lastReplyAt" | "createdAt"
> & {
  activityAt: string;
  archiveAt: string;
  createdAt: string;
  archivedAt: Stamp;
  lockedAt: Stamp;
  resolvedAt: Stamp;
  lastReplyAt: Stamp;
  participants: UserSummary[] | null;
};

/** A timestamp from JSON (UTC, without a zone) as a Date. */
const utc = (stamp: string) => new Date(`${stamp}Z`);
const utcOrNull = (stamp: Stamp) => (stamp === null ? null : utc(stamp));

/** The mentioned users in the order the message names them. */
function mentionsOf(row: ViewRow): MentionedUser[] {
  if (row.mentions === null) return [];
  const mentioned = new Map(row.mentions.map(({ id, ...user }) => [id, user]));
  return row.mentionIds.map((id) => mentioned.get(id)).filter((user) => user !== undefined);
}

function fromViewRow(row: ViewRow): MessageDTO {
  const { thread } = row;
  return toMessageDTO(
    {
      ...row,
      author: {
        id: row.authorId,
        username: row.authorUsername,
        displayName: row.authorDisplayName,
        avatarPath: row.authorAvatarPath,
        isBot: row.authorIsBot,
        webhookName: row.webhookName,
      },
      replyTo: row.replyTo && {
        ...row.replyTo,
        deletedAt: utcOrNull(row.replyTo.deletedAt),
        removedAt: utcOrNull(row.replyTo.removedAt),
      },
    },
    {
      reactions: row.reactions ?? [],
      mentions: mentionsOf(row),
      thread:
        thread === null
          ? undefined
          : toThreadDTO(
              {
                ...thread,
                activityAt: utc(thread.activityAt),
                archiveAt: utc(thread.archiveAt),
                createdAt: utc(thread.createdAt),
                archivedAt: utcOrNull(thread.archivedAt),
                lockedAt: utcOrNull(thread.lockedAt),
                resolvedAt: utcOrNull(thread.resolvedAt),
                lastReplyAt: utcOrNull(thread.lastReplyAt),
              },
              new Map((thread.participants ?? []).map((user) => [user.id, user])),
            ),
    },
  );
}

/**
 * The messages a source selects, as `viewerId` sees them (reactions marked as theirs; "" for a
 * broadcast to everyone), in one statement.
 */
export async function messageViews(source: ViewSource, viewerId: string): Promise<MessageDTO[]> {
  const { rows } = await sqlPool().query<ViewRow>({
    name: statementName(`view-${source.name}`),
    text: viewSql(source.text, source.order ?? `p."id"`),
    values: [viewerId, ...source.values],
  });
  return rows.map(fromViewRow);
}

/** These messages (in this order; the missing ones left out) as the viewer sees them. */
export async function messagesByIds(ids: string[], viewerId: string): Promise<MessageDTO[]> {
  if (ids.length === 0) return [];
  const views = await messageViews(
    { name: "by-ids", text: `SELECT ${viewColumns} FROM "Message" WHERE "id" = ANY($2::text[])`, values: [ids] },
    viewerId,
  );
  const byId = new Map(views.map((view) => [view.id, view]));
  return ids.map((id) => byId.get(id)).filter((view) => view !== undefined);
}

/** One stored message as everyone sees it (a broadcast: `me` is false on every reaction). */
export async function broadcastView(messageId: string): Promise<MessageDTO> {
  const [view] = await messagesByIds([messageId], "");
  if (!view) throw new Error(`message ${messageId} is not stored`);
  return view;
}
