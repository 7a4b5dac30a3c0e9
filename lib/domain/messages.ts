import { ZodError, type z } from "zod";
import { now } from "../clock";
import { db, sqlPool, statementName } from "../db";
import { AppError, ErrorCode } from "../errors";
import { newId } from "../ids";
import { limits } from "../limits";
import { publish } from "../realtime/publish";
import { rooms } from "../realtime/rooms";
import {
  editMessageSchema,
  historyQuerySchema,
  sendMessageSchema,
  type EditMessageInput,
  type HistoryQuery,
  type SendMessageInput,
} from "../schemas/message";
import type { MessageDTO, MessagePage } from "../dto";
import { requireReadableChannel } from "./access";
import { channelReadState } from "./read-state";
import type { Actor } from "./actor";
import { audienceChannel, isManager, readableChannelCondition, requireWritable } from "./internal/access";
import { publishActivity } from "./internal/activity";
import { emitCommunityEvent } from "./internal/events";
import { LATEST_POSITION } from "../unread";
import { broadcastView, messageViews, toMessageDTO, viewColumns } from "./internal/message-view";

export { viewColumns };
import { checkedContent, checkedReplyTarget, findByNonce, readableMessage, resolveMentions } from "./internal/messages";
import { sendGate } from "./internal/send-gate";
import { requireCanSend, sendRestriction } from "./internal/send-policy";
import { recordReply, recordReplyGone } from "./internal/threads";
import type { Delivery } from "./internal/usage";

// Message helpers shared with attachments, pins, reactions and threads: internal/messages.ts; what may
// stop a send: internal/send-policy.ts; the one MessageDTO builder: internal/message-view.ts.

/**
 * Members who can read the channel: stores a text message (mentions resolved, optionally a reply)
 * and pushes it to the channel's room after commit. Idempotent per (author, nonce): a retry returns
 * the stored message, never a duplicate. The hot path: access, mute and one INSERT. Past the
 * process's bounded queue of sends (internal/send-gate.ts): 6002029 with a short wait.
 */
export async function sendMessage(actor: Actor, input: SendMessageInput): Promise<MessageDTO> {
  const data = sendMessageSchema.parse(input);
  const content = checkedContent(data.content);
  return sendGate().run(() => storeMessage(actor, data, content));
}

