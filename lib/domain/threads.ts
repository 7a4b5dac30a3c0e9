import { db, type Prisma } from "../db";
import { emitCommunityEvent } from "./internal/events";
import { now } from "../clock";
import { AppError, ErrorCode } from "../errors";
import { newId } from "../ids";
import { publish } from "../realtime/publish";
import { rooms } from "../realtime/rooms";
import type { ThreadDTO, ThreadPage, ThreadView } from "../dto";
import {
  createThreadSchema,
  followThreadSchema,
  listThreadsSchema,
  updateThreadSchema,
  type CreateThreadInput,
  type FollowThreadInput,
  type ListThreadsInput,
  type UpdateThreadInput,
} from "../schemas/thread";
import { idSchema } from "../schemas/community";
import { requireReadableChannel } from "./access";
import type { Actor } from "./actor";
import { isManager, requireWritable } from "./internal/access";
import { messageInclude, toReplyPreview } from "./internal/message-view";
import { readableMessage } from "./internal/messages";
import { requireCanSend } from "./internal/send-policy";
import {
  defaultThreadName,
  isArchived,
  loadThread,
  minutes,
  publishThread,
  threadInclude,
  toThreadDTOs,
} from "./internal/threads";
import { inTransaction, isUniqueViolation } from "./internal/transaction";

/**
 * Threads: a side discussion opened from one message of a channel. A thread is a channel row of
 * kind THREAD (same id as its Thread row), so its replies have everything channel messages have
 * and every path that reads a channel (history, sends, reactions, pins, search, unread, rooms)
 * decides access the same way: by the channel it was opened in (access.ts).
 *
 * Archived: archived by hand (archivedAt) or idle past its auto-archive time (archiveAt ≤ now).
 * A reply unarchives unless the thread is locked; locked threads take replies only from the
 * owner and admins.
 */

/** A thread the actor can read (its parent channel's rule), with the actor's role; 6001062 otherwise. */
async function requireReadableThread(actor: Actor, threadId: string) {
  const access = await requireReadableChannel(actor, idSchema.parse(threadId));
  if (!access.thread) throw new AppError(ErrorCode.CHANNEL_NOT_FOUND, "This thread does not exist.");
  return { ...access, thread: access.thread };
}

/**
 * Whoever can send in the channel opens a thread from one of its members' messages (not a system
 * message, not a removed one, not inside a thread). One thread per message: asking again returns it.
 * The creator follows it.
 */
export async function createThread(actor: Actor, input: CreateThreadInput): Promise<ThreadDTO> {
  const data = createThreadSchema.parse(input);
  const { message } = await readableMessage(actor, data.messageId);
  const access = await requireReadableChannel(actor, message.channelId);
  if (access.thread) throw new AppError(ErrorCode.INVALID_INPUT, "A thread cannot be opened inside another thread.");
  if (access.conversationKind !== "COMMUNITY")
    throw new AppError(ErrorCode.INVALID_INPUT, "Threads are for community channels, not direct messages.");
  if (message.type === "SYSTEM" || message.removedAt)
    throw new AppError(ErrorCode.INVALID_INPUT, "A thread can only be opened from a member's message.");
  const existing = await db.thread.findUnique({ where: { starterMessageId: message.id }, select: { id: true } });
  if (existing) return loadThread(existing.id);
  (await requireCanSend(access)).cancel(); // the same rules as a send; opening a thread delivers nothing

  const id = newId();
  const at = now();
  const name = data.name ?? defaultThreadName(message.content, message.attachment?.fileName ?? null);
  try {
    return await inTransaction(async (tx, afterCommit) => {
      await tx.channel.create({
        data: {
          id,
          communityId: access.channel.communityId,
          name,
          kind: "THREAD",
          parentId: access.channel.id,
          createdAt: at,
        },
      });
      await tx.thread.create({
        data: {
          id,
          parentId: access.channel.id,
          starterMessageId: message.id,
          ownerId: actor.userId,
          autoArchiveMinutes: data.autoArchiveMinutes,
          activityAt: at,
          archiveAt: new Date(at.getTime() + minutes(data.autoArchiveMinutes)),
          participantIds: [],
          createdAt: at,
        },
      });
      await tx.threadFollow.create({ data: { threadId: id, userId: actor.userId, createdAt: at } });
      const thread = await loadThread(id, tx);
      afterCommit(async () => {
        publishThread(thread);
        publish(rooms.user(actor.userId), "thread:followed", { threadId: id, following: true });
        await emitCommunityEvent(thread.communityId, "thread.created", thread);
      });
      return thread;
    });
  } catch (error) {
    // Opened at the same moment by someone else: theirs is the thread.
    if (!isUniqueViolation(error)) throw error;
    const theirs = await db.thread.findUnique({ where: { starterMessageId: message.id }, select: { id: true } });
    if (!theirs) throw error;
    return loadThread(theirs.id);
  }
}

