import { decodeTime } from "ulid";
import { db, type Prisma } from "../../db";
import { now } from "../../clock";
import { limits } from "../../limits";
import { publish } from "../../realtime/publish";
import { channelRooms, rooms } from "../../realtime/rooms";
import type { AutoArchiveMinutes, ThreadDTO, UserSummary } from "../../dto";
import type { DbClient } from "../actor";
import { inTransaction } from "./transaction";

/**
 * What threads.ts and the message paths share about threads: their DTOs, their rooms, and what a
 * reply (or its deletion) changes on the thread's summary.
 */

export const threadInclude = { channel: { select: { name: true, communityId: true } } } satisfies Prisma.ThreadInclude;
export type ThreadRow = Prisma.ThreadGetPayload<{ include: typeof threadInclude }>;

export const minutes = (count: number) => count * 60_000;
export const isArchived = (thread: { archivedAt: Date | null; archiveAt: Date }, at = now()) =>
  thread.archivedAt !== null || thread.archiveAt.getTime() <= at.getTime();

/** Rows → DTOs, with the participants of all of them loaded in one query. */
export async function toThreadDTOs(rows: ThreadRow[], client: DbClient = db): Promise<ThreadDTO[]> {
  const ids = [...new Set(rows.flatMap((row) => row.participantIds))];
  const users = ids.length
    ? await client.user.findMany({
        where: { id: { in: ids } },
        select: { id: true, username: true, displayName: true },
      })
    : [];
  const byId = new Map<string, UserSummary>(users.map((user) => [user.id, user]));
  const at = now();
  return rows.map((row) => toThreadDTO(row, byId, at));
}

/** One thread row as browsers see it, its participants (newest first) looked up in `users`. */
export function toThreadDTO(row: ThreadRow, users: ReadonlyMap<string, UserSummary>, at = now()): ThreadDTO {
  return {
    id: row.id,
    communityId: row.channel.communityId,
    parentId: row.parentId,
    starterMessageId: row.starterMessageId,
    name: row.channel.name,
    ownerId: row.ownerId,
    replyCount: row.replyCount,
    lastReplyAt: row.lastReplyAt?.toISOString() ?? null,
    activityAt: row.activityAt.toISOString(),
    participants: row.participantIds.map((id) => users.get(id)).filter((user): user is UserSummary => !!user),
    autoArchiveMinutes: row.autoArchiveMinutes as AutoArchiveMinutes,
    archived: isArchived(row, at),
    locked: row.lockedAt !== null,
    resolved: row.resolvedAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** One thread's DTO (inside a transaction: as that transaction sees it). */
export async function loadThread(threadId: string, client: DbClient = db) {
  const row = await client.thread.findUnique({ where: { id: threadId }, include: threadInclude });
  return (await toThreadDTOs([row!], client))[0];
}

/** Every room that carries these channels' messages, their threads' included: left together when access ends. */
export async function roomsOfChannels(channelIds: string[]): Promise<string[]> {
  if (channelIds.length === 0) return [];
  const threads = await db.channel.findMany({ where: { parentId: { in: channelIds } }, select: { id: true } });
  return [...channelIds.flatMap(channelRooms), ...threads.map((thread) => rooms.channel(thread.id))];
}

/** Viewers of the parent channel (summaries, thread lists) and of the thread (its header) hear the change. */
export function publishThread(thread: ThreadDTO) {
  publish(rooms.channel(thread.parentId), "thread:updated", thread);
  publish(rooms.channel(thread.id), "thread:updated", thread);
}

/** The first words of a message, as a default thread name. */
export function defaultThreadName(content: string, fileName: string | null) {
  const words = content
    .replace(/```[\s\S]*?(```|$)/g, " ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_~`>#|]/g, "")
    .replace(/<[@#]?[^>]*>/g, "")
    .replace(/\s+/g, " ")
    .trim();
  const base = words || fileName || "Thread";
  const chars = Array.from(base);
  if (chars.length <= 40) return base;
  // at most 40 with the "…": cut at the last space within 40, else after 39 characters
  const window = chars.slice(0, 40).join("");
  const lastSpace = window.lastIndexOf(" ");
  return `${(lastSpace > 20 ? window.slice(0, lastSpace) : chars.slice(0, 39).join("")).trimEnd()}…`;
}

/**
 * After a reply is stored: the count, last activity and participants move, an archived thread
 * comes back unless locked, the poster follows, and viewers of the channel see the summary change.
 */
export async function recordReply(threadId: string, reply: { id: string; authorId: string; mentionIds: string[] }) {
  const { authorId, mentionIds } = reply;
  const at = now();
  await inTransaction(async (tx, afterCommit) => {
    // the row lock orders concurrent replies: each sees the participants the one before wrote
    await tx.$queryRaw`SELECT 1 FROM "Thread" WHERE "id" = ${threadId} FOR UPDATE`;
    const row = await tx.thread.findUniqueOrThrow({ where: { id: threadId } });
    const participants = [authorId, ...row.participantIds.filter((id) => id !== authorId)].slice(
      0,
      limits.threadParticipantsShown,
    );
    await tx.thread.update({
      where: { id: threadId },
      data: {
        replyCount: { increment: 1 },
        lastReplyAt: at,
        activityAt: at,
        participantIds: participants,
        ...(row.lockedAt && isArchived(row, at)
          ? {}
          : { archivedAt: null, archiveAt: new Date(at.getTime() + minutes(row.autoArchiveMinutes)) }),
      },
    });
    // the poster and whoever they mention (readers, by how mentions resolve) follow it, as on Discord
    const candidates = [...new Set([authorId, ...mentionIds])];
    const already = await tx.threadFollow.findMany({
      where: { threadId, userId: { in: candidates } },
      select: { userId: true },
    });
    const following = new Set(already.map((f) => f.userId));
    const added = candidates.filter((id) => !following.has(id));
    // the mentioned follow from just before the reply, so it counts for them (unread and a mention)
    const beforeReply = new Date(decodeTime(reply.id) - 1);
    await tx.threadFollow.createMany({
      data: added.map((userId) => ({ threadId, userId, createdAt: userId === authorId ? at : beforeReply })),
      skipDuplicates: true,
    });
    afterCommit(async () => {
      publishThread(await loadThread(threadId));
      for (const userId of added) publish(rooms.user(userId), "thread:followed", { threadId, following: true });
    });
  });
}

/** After a reply leaves history (its author deleted it): one fewer reply on the summary. */
export async function recordReplyGone(threadId: string) {
  await db.thread.updateMany({
    where: { id: threadId, replyCount: { gt: 0 } },
    data: { replyCount: { decrement: 1 } },
  });
  publishThread(await loadThread(threadId));
}
