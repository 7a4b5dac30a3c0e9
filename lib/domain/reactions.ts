import { db } from "../db";
import { AppError, ErrorCode } from "../errors";
import { limits } from "../limits";
import { publish } from "../realtime/publish";
import { rooms } from "../realtime/rooms";
import { reactionSchema, type ReactionInput } from "../schemas/message";
import { isUniqueViolation, type Actor } from "./actor";
import { readableMessage } from "./messages";
import { requireWritable } from "./access";

/**
 * Readers of the channel add or take back their own reaction (one per emoji each). Muted members
 * may still react; removed and system messages take none. At most 20 distinct emoji per message.
 */
export async function reactToMessage(actor: Actor, input: ReactionInput) {
  const { messageId, emoji, add } = reactionSchema.parse(input);
  const { message, communityDisabled } = await readableMessage(actor, messageId);
  requireWritable({ communityDisabled });
  if (message.removedAt || message.type === "SYSTEM") {
    throw new AppError(ErrorCode.NO_PERMISSION, "This message cannot take reactions.");
  }
  const key = { messageId_emoji_userId: { messageId, emoji, userId: actor.userId } };
  let changed: boolean;
  if (add) {
    const existing = await db.reaction.findMany({ where: { messageId }, distinct: ["emoji"], select: { emoji: true } });
    if (!existing.some((r) => r.emoji === emoji) && existing.length >= limits.reactionsPerMessage) {
      throw new AppError(ErrorCode.REACTION_LIMIT, `A message can carry at most ${limits.reactionsPerMessage} different reactions.`);
    }
    try {
      await db.reaction.create({ data: { messageId, emoji, userId: actor.userId } });
      changed = true;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      changed = false; // already there: adding twice is a no-op
    }
  } else {
    changed = (await db.reaction.deleteMany({ where: key.messageId_emoji_userId })).count > 0;
  }
  if (changed) {
    const user = await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { id: true, displayName: true } });
    publish(rooms.channel(message.channelId), "reaction:changed", { channelId: message.channelId, messageId, emoji, user, added: add });
  }
  return { messageId, emoji, added: add };
}
