import { now } from "../clock";
import { db, sqlPool, statementName } from "../db";
import { AppError, ErrorCode } from "../errors";
import { newId } from "../ids";
import { limits } from "../limits";
import { addUserToRooms, publish } from "../realtime/publish";
import { rooms } from "../realtime/rooms";
import {
  conversationPeopleSchema,
  conversationPersonSchema,
  conversationRefSchema,
  directConversationSchema,
  newConversationSchema,
  renameConversationSchema,
  type NewConversationInput,
} from "../schemas/conversation";
import type { ConversationDTO } from "../dto";
import { requireMember } from "./access";
import type { Actor, DbClient } from "./actor";
import {
  announceChange,
  leaveGroup,
  loadConversations,
  newestMessageJoin,
  participantRows,
  requireGroup,
} from "./internal/conversations";
import { dropMember } from "./internal/membership";
import { inTransaction, isUniqueViolation, type AfterCommit } from "./internal/transaction";

/**
 * Direct (two people) and group (up to 10) conversations. Each is a hidden community (kind DIRECT
 * or GROUP) with one channel, so its messages, reads, search, attachments, typing and rooms are
 * the channel machinery, and access is membership, as everywhere. Nobody in one is owner or admin
 * (no moderation, no invites, no settings); the group's creator (Community.ownerId) adds and
 * removes people; anyone in a group renames it, sets its icon or leaves. Conversations never show
 * in discovery, the admin console's communities or anyone's community count.
 */

const notReachable = () =>
  new AppError(ErrorCode.USER_NOT_FOUND, "This user does not exist or shares no community with you.");

// Which of $2 share a community (not a conversation) with $1.
const sharedSql = `
  SELECT DISTINCT o."userId" FROM "Member" me
    JOIN "Community" co ON co."id" = me."communityId" AND co."kind" = 'COMMUNITY'
    JOIN "Member" o ON o."communityId" = me."communityId" AND o."userId" = ANY($2::text[])
   WHERE me."userId" = $1`;

/**
 * Whether the actor may message each of these people: someone who exists, shares a community with
 * them (else 6002005, as for a stranger), neither blocked the other (6002071) and accepts direct
 * messages (6002070). Answers their display names.
 */
async function requireReachable(actor: Actor, userIds: string[], tx: DbClient) {
  if (userIds.includes(actor.userId))
    throw new AppError(ErrorCode.INVALID_INPUT, "You cannot start a conversation with yourself.");
  // one after another: they may run in the caller's transaction
  const users = await tx.user.findMany({
    where: { id: { in: userIds }, deletedAt: null, disabledAt: null },
    select: { id: true, displayName: true, dmPolicy: true },
  });
  const shared = await tx.$queryRawUnsafe<{ userId: string }[]>(sharedSql, actor.userId, userIds);
  const blocks = await tx.userBlock.findMany({
    where: {
      OR: [
        { blockerId: actor.userId, blockedId: { in: userIds } },
        { blockerId: { in: userIds }, blockedId: actor.userId },
      ],
    },
  });

  const byId = new Map(users.map((user) => [user.id, user]));
  const sharing = new Set(shared.map((row) => row.userId));
  const names = new Map<string, string>();
  for (const userId of userIds) {
    const user = byId.get(userId);
    if (!user || !sharing.has(userId)) throw notReachable();
    if (blocks.some((b) => b.blockerId === actor.userId && b.blockedId === userId))
      throw new AppError(
        ErrorCode.DIRECT_MESSAGE_BLOCKED,
        `You blocked ${user.displayName}. Unblock them to message them.`,
      );
    // not said to be a block: the blocked person is not told
    if (blocks.some((b) => b.blockerId === userId))
      throw new AppError(ErrorCode.DIRECT_MESSAGE_BLOCKED, `${user.displayName} is not accepting your messages.`);
    if (user.dmPolicy === "NOBODY")
      throw new AppError(ErrorCode.DIRECT_MESSAGES_CLOSED, `${user.displayName} does not accept direct messages.`);
    names.set(userId, user.displayName);
  }
  return names;
}

// The actor's conversations, most recently active first (the client lists a direct one someone
// else opened once it has a message: lib/conversation-title.ts isListed).
const myConversationsSql = `
  SELECT a."id" FROM (
    SELECT co."id", COALESCE(last."id", co."id") AS "activityId"
      FROM "Member" m
      JOIN "Community" co ON co."id" = m."communityId" AND co."kind" <> 'COMMUNITY'
      JOIN "Channel" g ON g."communityId" = co."id" AND g."parentId" IS NULL ${newestMessageJoin}
     WHERE m."userId" = $1) a
   ORDER BY a."activityId" DESC
   LIMIT $2`;

