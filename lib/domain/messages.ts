import { db } from "../db";
import { AppError, ErrorCode } from "../errors";
import { newId } from "../ids";
import { limits } from "../limits";
import { publish } from "../realtime/publish";
import { rooms } from "../realtime/rooms";
import { historyQuerySchema, sendMessageSchema, type HistoryQuery, type SendMessageInput } from "../schemas/message";
import { idSchema } from "../schemas/community";
import type { MessageDTO, MessagePage } from "../dto";
import { describeUntil, isManager, requireNotMuted, requireReadableChannel } from "./access";
import { channelMuteFor } from "./channels";
import { isUniqueViolation, type Actor } from "./actor";

const withAuthor = { author: { select: { id: true, username: true, displayName: true } } } as const;

type MessageRow = {
  id: string;
  channelId: string;
  content: string;
  nonce: string | null;
  createdAt: Date;
  editedAt: Date | null;
  removedAt: Date | null;
  author: MessageDTO["author"];
};

export const toMessageDTO = (row: MessageRow): MessageDTO => ({
  id: row.id,
  channelId: row.channelId,
  content: row.removedAt ? "" : row.content,
  nonce: row.nonce,
  createdAt: row.createdAt.toISOString(),
  editedAt: row.editedAt?.toISOString() ?? null,
  author: row.author,
  removed: row.removedAt !== null,
});

/** Characters as a person counts them (code points, so an emoji is one). */
const characterCount = (text: string) => Array.from(text).length;

/** Normalized text, or 6002010 (empty) / 6002011 (over the limit). */
function checkedContent(raw: string) {
  const content = raw.replace(/\r\n?/g, "\n").trim();
  if (!content) throw new AppError(ErrorCode.MESSAGE_EMPTY, "A message cannot be empty.");
  if (characterCount(content) > limits.messageLength) {
    throw new AppError(
      ErrorCode.MESSAGE_TOO_LONG,
      `Messages can be at most ${limits.messageLength.toLocaleString("en-US")} characters (this one has ${characterCount(content).toLocaleString("en-US")}).`,
    );
  }
  return content;
}

/**
 * Members who can read the channel: stores a text message and pushes it to the channel's room after
 * commit. Idempotent per (author, nonce): a retry returns the stored message, never a duplicate.
 */
export async function sendMessage(actor: Actor, input: SendMessageInput): Promise<MessageDTO> {
  const data = sendMessageSchema.parse(input);
  const content = checkedContent(data.content);
  const existing = () =>
    db.message.findUnique({ where: { authorId_nonce: { authorId: actor.userId, nonce: data.nonce } }, include: withAuthor });

  const { member, channel } = await requireReadableChannel(actor, data.channelId);
  const earlier = await existing();
  if (earlier) return sameChannel(earlier, data.channelId);
  await requireNotMuted(member, data.channelId);
  const channelMute = channelMuteFor(channel, member.role);
  if (channelMute) {
    throw new AppError(ErrorCode.CHANNEL_MUTED, `This channel is muted for you ${describeUntil(channelMute)}.`);
  }
  if (channel.slowmodeSeconds > 0 && member.role === "MEMBER") await takeSlowmodeTurn(channel.id, actor.userId, channel.slowmodeSeconds);

  let row;
  try {
    row = await db.message.create({
      data: { id: newId(), channelId: data.channelId, authorId: actor.userId, content, nonce: data.nonce },
      include: withAuthor,
    });
  } catch (error) {
    // Two concurrent sends with one nonce: the loser returns the winner's message.
    const winner = isUniqueViolation(error) ? await existing() : null;
    if (winner) return sameChannel(winner, data.channelId);
    throw error;
  }
  const message = toMessageDTO(row);
  publish(rooms.channel(message.channelId), "message:new", message);
  return message;
}

/**
 * Slowmode: one send per member per interval. A conditional upsert, so concurrent sends cannot
 * both pass; 6002034 with the remaining wait otherwise.
 */
async function takeSlowmodeTurn(channelId: string, userId: string, seconds: number) {
  const taken = await db.$executeRaw`
    INSERT INTO "ChannelSendState" ("channelId", "userId", "lastSentAt") VALUES (${channelId}, ${userId}, now())
    ON CONFLICT ("channelId", "userId") DO UPDATE SET "lastSentAt" = now()
    WHERE "ChannelSendState"."lastSentAt" <= now() - make_interval(secs => ${seconds})`;
  if (taken > 0) return;
  const wait = await slowmodeWait(channelId, userId, seconds);
  throw new AppError(ErrorCode.SLOWMODE, `Slowmode is on: you can send again in ${wait} ${wait === 1 ? "second" : "seconds"}.`);
}

