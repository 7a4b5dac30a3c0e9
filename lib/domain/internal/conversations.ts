import { db } from "../../db";
import { AppError, ErrorCode } from "../../errors";
import { LATEST_POSITION } from "../../unread";
import { closeRooms, publish } from "../../realtime/publish";
import { fileStorage } from "../../storage";
import { channelRooms, rooms } from "../../realtime/rooms";
import type { ConversationDTO, SystemEventDTO } from "../../dto";
import { requireMember } from "../access";
import type { Actor, DbClient } from "../actor";
import { avatarUrl } from "./communities";
import { customStatusColumns, visibleCustomStatus } from "./custom-status";
import { dropMember } from "./membership";
import { postSystemMessage } from "./system-messages";
import type { AfterCommit } from "./transaction";

/** Direct and group conversations (conversations.ts): what their use cases, account deletion and the icon upload share. */

/** SQL: the newest message ("last") of a conversation's channel "g", on its channelKey range. */
export const newestMessageJoin = `
    LEFT JOIN LATERAL (
      SELECT x."id" FROM "Message" x
       WHERE x."channelKey" > g."id" AND x."channelKey" <= g."id" || '${LATEST_POSITION}' AND x."deletedAt" IS NULL
       ORDER BY x."channelKey" DESC LIMIT 1) last ON true`;

/** The memberships of people joining a conversation: plain members, told of every message. */
export const participantRows = (people: Map<string, string>, joinedAt: Date) =>
  [...people].map(([userId, displayName]) => ({
    userId,
    role: "MEMBER" as const,
    sortName: displayName.toLowerCase(),
    notify: "ALL" as const,
    joinedAt,
  }));

// The newest message of each conversation's channel (none: the conversation's own id).
const activitySql = `
  SELECT g."communityId" AS "id", COALESCE(last."id", g."communityId") AS "activityId"
    FROM "Channel" g ${newestMessageJoin}
   WHERE g."communityId" = ANY($1::text[]) AND g."parentId" IS NULL`;

/** The conversations as their participants see them, in the order asked (three queries, whatever the number). */
export async function loadConversations(ids: string[], client: DbClient = db): Promise<ConversationDTO[]> {
  if (ids.length === 0) return [];
  // one after another: they may run in the caller's transaction
  const rows = await client.community.findMany({
    where: { id: { in: ids }, kind: { not: "COMMUNITY" } },
    select: {
      id: true,
      kind: true,
      name: true,
      avatarPath: true,
      ownerId: true,
      channels: { where: { parentId: null }, select: { id: true }, take: 1 },
      members: {
        orderBy: [{ joinedAt: "asc" }, { userId: "asc" }],
        select: {
          user: { select: { id: true, username: true, displayName: true, avatarPath: true, ...customStatusColumns } },
        },
      },
    },
  });
  const activity = await client.$queryRawUnsafe<{ id: string; activityId: string }[]>(activitySql, ids);

  const activityOf = new Map(activity.map((row) => [row.id, row.activityId]));
  const byId = new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        channelId: row.channels[0].id,
        kind: row.kind as ConversationDTO["kind"],
        name: row.name,
        iconUrl: avatarUrl(row.avatarPath),
        ownerId: row.ownerId,
        participants: row.members.map(({ user }) => ({
          id: user.id,
          username: user.username,
          displayName: user.displayName,
          avatarUrl: avatarUrl(user.avatarPath),
          customStatus: visibleCustomStatus(user),
        })),
        activityId: activityOf.get(row.id) ?? row.id,
      } satisfies ConversationDTO,
    ]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * A group the actor is in, its row locked for the change (6001004 / 6001005 when not in it,
 * 6002073 for a direct conversation or a community).
 */
export async function requireGroup(actor: Actor, conversationId: string, tx: DbClient) {
  await tx.$executeRaw`SELECT 1 FROM "Community" WHERE "id" = ${conversationId} FOR UPDATE`;
  await requireMember(actor, conversationId, tx);
  const group = await tx.community.findUniqueOrThrow({
    where: { id: conversationId },
    select: {
      id: true,
      kind: true,
      name: true,
      ownerId: true,
      channels: { where: { parentId: null }, select: { id: true, communityId: true, kind: true }, take: 1 },
    },
  });
  if (group.kind !== "GROUP")
    throw new AppError(
      ErrorCode.NOT_A_GROUP,
      group.kind === "DIRECT"
        ? "A direct conversation has just its two people: start a group instead."
        : "This is a community, not a group conversation.",
    );
  return { ...group, channel: group.channels[0] };
}

/** Once committed: everyone in the group sees the change; the channel says what happened. */
export function announceChange(
  afterCommit: AfterCommit,
  group: { id: string; channel: { id: string; communityId: string; kind: string } },
  actor: Actor,
  event: SystemEventDTO,
) {
  afterCommit(async () => {
    const [conversation] = await loadConversations([group.id]);
    if (conversation) publish(rooms.community(group.id), "conversation:updated", conversation);
    await postSystemMessage(group.channel, actor.userId, event);
  });
}

/** Ends the user's place in a group inside the caller's transaction (leaving, or deleting their account). */
export async function leaveGroup(
  tx: DbClient,
  afterCommit: AfterCommit,
  group: { id: string; ownerId: string; channel: { id: string; communityId: string; kind: string } },
  userId: string,
) {
  await dropMember(tx, afterCommit, { communityId: group.id, communityName: "the group", userId, reason: "left" });
  const next = await tx.member.findFirst({
    where: { communityId: group.id },
    orderBy: [{ joinedAt: "asc" }, { userId: "asc" }],
    select: { userId: true },
  });
  if (!next) {
    const { avatarPath } = await tx.community.delete({ where: { id: group.id }, select: { avatarPath: true } });
    afterCommit(async () => {
      closeRooms([rooms.community(group.id), ...channelRooms(group.channel.id)]);
      if (avatarPath)
        await fileStorage()
          .delete(avatarPath)
          .catch(() => {});
    });
    return;
  }
  if (group.ownerId === userId) await tx.community.update({ where: { id: group.id }, data: { ownerId: next.userId } });
  announceChange(afterCommit, group, { userId }, { kind: "participantLeft" });
}

/** After an icon change: everyone in the group sees it. */
export async function announceConversation(conversationId: string) {
  const [conversation] = await loadConversations([conversationId]);
  if (conversation) publish(rooms.community(conversationId), "conversation:updated", conversation);
}