/** Readers of the thread: the thread, whether they follow it, and the message it was opened from (a preview). */
export async function getThread(actor: Actor, threadId: string): Promise<ThreadView> {
  await requireReadableThread(actor, threadId);
  const [dto, follow] = await Promise.all([
    loadThread(threadId),
    db.threadFollow.findUnique({
      where: { threadId_userId: { threadId, userId: actor.userId } },
      select: { userId: true },
    }),
  ]);
  const starter = await db.message.findUnique({
    where: { id: dto.starterMessageId },
    select: messageInclude.replyTo.select,
  });
  return { thread: dto, following: follow !== null, starter: starter ? toReplyPreview(starter) : null };
}

/**
 * What may change and who may change it: the name, auto-archive time and Q&A status: the creator,
 * the owner and admins; archive and lock: the owner and admins. Others get 6001007.
 */
export async function updateThread(actor: Actor, input: UpdateThreadInput): Promise<ThreadDTO> {
  const { threadId, name, autoArchiveMinutes, archived, locked, resolved } = updateThreadSchema.parse(input);
  const { member, thread, communityDisabled } = await requireReadableThread(actor, threadId);
  requireWritable({ communityDisabled });
  const manager = isManager(member.role);
  const creator = thread.ownerId === actor.userId;
  if ((archived !== undefined || locked !== undefined) && !manager) {
    throw new AppError(ErrorCode.NO_PERMISSION, "Only the owner and admins can archive or lock a thread.");
  }
  if ((name !== undefined || autoArchiveMinutes !== undefined || resolved !== undefined) && !manager && !creator) {
    throw new AppError(
      ErrorCode.NO_PERMISSION,
      "Only the thread's creator, the owner and admins can change this thread.",
    );
  }
  const at = now();
  const row = await db.thread.findUniqueOrThrow({ where: { id: threadId } });
  const changes: Prisma.ThreadUpdateInput = {};
  if (autoArchiveMinutes !== undefined) {
    changes.autoArchiveMinutes = autoArchiveMinutes;
    changes.archiveAt = new Date(row.activityAt.getTime() + minutes(autoArchiveMinutes));
    // an idle thread the sweep has not reached yet stays archived, as if it had
    if (isArchived(row, at) && row.archivedAt === null) changes.archivedAt = row.archiveAt;
  }
  if (archived === true && !isArchived(row, at)) changes.archivedAt = at;
  if (archived === false && isArchived(row, at)) {
    // Unarchived by hand: a fresh auto-archive period starts now.
    changes.archivedAt = null;
    changes.activityAt = at;
    changes.archiveAt = new Date(at.getTime() + minutes(autoArchiveMinutes ?? row.autoArchiveMinutes));
  }
  if (locked !== undefined) changes.lockedAt = locked ? (row.lockedAt ?? at) : null;
  if (resolved !== undefined) changes.resolvedAt = resolved ? (row.resolvedAt ?? at) : null;
  return inTransaction(async (tx, afterCommit) => {
    await tx.thread.update({ where: { id: threadId }, data: changes });
    if (name !== undefined) await tx.channel.update({ where: { id: threadId }, data: { name } });
    const dto = await loadThread(threadId, tx);
    afterCommit(() => publishThread(dto));
    return dto;
  });
}

