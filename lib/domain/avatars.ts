import { botRefSchema } from "../schemas/bot";
import { db, type Prisma } from "../db";
import { AppError, ErrorCode } from "../errors";
import { newId } from "../ids";
import { publish } from "../realtime/publish";
import { rooms } from "../realtime/rooms";
import { fileStorage } from "../storage";
import { idSchema } from "../schemas/community";
import type { ChannelDTO, CommunityInfo } from "../dto";
import { requireManager, requireReadableChannel } from "./access";
import type { Actor } from "./actor";
import { announceConversation, requireGroup } from "./internal/conversations";
import { announcePerson } from "./internal/people";
import { toAvatarImage } from "./internal/avatar-image";
import { recordAudit } from "./internal/audit";
import { announceChannelUpdate, requireManagedChannel, toChannelDTO } from "./internal/channels";
import { avatarUrl, infoSelect, toInfo } from "./internal/communities";
import { inTransaction, type AfterCommit } from "./internal/transaction";

/**
 * Stores a new avatar under `folder`, then lets `commit` point its owner at it inside a transaction
 * (re-checking permission there) and answer the previous key. The old file goes after the commit;
 * the new one goes again if the commit fails.
 */
async function replaceAvatar<T>(
  folder: string,
  bytes: Buffer,
  commit: (
    tx: Prisma.TransactionClient,
    key: string,
    afterCommit: AfterCommit,
  ) => Promise<{ previous: string | null; result: T }>,
): Promise<T> {
  const image = await toAvatarImage(bytes);
  const key = `${folder}/${newId()}.webp`;
  await fileStorage().put(key, image);
  let committed = false;
  try {
    return await inTransaction(async (tx, afterCommit) => {
      afterCommit(() => (committed = true)); // registered first: runs first once committed
      const { previous, result } = await commit(tx, key, afterCommit);
      if (previous)
        afterCommit(() =>
          fileStorage()
            .delete(previous)
            .catch(() => {}),
        );
      return result;
    });
  } catch (error) {
    if (!committed)
      await fileStorage()
        .delete(key)
        .catch(() => {});
    throw error;
  }
}

/** Owner and admins: sets the community's avatar (served publicly: invite and discovery pages show it). */
export async function setCommunityAvatar(actor: Actor, communityId: string, bytes: Buffer): Promise<CommunityInfo> {
  const id = idSchema.parse(communityId);
  await requireManager(actor, id);
  return replaceAvatar(`avatars/${id}`, bytes, async (tx, key, afterCommit) => {
    await requireManager(actor, id, tx);
    const before = await tx.community.findUniqueOrThrow({ where: { id }, select: { avatarPath: true } });
    const community = toInfo(
      await tx.community.update({ where: { id }, data: { avatarPath: key }, select: infoSelect }),
    );
    await recordAudit(tx, {
      communityId: id,
      actorId: actor.userId,
      action: "community.update",
      details: { avatar: true },
    });
    afterCommit(() => publish(rooms.community(id), "community:updated", community));
    return { previous: before.avatarPath, result: community };
  });
}

/** Anyone in a group conversation: sets its icon; everyone in it sees it at once. */
export async function setConversationIcon(actor: Actor, conversationId: string, bytes: Buffer) {
  const id = idSchema.parse(conversationId);
  await inTransaction((tx) => requireGroup(actor, id, tx));
  return replaceAvatar(`avatars/${id}`, bytes, async (tx, key, afterCommit) => {
    await requireGroup(actor, id, tx);
    const before = await tx.community.findUniqueOrThrow({ where: { id }, select: { avatarPath: true } });
    await tx.community.update({ where: { id }, data: { avatarPath: key } });
    afterCommit(() => announceConversation(id));
    return { previous: before.avatarPath, result: { iconUrl: avatarUrl(key) } };
  });
}

/**
 * Owner and admins: sets a channel's avatar; its readers see it at once. A private channel the
 * actor cannot read answers 6001062. Stored outside `avatars/`, so only the checked route serves it.
 */
export async function setChannelAvatar(actor: Actor, channelId: string, bytes: Buffer): Promise<ChannelDTO> {
  const id = idSchema.parse(channelId);
  await requireManagedChannel(actor, id);
  return replaceAvatar(`channel-avatars/${id}`, bytes, async (tx, key, afterCommit) => {
    const before = await requireManagedChannel(actor, id, tx);
    const channel = await tx.channel.update({ where: { id }, data: { avatarPath: key } });
    afterCommit(() => announceChannelUpdate(channel));
    return { previous: before.avatarPath, result: toChannelDTO(channel) };
  });
}

/** The user: their own avatar (served publicly like community avatars: every name shows it). */
export async function setUserAvatar(actor: Actor, bytes: Buffer): Promise<{ avatarUrl: string | null }> {
  return replaceUserAvatar(actor.userId, bytes);
}

/** A bot's creator: the bot's avatar. */
export async function setBotAvatar(actor: Actor, id: string, bytes: Buffer): Promise<{ avatarUrl: string | null }> {
  const { botId } = botRefSchema.parse({ botId: id });
  const bot = await db.user.findFirst({
    where: { id: botId, isBot: true, deletedAt: null },
    select: { botOwnerId: true },
  });
  if (!bot) throw new AppError(ErrorCode.USER_NOT_FOUND, "This bot does not exist.");
  if (bot.botOwnerId !== actor.userId)
    throw new AppError(ErrorCode.NO_PERMISSION, "Only the bot's creator can change its avatar.");
  return replaceUserAvatar(botId, bytes);
}

function replaceUserAvatar(userId: string, bytes: Buffer) {
  return replaceAvatar(`avatars/users/${userId}`, bytes, async (tx, key, afterCommit) => {
    const before = await tx.user.findFirst({ where: { id: userId, deletedAt: null }, select: { avatarPath: true } });
    if (!before) throw new AppError(ErrorCode.USER_NOT_FOUND, "This account no longer exists.");
    await tx.user.update({ where: { id: userId }, data: { avatarPath: key } });
    afterCommit(() => announcePerson(userId));
    return { previous: before.avatarPath, result: { avatarUrl: avatarUrl(key) } };
  });
}

/** The user: removes their avatar (their initials show again). */
export async function removeUserAvatar(actor: Actor): Promise<{ avatarUrl: null }> {
  const before = await db.user.findUnique({ where: { id: actor.userId }, select: { avatarPath: true } });
  if (before?.avatarPath) {
    await db.user.update({ where: { id: actor.userId }, data: { avatarPath: null } });
    await fileStorage()
      .delete(before.avatarPath)
      .catch(() => {});
    await announcePerson(actor.userId);
  }
  return { avatarUrl: null };
}

/** Readers of the channel: its avatar's bytes, or null when it has none. */
export async function readChannelAvatar(actor: Actor, channelId: string): Promise<Buffer | null> {
  const { channel } = await requireReadableChannel(actor, idSchema.parse(channelId));
  if (!channel.avatarPath) return null;
  return fileStorage()
    .get(channel.avatarPath)
    .catch(() => null);
}

/** Anyone: a community avatar's bytes (avatars are shown on public invite and discovery pages). */
export async function readAvatar(key: string): Promise<Buffer | null> {
  if (!key.startsWith("avatars/")) return null;
  try {
    return await fileStorage().get(key);
  } catch {
    return null;
  }
}
