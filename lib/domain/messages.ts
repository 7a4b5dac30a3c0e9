import { now } from "../clock";
import { db, sqlPool, statementName } from "../db";
import { AppError, ErrorCode } from "../errors";
import { newId } from "../ids";
import { limits } from "../limits";
import { publish } from "../realtime/publish";
import { rooms } from "../realtime/rooms";
import { editMessageSchema, historyQuerySchema, sendMessageSchema, type EditMessageInput, type HistoryQuery, type SendMessageInput } from "../schemas/message";
import { idSchema } from "../schemas/community";
import type { MessageDTO, MessagePage, ReplyPreviewDTO, Role, SystemEventDTO } from "../dto";
import { audienceChannel, describeUntil, isManager, requireNotMuted, requireReadableChannel, requireWritable, type ThreadAccess } from "./access";
import { recordReply, recordReplyGone, requireCanReply } from "./threads";
import { channelMuteFor } from "./channels";
import { isUniqueViolation, type Actor } from "./actor";
import { takeSendTurn } from "./rate-limits";
import { countDeliveries, reserveDeliveries, type Delivery } from "./usage";
import { publishActivity } from "./read-state";
import { messageInclude, toBroadcastDTO, toMessageDTOs, toReplyPreview, type MessageRow } from "./message-view";

/** Characters as a person counts them (code points, so an emoji is one). */
const characterCount = (text: string) => Array.from(text).length;

/** Normalized text, or 6002010 (empty, unless allowed) / 6002011 (over the limit). */
export function checkedContent(raw: string, { allowEmpty = false } = {}) {
  const content = raw.replace(/\r\n?/g, "\n").trim();
  if (!content && !allowEmpty) throw new AppError(ErrorCode.MESSAGE_EMPTY, "A message cannot be empty.");
  if (characterCount(content) > limits.messageLength) {
    throw new AppError(
      ErrorCode.MESSAGE_TOO_LONG,
      `Messages can be at most ${limits.messageLength.toLocaleString("en-US")} characters (this one has ${characterCount(content).toLocaleString("en-US")}).`,
    );
  }
  return content;
}