/**
 * The actor: their direct and group conversations, most recently active first (the rail's "Direct
 * messages"), the 200 most recent.
 */
export async function listMyConversations(actor: Actor): Promise<ConversationDTO[]> {
  const { rows } = await sqlPool().query<{ id: string }>({
    name: statementName("my-conversations"),
    text: myConversationsSql,
    values: [actor.userId, limits.conversationsListed],
  });
  return loadConversations(rows.map((row) => row.id));
}

/** Participants only (6001004 / 6001005 otherwise, and 6001004 for a community): one conversation. */
export async function getConversation(actor: Actor, conversationId: string): Promise<ConversationDTO> {
  const { conversationId: id } = conversationRefSchema.parse({ conversationId });
  await requireMember(actor, id);
  const [conversation] = await loadConversations([id]);
  if (!conversation) throw new AppError(ErrorCode.COMMUNITY_NOT_FOUND, "This conversation does not exist.");
  return conversation;
}

/** Once committed: the new participants' tabs join the room and add the conversation to their list. */
function announceJoined(afterCommit: AfterCommit, conversation: ConversationDTO, userIds: string[]) {
  afterCommit(() => {
    for (const userId of userIds) {
      addUserToRooms(userId, [rooms.community(conversation.id)]);
      publish(rooms.user(userId), "conversation:joined", conversation);
    }
  });
}

/** Creates the conversation's community, its channel and the memberships (notified of every message). */
async function createConversation(
  tx: DbClient,
  data: { kind: "DIRECT" | "GROUP"; ownerId: string; name: string; directKey?: string; people: Map<string, string> },
) {
  const id = newId();
  const joinedAt = now();
  await tx.community.create({
    data: {
      id,
      kind: data.kind,
      directKey: data.directKey,
      name: data.name,
      joinMode: "INVITE_ONLY",
      allowMemberInvites: false,
      ownerId: data.ownerId,
      memberCount: data.people.size,
      channelCount: 1,
      members: {
        create: participantRows(data.people, joinedAt),
      },
      channels: { create: { id: newId(), name: data.kind === "DIRECT" ? "direct" : "group", kind: "GENERAL" } },
    },
  });
  return id;
}

const directKeyOf = (a: string, b: string) => [a, b].sort().join(":");

/**
 * Anyone signed in, to someone they may message (see requireReachable): their one direct
 * conversation, made the first time. An existing one the actor is in opens whatever changed since.
 */
export async function openDirectConversation(actor: Actor, input: { userId: string }): Promise<ConversationDTO> {
  const { userId } = directConversationSchema.parse(input);
  const directKey = directKeyOf(actor.userId, userId);
  const existing = await findDirect(actor, directKey);
  if (existing) return existing;
  try {
    return await inTransaction(async (tx, afterCommit) => {
      const names = await requireReachable(actor, [userId], tx);
      const me = await tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { displayName: true } });
      const people = new Map([[actor.userId, me.displayName], ...names]);
      const id = await createConversation(tx, { kind: "DIRECT", ownerId: actor.userId, name: "", directKey, people });
      const [conversation] = await loadConversations([id], tx);
      announceJoined(afterCommit, conversation, [...people.keys()]);
      return conversation;
    });
  } catch (error) {
    // opened at the same moment by the other person: theirs is the conversation
    if (!isUniqueViolation(error)) throw error;
    const theirs = await findDirect(actor, directKey);
    if (!theirs) throw error;
    return theirs;
  }
}

async function findDirect(actor: Actor, directKey: string) {
  const row = await db.community.findUnique({
    where: { directKey },
    select: { id: true, members: { where: { userId: actor.userId }, select: { userId: true } } },
  });
  if (!row || row.members.length === 0) return null;
  const [conversation] = await loadConversations([row.id]);
  return conversation;
}

/**
 * Anyone signed in: one person opens their direct conversation; two to nine start a group with the
 * actor as its creator (each must be someone the actor may message).
 */
export async function startConversation(actor: Actor, input: NewConversationInput): Promise<ConversationDTO> {
  const { userIds, name } = newConversationSchema.parse(input);
  const others = [...new Set(userIds)];
  if (others.length === 1) return openDirectConversation(actor, { userId: others[0] });
  return inTransaction(async (tx, afterCommit) => {
    const names = await requireReachable(actor, others, tx);
    const me = await tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { displayName: true } });
    const people = new Map([[actor.userId, me.displayName], ...names]);
    const id = await createConversation(tx, { kind: "GROUP", ownerId: actor.userId, name, people });
    const [conversation] = await loadConversations([id], tx);
    announceJoined(afterCommit, conversation, [...people.keys()]);
    return conversation;
  });
}

