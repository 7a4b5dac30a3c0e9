import { db, sqlPool, statementName, type Prisma } from "../../db";
import type { AttachmentDTO, MessageDTO, ReactionDTO, ReplyPreviewDTO, SystemEventDTO, ThreadDTO } from "../../dto";
import { threadsOfMessages } from "./threads";

/**
 * The one way a message becomes what browsers see (MessageDTO): history pages, search, pins,
 * broadcasts of stored rows, and the send hot path (which has no row to load) all go through
 * toMessageDTO.
 */

const author = { select: { id: true, username: true, displayName: true } } as const;

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
  | "author"
  | "attachment"
  | "replyTo"
>;

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
    author: row.author,
    type: row.type,
    content: unavailable ? "" : Array.from(row.content).slice(0, REPLY_PREVIEW_CHARS).join(""),
    unavailable,
  };
}

/**
 * One message as browsers see it. `mentions` are usernames, `reactions` already aggregated for the
 * viewer; a removed message keeps only its shell.
 */
export function toMessageDTO(
  row: MessageSource,
  extra: { mentions?: string[]; reactions?: ReactionDTO[]; thread?: ThreadDTO } = {},
): MessageDTO {
  const removed = row.removedAt !== null;
  return {
    id: row.id,
    channelId: row.channelId,
    type: row.type,
    content: removed ? "" : row.content,
    nonce: row.nonce,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    author: row.author,
    removed,
    replyTo: row.replyTo ? toReplyPreview(row.replyTo) : null,
    mentions: removed ? [] : (extra.mentions ?? []),
    mentionsEveryone: !removed && row.mentionsEveryone,
    pinned: row.pinnedAt !== null,
    attachment: row.attachment && !removed ? toAttachmentDTO(row.attachment) : null,
    reactions: removed ? [] : (extra.reactions ?? []),
    system: (row.systemEvent as SystemEventDTO | null) ?? null,
    thread: extra.thread ?? null,
  };
}

const REACTION_NAMES = 10;

/** Reactions of many messages in one round trip, counted per emoji, with the viewer's own marked. */
async function reactionsOf(messageIds: string[], viewerId: string): Promise<Map<string, ReactionDTO[]>> {
  const byMessage = new Map<string, ReactionDTO[]>();
  if (messageIds.length === 0) return byMessage;
  const { rows } = await sqlPool().query<{
    messageId: string;
    emoji: string;
    count: number;
    me: boolean;
    users: { id: string; displayName: string }[];
  }>({
    name: statementName("message-reactions"),
    // Only the first few names travel (hover text); the count says how many more.
    text: `SELECT r."messageId", r.emoji, count(*)::int AS count, bool_or(r."userId" = $2) AS me,
                  to_jsonb((array_agg(jsonb_build_object('id', u.id, 'displayName', u."displayName") ORDER BY r."createdAt"))[1:$3]) AS users
             FROM "Reaction" r JOIN "User" u ON u.id = r."userId"
            WHERE r."messageId" = ANY($1::text[])
            GROUP BY r."messageId", r.emoji
            ORDER BY min(r."createdAt")`,
    values: [messageIds, viewerId, REACTION_NAMES],
  });
  for (const row of rows) {
    const list = byMessage.get(row.messageId) ?? [];
    list.push({ emoji: row.emoji, count: row.count, me: row.me, users: row.users });
    byMessage.set(row.messageId, list);
  }
  return byMessage;
}

/** Usernames for every mentioned id of the given rows, in one query. */
async function mentionNamesOf(rows: MessageRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.flatMap((row) => row.mentionIds))];
  if (ids.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, username: true } });
  return new Map(users.map((user) => [user.id, user.username]));
}

/** Rows → DTOs for one viewer: reactions, mention names and threads loaded in bulk (no query per message). */
export async function toMessageDTOs(rows: MessageRow[], viewerId: string): Promise<MessageDTO[]> {
  const ids = rows.map((row) => row.id);
  const [reactions, names, threads] = await Promise.all([
    reactionsOf(ids, viewerId),
    mentionNamesOf(rows),
    threadsOfMessages(ids),
  ]);
  return rows.map((row) =>
    toMessageDTO(row, {
      reactions: reactions.get(row.id),
      thread: threads.get(row.id),
      mentions: row.mentionIds.map((id) => names.get(id)).filter((name): name is string => !!name),
    }),
  );
}

/** One row → DTO for broadcasting (reactions and mentions resolved; `me` is false for everyone). */
export async function toBroadcastDTO(row: MessageRow): Promise<MessageDTO> {
  const [dto] = await toMessageDTOs([row], "");
  return dto;
}