/** `@name` tokens outside code; `@everyone`/`@here` count only from the owner and admins. */
export async function resolveMentions(content: string, channel: { id: string; communityId: string; kind: string }, role: Role) {
  const prose = content.replace(/```[\s\S]*?(```|$)/g, " ").replace(/`[^`\n]*`/g, " ");
  const mentionsEveryone = isManager(role) && /(^|[^\w@])@(everyone|here)\b/.test(prose);
  const names = new Set<string>();
  for (const match of prose.matchAll(/(^|[^\w@])@([a-zA-Z0-9_.]{3,32})/g)) {
    const name = match[2].toLowerCase();
    names.add(name);
    names.add(name.replace(/\.+$/, "")); // "@alice." at the end of a sentence
  }
  names.delete("everyone");
  names.delete("here");
  if (names.size === 0) return { mentionIds: [] as string[], mentionNames: [] as string[], mentionsEveryone };
  // Only people who can read the channel can be mentioned in it.
  const readers = await db.member.findMany({
    where: {
      communityId: channel.communityId,
      user: { username: { in: [...names].slice(0, limits.mentionsPerMessage * 2) } },
      ...(channel.kind === "PRIVATE" && {
        OR: [{ role: { in: ["OWNER", "ADMIN"] } }, { user: { channelMembers: { some: { channelId: channel.id } } } }],
      }),
    },
    select: { userId: true, user: { select: { username: true } } },
    take: limits.mentionsPerMessage,
  });
  return { mentionIds: readers.map((reader) => reader.userId), mentionNames: readers.map((reader) => reader.user.username), mentionsEveryone };
}

/** The message a reply quotes (its preview): in the same channel and still in history; 6002038 otherwise. */
export async function checkedReplyTarget(channelId: string, replyToId: string | undefined): Promise<ReplyPreviewDTO | null> {
  if (!replyToId) return null;
  const target = await db.message.findUnique({ where: { id: replyToId }, select: { ...messageInclude.replyTo.select, channelId: true } });
  if (!target || target.deletedAt || target.channelId !== channelId) {
    throw new AppError(ErrorCode.REPLY_TARGET_INVALID, "The message you are replying to no longer exists.");
  }
  return toReplyPreview(target);
}

type Access = Awaited<ReturnType<typeof requireReadableChannel>>;

const PRIVATE_READERS_TTL_MS = 10_000;
const privateReaders = new Map<string, { count: number; at: number }>();

/** How many members read a channel (not a thread): the community's, or a private channel's seats plus owner and admins (cached briefly). */
async function readerCount(channel: { id: string; communityId: string; kind: string }, communityMemberCount?: number): Promise<number> {
  if (channel.kind !== "PRIVATE") {
    if (communityMemberCount !== undefined) return communityMemberCount;
    return (await db.community.findUnique({ where: { id: channel.communityId }, select: { memberCount: true } }))?.memberCount ?? 0;
  }
  const cached = privateReaders.get(channel.id);
  if (cached && performance.now() - cached.at < PRIVATE_READERS_TTL_MS) return cached.count;
  const { rows } = await sqlPool().query<{ count: number }>({
    name: statementName("private-readers"),
    text: `SELECT count(*)::int AS count FROM "Member" m
            WHERE m."communityId" = $1
              AND (m."role" IN ('OWNER', 'ADMIN') OR EXISTS (SELECT 1 FROM "ChannelMember" s WHERE s."channelId" = $2 AND s."userId" = m."userId"))`,
    values: [channel.communityId, channel.id],
  });
  privateReaders.set(channel.id, { count: rows[0].count, at: performance.now() });
  return rows[0].count;
}

/** How many readers a message here reaches besides its author: what the downstream quota counts. */
async function recipientsOf({ channel, thread, communityMemberCount }: Access): Promise<number> {
  return Math.max(0, (await readerCount(audienceChannel(channel, thread), communityMemberCount)) - 1);
}

/**
 * What may stop a reader sending in a channel now: a disabled community, a locked thread, member
 * mutes, the channel's mute mode, the minimum gap between two sends (`isSend`), slowmode and the
 * send rate limit (the last three consumed by this call), and the monthly downstream quota.
 * Answers the send's place in the quota: commit it once stored.
 */
export async function requireCanSend(access: Access, { isSend = false } = {}): Promise<Delivery> {
  const { member, channel, channelMutedUntil, thread, communityDisabled } = access;
  requireWritable({ communityDisabled });
  requireCanReply(thread, member.role);
  requireNotMuted(member, channelMutedUntil);
  const channelMute = channelMuteFor(channel, member.role);
  if (channelMute) {
    throw new AppError(ErrorCode.CHANNEL_MUTED, `This channel is muted for you ${describeUntil(channelMute)}.`);
  }
  const delivery = await reserveDeliveries(await recipientsOf(access));
  try {
    // the gap first: a send it refuses takes no slowmode turn and no rate-limit point (opening a thread is no send)
    if (isSend) await takeSendGap(member.userId);
    if (channel.slowmodeSeconds > 0 && member.role === "MEMBER") await takeSlowmodeTurn(channel.id, member.userId, channel.slowmodeSeconds);
    await takeSendTurn(member.userId);
  } catch (error) {
    delivery.cancel();
    throw error;
  }
  return delivery;
}

/** The stored message for (author, nonce), if this send was already made. */
export async function findByNonce(authorId: string, nonce: string, channelId: string) {
  const row = await db.message.findUnique({ where: { authorId_nonce: { authorId, nonce } }, include: messageInclude });
  if (!row) return null;
  if (row.channelId !== channelId) {
    throw new AppError(ErrorCode.INVALID_INPUT, "This message id (nonce) was already used in another channel.");
  }
  return toBroadcastDTO(row);
}

type ChannelRef = { id: string; communityId: string; kind: string };

/**
 * Pushes a stored message to its channel's viewers, and its activity to the other readers (after
 * commit); a thread reply also moves the thread's summary.
 */
export async function publishNew(row: MessageRow, channel: ChannelRef, thread: ThreadAccess | null = null): Promise<MessageDTO> {
  const message = await toBroadcastDTO(row);
  publish(rooms.channel(message.channelId), "message:new", message);
  publishActivity(channel, { kind: "new", messageId: row.id, authorId: row.authorId, mentionIds: row.mentionIds, mentionsEveryone: row.mentionsEveryone }, audienceChannel(channel, thread));
  if (thread) await recordReply(channel.id, row);
  return message;
}

/**
 * Members who can read the channel: stores a text message (mentions resolved, optionally a reply)
 * and pushes it to the channel's room after commit. Idempotent per (author, nonce): a retry returns
 * the stored message, never a duplicate. The hot path: access, mute and one INSERT.
 */
export async function sendMessage(actor: Actor, input: SendMessageInput): Promise<MessageDTO> {
  const data = sendMessageSchema.parse(input);
  const content = checkedContent(data.content);
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
    const { rows } = await sqlPool().query<{ createdAt: Date; username: string; displayName: string }>({
      name: statementName("insert-message"),
      text: `WITH inserted AS (
               INSERT INTO "Message" ("id", "channelId", "authorId", "content", "nonce", "replyToId", "mentionIds", "mentionsEveryone")
               VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8)
               ON CONFLICT ("authorId", "nonce") DO NOTHING
               RETURNING "createdAt", "authorId")
             SELECT i."createdAt" AT TIME ZONE 'UTC' AS "createdAt", u."username", u."displayName"
               FROM inserted i JOIN "User" u ON u."id" = i."authorId"`,
      values: [id, channel.id, actor.userId, content, data.nonce, replyTo?.id ?? null, mentions.mentionIds, mentions.mentionsEveryone],
    });
    const row = rows[0];
    // No row: the same nonce was stored by a concurrent send; answer with that message.
    if (!row) return (await findByNonce(actor.userId, data.nonce, data.channelId))!;
    const message: MessageDTO = {
      id,
      channelId: channel.id,
      type: "TEXT",
      content,
      nonce: data.nonce,
      createdAt: row.createdAt.toISOString(),
      editedAt: null,
      author: { id: actor.userId, username: row.username, displayName: row.displayName },
      removed: false,
      replyTo,
      mentions: mentionNames,
      mentionsEveryone: mentions.mentionsEveryone,
      pinned: false,
      attachment: null,
      reactions: [],
      system: null,
      thread: null,
    };
    publish(rooms.channel(channel.id), "message:new", message);
    publishActivity(channel, { kind: "new", messageId: id, authorId: actor.userId, ...mentions }, readers);
    // usage counts per channel: a thread's replies count for the channel it belongs to
    delivery.commit({ channelId: readers.id, communityId: channel.communityId, authorId: actor.userId });
    if (thread) await recordReply(channel.id, { id, authorId: actor.userId, mentionIds: mentions.mentionIds });
    return message;
  } finally {
    delivery.cancel(); // not stored (a failure, or the same nonce stored concurrently): not counted
  }
}

/** A system message (member joined, channel created, message pinned) in a channel, pushed live. */
/**
 * A system message (member joined, channel created, message pinned) in a channel, pushed live.
 * Its deliveries count like any message's; the quota never refuses one (the action it reports happened).
 */
export async function postSystemMessage(channel: ChannelRef, authorId: string, event: SystemEventDTO) {
  const row = await db.message.create({
    data: { id: newId(), channelId: channel.id, authorId, type: "SYSTEM", content: "", systemEvent: event },
    include: messageInclude,
  });
  const readers = await readerCount(channel);
  countDeliveries({ channelId: channel.id, communityId: channel.communityId, recipients: Math.max(0, readers - 1) });
  return publishNew(row, channel);
}

/**
 * Slowmode: one send per member per interval. A conditional upsert, so concurrent sends cannot
 * both pass; 6002034 with the remaining wait otherwise.
 */
async function takeSlowmodeTurn(channelId: string, userId: string, seconds: number) {
  const at = now();
  const turnOpensFrom = new Date(at.getTime() - seconds * 1000);
  const taken = await db.$executeRaw`
    INSERT INTO "ChannelSendState" ("channelId", "userId", "lastSentAt") VALUES (${channelId}, ${userId}, ${at})
    ON CONFLICT ("channelId", "userId") DO UPDATE SET "lastSentAt" = ${at}
    WHERE "ChannelSendState"."lastSentAt" <= ${turnOpensFrom}`;
  if (taken > 0) return;
  const waitMs = await slowmodeWaitMs(channelId, userId, seconds);
  const wait = Math.max(1, Math.ceil(waitMs / 1000));
  throw new AppError(ErrorCode.SLOWMODE, `Slowmode is on: you can send again in ${wait} ${wait === 1 ? "second" : "seconds"}.`, undefined, waitMs);
}

/**
 * SPEC's minimum gap between two sends by one user (limits.sendGapMs), in every app process: one
 * conditional upsert of the user's last send, so of concurrent sends exactly one passes; the others
 * get 6002029 with the wait (the client waits and sends again). A last send stamped a gap or more
 * ahead of now (the clock was set back, or another process's clock runs ahead) does not block.
 */
async function takeSendGap(userId: string) {
  const gapMs = limits.sendGapMs;
  if (gapMs <= 0) return;
  const at = now();
  const { rowCount } = await sqlPool().query({
    name: statementName("take-send-gap"),
    text: `INSERT INTO "UserSendState" AS s ("userId", "lastSentAt") VALUES ($1, $2::timestamptz AT TIME ZONE 'UTC')
           ON CONFLICT ("userId") DO UPDATE SET "lastSentAt" = EXCLUDED."lastSentAt"
           WHERE s."lastSentAt" <= EXCLUDED."lastSentAt" - $3::int * interval '1 millisecond'
              OR s."lastSentAt" >= EXCLUDED."lastSentAt" + $3::int * interval '1 millisecond'`,
    values: [userId, at.toISOString(), gapMs],
  });
  if (rowCount) return;
  const last = await db.userSendState.findUnique({ where: { userId }, select: { lastSentAt: true } });
  const waitMs = Math.min(2 * gapMs, Math.max(1, (last?.lastSentAt.getTime() ?? at.getTime()) + gapMs - at.getTime()));
  const seconds = Math.ceil(waitMs / 1000);
  throw new AppError(ErrorCode.RATE_LIMITED, `You are sending messages too fast. Try again in ${seconds} ${seconds === 1 ? "second" : "seconds"}.`, undefined, waitMs);
}

async function slowmodeWaitMs(channelId: string, userId: string, seconds: number): Promise<number> {
  const state = await db.channelSendState.findUnique({ where: { channelId_userId: { channelId, userId } } });
  if (!state) return 0;
  return Math.max(0, state.lastSentAt.getTime() + seconds * 1000 - now().getTime());
}

const slowmodeWait = async (channelId: string, userId: string, seconds: number) => Math.ceil((await slowmodeWaitMs(channelId, userId, seconds)) / 1000);

/**
 * Members who can read the channel: one keyset page of history in chronological order.
 * `before`: older than that id; `after`: newer than that id; `around`: a window with that message
 * in the middle; none: the newest page.
 */
export async function listMessages(actor: Actor, query: HistoryQuery): Promise<MessagePage> {
  const { channelId, before, after, around, limit } = historyQuerySchema.parse(query);
  await requireReadableChannel(actor, channelId);
  const page = (where: { lt?: string; gt?: string; gte?: string }, order: "asc" | "desc", take: number) =>
    db.message.findMany({
      where: { channelId, deletedAt: null, ...(where.lt || where.gt || where.gte ? { id: where } : {}) },
      orderBy: { id: order },
      take,
      include: messageInclude,
    });

  let rows: MessageRow[];
  let hasOlder: boolean;
  let hasNewer: boolean;
  if (around) {
    const olderCount = Math.floor(limit / 2);
    const newerCount = limit - olderCount;
    const [older, newer] = await Promise.all([page({ lt: around }, "desc", olderCount + 1), page({ gte: around }, "asc", newerCount + 1)]);
    hasOlder = older.length > olderCount;
    hasNewer = newer.length > newerCount;
    rows = [...older.slice(0, olderCount).reverse(), ...newer.slice(0, newerCount)];
  } else if (after) {
    const newer = await page({ gt: after }, "asc", limit + 1);
    hasOlder = true;
    hasNewer = newer.length > limit;
    rows = newer.slice(0, limit);
  } else {
    const older = await page(before ? { lt: before } : {}, "desc", limit + 1);
    hasOlder = older.length > limit;
    hasNewer = !!before;
    rows = older.slice(0, limit).reverse();
  }
  return { messages: await toMessageDTOs(rows, actor.userId), hasOlder, hasNewer };
}

/**
 * Members who can read the channel: what stops them sending here now, for the composer: a member
 * mute (community or channel), the channel's mute mode, slowmode with the wait left, and whether an
 * app administrator disabled the community.
 */
export async function getSendRestriction(actor: Actor, channelId: string) {
  const { member, channel, communityDisabled } = await requireReadableChannel(actor, channelId);
  const personal = await db.channelMute.findUnique({ where: { channelId_userId: { channelId, userId: actor.userId } } });
  const at = now().getTime();
  const until = [member.mutedUntil, personal?.mutedUntil].filter((d): d is Date => !!d && d.getTime() > at);
  const latest = until.sort((a, b) => b.getTime() - a.getTime())[0];
  const channelMute = channelMuteFor(channel, member.role);
  const slowmode = member.role === "MEMBER" ? channel.slowmodeSeconds : 0;
  return {
    mutedUntil: latest?.toISOString() ?? null,
    channelMutedUntil: channelMute?.toISOString() ?? null,
    slowmodeSeconds: slowmode,
    slowmodeWait: slowmode ? await slowmodeWait(channelId, actor.userId, slowmode) : 0,
    communityDisabled,
  };
}

/** A message the actor can read, still in history (not deleted by its author); 6002012 otherwise. */
export async function readableMessage(actor: Actor, messageId: string) {
  // Only what the rules look at; callers that answer with the message load it again for the DTO.
  const message = await db.message.findUnique({ where: { id: idSchema.parse(messageId) }, include: { attachment: true } });
  if (!message || message.deletedAt) throw new AppError(ErrorCode.MESSAGE_NOT_FOUND, "This message does not exist or was deleted.");
  const { member, channel, thread, communityDisabled } = await requireReadableChannel(actor, message.channelId);
  return { message, member, channel, thread, communityDisabled };
}

/** The author only: new text (same rules as a send; a caption may be empty); mentions re-read; marked edited. */
export async function editMessage(actor: Actor, input: EditMessageInput): Promise<MessageDTO> {
  const { messageId, content: raw } = editMessageSchema.parse(input);
  const { message, member, channel, thread, communityDisabled } = await readableMessage(actor, messageId);
  requireWritable({ communityDisabled });
  const readers = audienceChannel(channel, thread);
  if (message.authorId !== actor.userId || message.type === "SYSTEM") {
    throw new AppError(ErrorCode.NO_PERMISSION, "You can only edit your own messages.");
  }
  if (message.removedAt) throw new AppError(ErrorCode.MESSAGE_NOT_FOUND, "This message was removed.");
  const content = checkedContent(raw, { allowEmpty: message.type !== "TEXT" });
  const { mentionNames: _, ...mentions } = await resolveMentions(content, readers, member.role);
  const row = await db.message.update({
    where: { id: message.id },
    data: { content, editedAt: now(), ...mentions },
    include: messageInclude,
  });
  const dto = await toBroadcastDTO(row);
  publish(rooms.channel(dto.channelId), "message:updated", dto);
  publishActivity(channel, {
    kind: "edited",
    messageId: message.id,
    authorId: message.authorId,
    ...mentions,
    before: { mentionIds: message.mentionIds, mentionsEveryone: message.mentionsEveryone },
  }, readers);
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
      { kind: "gone", messageId: message.id, authorId: message.authorId, mentionIds: message.mentionIds, mentionsEveryone: message.mentionsEveryone },
      audienceChannel(channel, thread),
    );
  const gone = async () => {
    await db.message.update({ where: { id: message.id }, data: { deletedAt: now(), pinnedAt: null } });
    publish(rooms.channel(message.channelId), "message:deleted", { channelId: message.channelId, messageId: message.id });
    announceGone();
    if (thread) await recordReplyGone(channel.id);
    return { messageId: message.id, removed: false };
  };
  if (message.type === "SYSTEM") {
    if (!isManager(member.role)) throw new AppError(ErrorCode.NO_PERMISSION, "Only the owner and admins can delete system messages.");
    return gone();
  }
  if (message.authorId === actor.userId) return gone();
  if (!isManager(member.role)) throw new AppError(ErrorCode.NO_PERMISSION, "You can only delete your own messages.");
  const row = await db.message.update({ where: { id: message.id }, data: { removedAt: now(), pinnedAt: null }, include: messageInclude });
  publish(rooms.channel(message.channelId), "message:updated", await toBroadcastDTO(row));
  announceGone();
  return { messageId: message.id, removed: true };
}