/** Readers of the thread follow or unfollow it; their tabs refresh their followed threads. */
export async function followThread(actor: Actor, input: FollowThreadInput) {
  const { threadId, follow } = followThreadSchema.parse(input);
  await requireReadableThread(actor, threadId);
  if (follow) {
    await db.threadFollow.createMany({
      data: [{ threadId, userId: actor.userId, createdAt: now() }],
      skipDuplicates: true,
    });
  } else {
    await db.threadFollow.deleteMany({ where: { threadId, userId: actor.userId } });
  }
  publish(rooms.user(actor.userId), "thread:followed", { threadId, following: follow });
  return { threadId, following: follow };
}

/**
 * Readers of the channel: its threads, active or archived, optionally only open or resolved ones,
 * by last activity (newest first), a keyset page at a time.
 */
export async function listThreads(actor: Actor, input: ListThreadsInput): Promise<ThreadPage> {
  const { channelId, archived, status, cursor, limit } = listThreadsSchema.parse(input);
  const { thread } = await requireReadableChannel(actor, channelId);
  if (thread) throw new AppError(ErrorCode.INVALID_INPUT, "Threads have no threads of their own.");
  const at = now();
  const after = cursor ? decodeCursor(cursor) : null;
  const rows = await db.thread.findMany({
    where: {
      parentId: channelId,
      AND: [
        archived
          ? { OR: [{ archivedAt: { not: null } }, { archiveAt: { lte: at } }] }
          : { archivedAt: null, archiveAt: { gt: at } },
        status === "open" ? { resolvedAt: null } : status === "resolved" ? { resolvedAt: { not: null } } : {},
        after
          ? { OR: [{ activityAt: { lt: after.activityAt } }, { activityAt: after.activityAt, id: { lt: after.id } }] }
          : {},
      ],
    },
    orderBy: [{ activityAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    include: threadInclude,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    threads: await toThreadDTOs(page),
    nextCursor: rows.length > limit && last ? `${last.activityAt.toISOString()}_${last.id}` : null,
  };
}

function decodeCursor(cursor: string) {
  const [iso, id] = cursor.split("_");
  const activityAt = new Date(iso);
  if (!id || Number.isNaN(activityAt.getTime()))
    throw new AppError(ErrorCode.INVALID_INPUT, "This page cursor is not valid.");
  return { activityAt, id };
}

/**
 * Threads idle past their auto-archive time become archived (run every minute by the socket
 * server; the clock is injectable). Reading never depends on it: idle threads already list as
 * archived; this records the moment and tells the viewers.
 */
export async function archiveIdleThreads(at = now()): Promise<string[]> {
  // one statement claims the due threads (a reply or another process that came first excludes them)
  const stamp = at.toISOString().replace("T", " ").replace("Z", ""); // stored timestamps are UTC without a zone
  const claimed = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Thread" SET "archivedAt" = "archiveAt"
     WHERE "id" IN (SELECT "id" FROM "Thread" WHERE "archivedAt" IS NULL AND "archiveAt" <= ${stamp}::timestamp ORDER BY "archiveAt" LIMIT 500)
       AND "archivedAt" IS NULL AND "archiveAt" <= ${stamp}::timestamp
    RETURNING "id"`;
  if (claimed.length === 0) return [];
  const rows = await db.thread.findMany({
    where: { id: { in: claimed.map((row) => row.id) } },
    include: threadInclude,
  });
  for (const thread of await toThreadDTOs(rows)) publishThread(thread);
  return claimed.map((row) => row.id);
}