async function storeMessage(actor: Actor, data: z.output<typeof sendMessageSchema>, content: string) {
  const access = await requireReadableChannel(actor, data.channelId);
  let delivery: Delivery;
  try {
    delivery = await requireCanSend(access, { isSend: true });
  } catch (error) {
    // A retry of a send that was stored (then muted or slowed) still gets its message back.
    const earlier = await findByNonce(actor.userId, data.nonce, data.channelId);
    if (earlier) return earlier;
    throw error;
  }
  try {
    const { member, channel, thread } = access;
    const readers = audienceChannel(channel, thread);
    const replyTo = await checkedReplyTarget(channel.id, data.replyToId);
    const { mentionNames, ...mentions } = await resolveMentions(content, readers, member.role);

    const id = newId();
    const { rows } = await sqlPool().query<{
      createdAt: Date;
      username: string;
      displayName: string;
      avatarPath: string | null;
      isBot: boolean;
    }>({
      name: statementName("insert-message"),
      text: `WITH inserted AS (
               INSERT INTO "Message" ("id", "channelId", "authorId", "content", "nonce", "replyToId", "mentionIds", "mentionsEveryone")
               VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8)
               ON CONFLICT ("authorId", "nonce") DO NOTHING
               RETURNING "createdAt", "authorId")
             SELECT i."createdAt" AT TIME ZONE 'UTC' AS "createdAt", u."username", u."displayName", u."avatarPath", u."isBot"
               FROM inserted i JOIN "User" u ON u."id" = i."authorId"`,
      values: [
        id,
        channel.id,
        actor.userId,
        content,
        data.nonce,
        replyTo?.id ?? null,
        mentions.mentionIds,
        mentions.mentionsEveryone,
      ],
    });
    const row = rows[0];
    // No row: the same nonce was stored by a concurrent send; answer with that message.
    if (!row) return (await findByNonce(actor.userId, data.nonce, data.channelId))!;
    // the one builder the read path uses, from what was just inserted (nothing to load: no reactions, no thread yet)
    const message = toMessageDTO(
      {
        id,
        channelId: channel.id,
        type: "TEXT",
        content,
        nonce: data.nonce,
        createdAt: row.createdAt,
        editedAt: null,
        removedAt: null,
        mentionsEveryone: mentions.mentionsEveryone,
        pinnedAt: null,
        systemEvent: null,
        author: {
          id: actor.userId,
          username: row.username,
          displayName: row.displayName,
          avatarPath: row.avatarPath,
          isBot: row.isBot,
        },
        attachment: null,
        replyTo,
      },
      { mentions: mentionNames },
    );
    // one autocommitted statement, no transaction: once it has returned the row is committed
    publish(rooms.channel(channel.id), "message:new", message);
    publishActivity(channel, { kind: "new", messageId: id, authorId: actor.userId, ...mentions }, readers);
    // usage counts per channel: a thread's replies count for the channel it belongs to
    delivery.commit({ channelId: readers.id, communityId: channel.communityId, authorId: actor.userId });
    if (thread) await recordReply(channel.id, { id, authorId: actor.userId, mentionIds: mentions.mentionIds });
    await emitCommunityEvent(channel.communityId, "message.created", message);
    return message;
  } finally {
    delivery.cancel(); // not stored (a failure, or the same nonce stored concurrently): not counted
  }
}

/**
 * Members who can read the channel: one keyset page of history in chronological order.
 * `before`: older than that id; `after`: newer than that id; `around`: a window with that message
 * in the middle; none: the newest page.
 */
export async function listMessages(actor: Actor, query: HistoryQuery): Promise<MessagePage> {
  const parsed = historyQuerySchema.parse(query);
  // The page's statement reads rows only for a reader of the channel (historyRange); an empty page
  // may be a refusal: then the full check says which (and answers for an empty channel).
  const page = await historyPage(actor, parsed);
  if (page.messages.length === 0) await requireReadableChannel(actor, parsed.channelId);
  return page;
}

/**
 * What came after `after` in a channel, one page (the largest), in one statement: rows only for a
 * reader (the statement's own rule), so a tab catching up as it subscribes needs no further check.
 */
export async function messagesAfter(actor: Actor, channelId: string, after: string): Promise<MessagePage> {
  return historyPage(actor, historyQuerySchema.parse({ channelId, after, limit: limits.maxPageSize }));
}

/**
 * Members who can read the channel: what its page shows, after one access check: the channel, the
 * reader's role, what stops them sending (a mute, the channel's mute mode, slowmode with the wait
 * left, a disabled community), the newest history page and their read state in the channel (where
 * it opens). `threadId`: one of this channel's
 * threads to open beside it, kept only when it is one and readable. `around`: the page around that
 * message when it is one of the channel's (else the newest page, and no focus). A database failure
 * is an error, never a quietly missing thread or focus.
 */
export async function openChannel(actor: Actor, input: { channelId: string; around?: string; threadId?: string }) {
  const access = await requireReadableChannel(actor, input.channelId);
  const channelId = access.channel.id;
  const [aroundPage, restriction, threadId, readState] = await Promise.all([
    input.around ? historyPage(actor, historyQuerySchema.parse({ channelId, around: input.around })) : null,
    sendRestriction(access),
    input.threadId ? threadOf(actor, channelId, input.threadId) : undefined,
    channelReadState(actor, channelId),
  ]);
  const focusId = aroundPage?.messages.some((message) => message.id === input.around) ? input.around : undefined;
  const page = focusId && aroundPage ? aroundPage : await historyPage(actor, historyQuerySchema.parse({ channelId }));
  return {
    channel: access.channel,
    member: access.member,
    conversationKind: access.conversationKind,
    restriction,
    page,
    focusId,
    threadId,
    readState,
  };
}