async function slowmodeWait(channelId: string, userId: string, seconds: number): Promise<number> {
  const state = await db.channelSendState.findUnique({ where: { channelId_userId: { channelId, userId } } });
  if (!state) return 0;
  return Math.max(0, Math.ceil((state.lastSentAt.getTime() + seconds * 1000 - Date.now()) / 1000));
}

function sameChannel(row: MessageRow, channelId: string): MessageDTO {
  if (row.channelId !== channelId) {
    throw new AppError(ErrorCode.INVALID_INPUT, "This message id (nonce) was already used in another channel.");
  }
  return toMessageDTO(row);
}

/**
 * Members who can read the channel: one keyset page of history in chronological order.
 * `before`: older than that id; `after`: newer than that id; neither: the newest page.
 */
export async function listMessages(actor: Actor, query: HistoryQuery): Promise<MessagePage> {
  const { channelId, before, after, limit } = historyQuerySchema.parse(query);
  await requireReadableChannel(actor, channelId);
  const newestFirst = !after;
  const rows = await db.message.findMany({
    where: { channelId, deletedAt: null, ...(before ? { id: { lt: before } } : after ? { id: { gt: after } } : {}) },
    orderBy: { id: newestFirst ? "desc" : "asc" },
    take: limit + 1,
    include: withAuthor,
  });
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  if (newestFirst) page.reverse();
  return { messages: page.map(toMessageDTO), hasMore };
}

/**
 * Members who can read the channel: what stops them sending here now, for the composer: a member
 * mute (community or channel), the channel's mute mode, and slowmode with the wait left.
 */
export async function getSendRestriction(actor: Actor, channelId: string) {
  const { member, channel } = await requireReadableChannel(actor, channelId);
  const personal = await db.channelMute.findUnique({ where: { channelId_userId: { channelId, userId: actor.userId } } });
  const now = Date.now();
  const until = [member.mutedUntil, personal?.mutedUntil].filter((d): d is Date => !!d && d.getTime() > now);
  const latest = until.sort((a, b) => b.getTime() - a.getTime())[0];
  const channelMute = channelMuteFor(channel, member.role);
  const slowmode = member.role === "MEMBER" ? channel.slowmodeSeconds : 0;
  return {
    mutedUntil: latest?.toISOString() ?? null,
    channelMutedUntil: channelMute?.toISOString() ?? null,
    slowmodeSeconds: slowmode,
    slowmodeWait: slowmode ? await slowmodeWait(channelId, actor.userId, slowmode) : 0,
  };
}

/** A message the actor can read, still in history (not deleted by its author); 6002012 otherwise. */
async function readableMessage(actor: Actor, messageId: string) {
  const message = await db.message.findUnique({ where: { id: idSchema.parse(messageId) }, include: withAuthor });
  if (!message || message.deletedAt) throw new AppError(ErrorCode.MESSAGE_NOT_FOUND, "This message does not exist or was deleted.");
  const { member } = await requireReadableChannel(actor, message.channelId);
  return { message, member };
}

/** The author only: new text (same rules as a send); marked edited; pushed to the channel. */
export async function editMessage(actor: Actor, input: { messageId: string; content: string }): Promise<MessageDTO> {
  const { message } = await readableMessage(actor, input.messageId);
  if (message.authorId !== actor.userId) throw new AppError(ErrorCode.NO_PERMISSION, "You can only edit your own messages.");
  if (message.removedAt) throw new AppError(ErrorCode.MESSAGE_NOT_FOUND, "This message was removed.");
  const content = checkedContent(String(input.content ?? ""));
  const row = await db.message.update({ where: { id: message.id }, data: { content, editedAt: new Date() }, include: withAuthor });
  const dto = toMessageDTO(row);
  publish(rooms.channel(dto.channelId), "message:updated", dto);
  return dto;
}

/**
 * The author deletes their own message (it leaves history); the owner and admins remove anyone
 * else's (history keeps a "removed" marker without the text). Others: 6001007.
 */
export async function deleteMessage(actor: Actor, messageId: string): Promise<{ messageId: string; removed: boolean }> {
  const { message, member } = await readableMessage(actor, messageId);
  if (message.authorId === actor.userId) {
    await db.message.update({ where: { id: message.id }, data: { deletedAt: new Date() } });
    publish(rooms.channel(message.channelId), "message:deleted", { channelId: message.channelId, messageId: message.id });
    return { messageId: message.id, removed: false };
  }
  if (!isManager(member.role)) throw new AppError(ErrorCode.NO_PERMISSION, "You can only delete your own messages.");
  const row = await db.message.update({ where: { id: message.id }, data: { removedAt: new Date() }, include: withAuthor });
  publish(rooms.channel(message.channelId), "message:updated", toMessageDTO(row));
  return { messageId: message.id, removed: true };
}