function requireCreator(actor: Actor, group: { ownerId: string }, doing: string) {
  if (group.ownerId !== actor.userId)
    throw new AppError(ErrorCode.NO_PERMISSION, `Only the group's creator can ${doing}.`);
}

/** The group's creator: adds people they may message, up to 10 in all (6002072). People already in it are skipped. */
export async function addToConversation(
  actor: Actor,
  input: { conversationId: string; userIds: string[] },
): Promise<ConversationDTO> {
  const { conversationId, userIds } = conversationPeopleSchema.parse(input);
  return inTransaction(async (tx, afterCommit) => {
    const group = await requireGroup(actor, conversationId, tx);
    requireCreator(actor, group, "add people");
    const present = new Set(
      (await tx.member.findMany({ where: { communityId: group.id }, select: { userId: true } })).map((m) => m.userId),
    );
    const fresh = [...new Set(userIds)].filter((id) => !present.has(id));
    if (fresh.length === 0) return (await loadConversations([group.id], tx))[0];
    if (present.size + fresh.length > limits.conversationParticipants)
      throw new AppError(
        ErrorCode.CONVERSATION_FULL,
        `A group can have at most ${limits.conversationParticipants} people, you included.`,
      );
    const names = await requireReachable(actor, fresh, tx);
    const joinedAt = now();
    await tx.member.createMany({
      data: participantRows(names, joinedAt).map((row) => ({ ...row, communityId: group.id })),
    });
    await tx.community.update({ where: { id: group.id }, data: { memberCount: { increment: names.size } } });
    const [conversation] = await loadConversations([group.id], tx);
    announceJoined(afterCommit, conversation, [...names.keys()]);
    announceChange(afterCommit, group, actor, { kind: "participantAdded", names: [...names.values()] });
    return conversation;
  });
}

/** The group's creator: removes someone (not themselves: they leave). Their tabs leave the conversation at once. */
export async function removeFromConversation(
  actor: Actor,
  input: { conversationId: string; userId: string },
): Promise<ConversationDTO> {
  const { conversationId, userId } = conversationPersonSchema.parse(input);
  return inTransaction(async (tx, afterCommit) => {
    const group = await requireGroup(actor, conversationId, tx);
    requireCreator(actor, group, "remove people");
    if (userId === actor.userId)
      throw new AppError(ErrorCode.CANNOT_KICK_SELF, "You cannot remove yourself: leave the group instead.");
    const target = await tx.member.findUnique({
      where: { communityId_userId: { communityId: group.id, userId } },
      select: { user: { select: { displayName: true } } },
    });
    if (!target) throw new AppError(ErrorCode.NOT_IN_COMMUNITY, "That person is not in this group.");
    await dropMember(tx, afterCommit, { communityId: group.id, communityName: "the group", userId, reason: "kicked" });
    const [conversation] = await loadConversations([group.id], tx);
    announceChange(afterCommit, group, actor, { kind: "participantRemoved", name: target.user.displayName });
    return conversation;
  });
}

/**
 * Anyone in a group leaves it (a direct conversation cannot be left: 6002073). The creator's role
 * passes to whoever has been in it longest; the last one out deletes it.
 */
export async function leaveConversation(actor: Actor, input: { conversationId: string }) {
  const { conversationId } = conversationRefSchema.parse(input);
  return inTransaction(async (tx, afterCommit) => {
    const group = await requireGroup(actor, conversationId, tx);
    await leaveGroup(tx, afterCommit, group, actor.userId);
    return { conversationId };
  });
}

/** Anyone in a group: names it (empty: named after its people again). */
export async function renameConversation(
  actor: Actor,
  input: { conversationId: string; name: string },
): Promise<ConversationDTO> {
  const { conversationId, name } = renameConversationSchema.parse(input);
  return inTransaction(async (tx, afterCommit) => {
    const group = await requireGroup(actor, conversationId, tx);
    if (group.name === name) return (await loadConversations([group.id], tx))[0];
    await tx.community.update({ where: { id: group.id }, data: { name } });
    const [conversation] = await loadConversations([group.id], tx);
    announceChange(afterCommit, group, actor, { kind: "conversationRenamed", name });
    return conversation;
  });
}