/** The thread's id when it is one of the channel's and the actor reads it; undefined for anything else they may not see. */
async function threadOf(actor: Actor, channelId: string, threadId: string): Promise<string | undefined> {
  try {
    const { channel, thread } = await requireReadableChannel(actor, threadId);
    return thread && channel.parentId === channelId ? channel.id : undefined;
  } catch (error) {
    if (error instanceof AppError || error instanceof ZodError) return undefined;
    throw error;
  }
}

/**
 * A keyset range of one channel's history as a view source ($1 the viewer, $2 the channel, $3 the
 * bound), walked from the bound, or from the newest message; empty unless the viewer may read the
 * channel (requireReadableChannel's rule, evaluated once for the statement). The range is one of
 * "channelKey" (channelId || id, indexed), as unread counts use: it can only be read in this
 * channel, whereas with "channelId" = $2 ORDER BY "id" a generic plan (which cannot tell a quiet
 * channel from a busy one) walks the primary key backward through every channel's messages. The
 * row count is part of the text (and name): with LIMIT $n PostgreSQL guesses a tenth of the range
 * for a generic plan and keeps planning every page anew (≈ 0.7 ms, half the page's time).
 */
function historyRange(channelId: string, take: number, bound?: { op: "<" | ">" | ">="; id: string }) {
  const after = bound && bound.op !== "<";
  const lower = bound && after ? `"channelKey" ${bound.op} $2 || $3` : `"channelKey" > $2`;
  const upper = bound && !after ? `"channelKey" < $2 || $3` : `"channelKey" <= $2 || '${LATEST_POSITION}'`;
  if (!Number.isSafeInteger(take) || take < 1) throw new Error(`history row count ${take}`);
  return {
    name: `history${bound ? { "<": "-before", ">": "-after", ">=": "-from" }[bound.op] : "-newest"}-${take}`,
    text: `SELECT ${viewColumns} FROM "Message"
            WHERE ${lower} AND ${upper} AND "deletedAt" IS NULL
              AND EXISTS (SELECT 1 FROM "Channel" c JOIN "Member" m ON m."communityId" = c."communityId" AND m."userId" = $1
                           WHERE c."id" = $2 AND ${readableChannelCondition("c", "m")})
            ORDER BY "channelKey" ${after ? "ASC" : "DESC"} LIMIT ${take}`,
    values: bound ? [channelId, bound.id] : [channelId],
  };
}

/**
 * A history page of a channel, rows only if the actor reads it: one statement (messageViews), two for
 * a page around a message (the ranges before and from it, at once). Each range asks for one row
 * more than it keeps, which tells whether there is more beyond it.
 */
async function historyPage(actor: Actor, query: z.output<typeof historyQuerySchema>): Promise<MessagePage> {
  const { channelId, before, after, around, limit } = query;
  const range = (take: number, bound?: Parameters<typeof historyRange>[2]) =>
    messageViews(historyRange(channelId, take, bound), actor.userId);
  if (around) {
    const olderCount = Math.floor(limit / 2);
    const newerCount = limit - olderCount;
    const [older, newer] = await Promise.all([
      range(olderCount + 1, { op: "<", id: around }),
      range(newerCount + 1, { op: ">=", id: around }),
    ]);
    return {
      messages: [...older.slice(older.length > olderCount ? 1 : 0), ...newer.slice(0, newerCount)],
      hasOlder: older.length > olderCount,
      hasNewer: newer.length > newerCount,
    };
  }
  if (after) {
    const newer = await range(limit + 1, { op: ">", id: after });
    return { messages: newer.slice(0, limit), hasOlder: true, hasNewer: newer.length > limit };
  }
  const older = await range(limit + 1, before ? { op: "<", id: before } : undefined);
  return {
    messages: older.slice(older.length > limit ? 1 : 0),
    hasOlder: older.length > limit,
    hasNewer: !!before,
  };
}

