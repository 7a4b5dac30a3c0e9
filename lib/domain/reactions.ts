import { db } from "../db";
import { AppError, ErrorCode } from "../errors";
import { limits } from "../limits";
import { publish } from "../realtime/publish";
import { rooms } from "../realtime/rooms";
import { reactionSchema, type ReactionInput } from "../schemas/message";
import type { Actor } from "./actor";
import { requireWritable } from "./internal/access";
import { readableMessage } from "./internal/messages";
import { inTransaction } from "./internal/transaction";

/**
 * Readers of the channel add or take back their own reaction (one per emoji each). Muted members
 * may still react; removed and system messages take none. At most 20 distinct emoji per message.
 */
export async function reactToMessage(actor: Actor, input: ReactionInput) {
  const { messageId, emoji, add } = reactionSchema.parse(input);
  const { message, communityDisabled, directBlock } = await readableMessage(actor, messageId);
  requireWritable({ communityDisabled, directBlock });
  if (message.removedAt || message.type === "SYSTEM") {
    throw new AppError(ErrorCode.NO_PERMISSION, "This message cannot take reactions.");
  }
  const key = { messageId_emoji_userId: { messageId, emoji, userId: actor.userId } };
  const announce = async () => {
    const user = await db.user.findUniqueOrThrow({
      where: { id: actor.userId },
      select: { id: true, displayName: true },
    });
    publish(rooms.channel(message.channelId), "reaction:changed", {
      channelId: message.channelId,
      messageId,
      emoji,
      user,
      added: add,
    });
  };
  if (add) {
    // The message row lock makes the count and the insert one step, so concurrent new emoji cannot pass the cap.
    await inTransaction(async (tx, afterCommit) => {
      await tx.$queryRaw`SELECT id FROM "Message" WHERE id = ${messageId} FOR UPDATE`;
      const [{ emojiCount, present }] = await tx.$queryRaw<{ emojiCount: number; present: boolean }[]>`
        SELECT count(DISTINCT "emoji")::int AS "emojiCount", coalesce(bool_or("emoji" = ${emoji}), false) AS "present"
          FROM "Reaction" WHERE "messageId" = ${messageId}`;
      if (!present && emojiCount >= limits.reactionsPerMessage) {
        throw new AppError(
          ErrorCode.REACTION_LIMIT,
          `A message can carry at most ${limits.reactionsPerMessage} different reactions.`,
        );
      }
      // already there: adding twice is a no-op
      const { count } = await tx.reaction.createMany({
        data: [{ messageId, emoji, userId: actor.userId }],
        skipDuplicates: true,
      });
      if (count > 0) afterCommit(announce);
    });
  } else if ((await db.reaction.deleteMany({ where: key.messageId_emoji_userId })).count > 0) {
    await announce(); // one autocommitted statement: committed once it returns
  }
  return { messageId, emoji, added: add };
}