/** The author only: new text (same rules as a send; a caption may be empty); mentions re-read; marked edited. */
export async function editMessage(actor: Actor, input: EditMessageInput): Promise<MessageDTO> {
  const { messageId, content: raw } = editMessageSchema.parse(input);
  const { message, member, channel, thread, communityDisabled, directBlock } = await readableMessage(actor, messageId);
  requireWritable({ communityDisabled, directBlock });
  const readers = audienceChannel(channel, thread);
  if (message.authorId !== actor.userId || message.type === "SYSTEM") {
    throw new AppError(ErrorCode.NO_PERMISSION, "You can only edit your own messages.");
  }
  if (message.removedAt) throw new AppError(ErrorCode.MESSAGE_NOT_FOUND, "This message was removed.");
  const content = checkedContent(raw, { allowEmpty: message.type !== "TEXT" });
  const { mentionNames: _, ...mentions } = await resolveMentions(content, readers, member.role);
  await db.message.update({ where: { id: message.id }, data: { content, editedAt: now(), ...mentions } });
  const dto = await broadcastView(message.id);
  publish(rooms.channel(dto.channelId), "message:updated", dto);
  await emitCommunityEvent(channel.communityId, "message.edited", dto);
  publishActivity(
    channel,
    {
      kind: "edited",
      messageId: message.id,
      authorId: message.authorId,
      ...mentions,
      before: { mentionIds: message.mentionIds, mentionsEveryone: message.mentionsEveryone },
    },
    readers,
  );
  return dto;
}

/**
 * The author deletes their own message (it leaves history); the owner and admins remove anyone
 * else's (history keeps a "removed" marker without the text) and delete system messages. Others: 6001007.
 */
export async function deleteMessage(actor: Actor, messageId: string): Promise<{ messageId: string; removed: boolean }> {
  const { message, member, channel, thread, communityDisabled } = await readableMessage(actor, messageId);
  requireWritable({ communityDisabled });
  const announceGone = () =>
    publishActivity(
      channel,
      {
        kind: "gone",
        messageId: message.id,
        authorId: message.authorId,
        mentionIds: message.mentionIds,
        mentionsEveryone: message.mentionsEveryone,
      },
      audienceChannel(channel, thread),
    );
  const gone = async () => {
    await db.message.update({ where: { id: message.id }, data: { deletedAt: now(), pinnedAt: null } });
    publish(rooms.channel(message.channelId), "message:deleted", {
      channelId: message.channelId,
      messageId: message.id,
    });
    announceGone();
    if (thread) await recordReplyGone(channel.id);
    await emitCommunityEvent(channel.communityId, "message.deleted", {
      channelId: message.channelId,
      messageId: message.id,
      removed: false,
    });
    return { messageId: message.id, removed: false };
  };
  if (message.type === "SYSTEM") {
    if (!isManager(member.role))
      throw new AppError(ErrorCode.NO_PERMISSION, "Only the owner and admins can delete system messages.");
    return gone();
  }
  if (message.authorId === actor.userId) return gone();
  if (!isManager(member.role)) throw new AppError(ErrorCode.NO_PERMISSION, "You can only delete your own messages.");
  await db.message.update({ where: { id: message.id }, data: { removedAt: now(), pinnedAt: null } });
  publish(rooms.channel(message.channelId), "message:updated", await broadcastView(message.id));
  announceGone();
  await emitCommunityEvent(channel.communityId, "message.deleted", {
    channelId: message.channelId,
    messageId: message.id,
    removed: true,
  });
  return { messageId: message.id, removed: true };
}
