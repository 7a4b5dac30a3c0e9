import { now } from "../clock";
import { db } from "../db";
import { AppError, ErrorCode } from "../errors";
import { limits } from "../limits";
import { publish } from "../realtime/publish";
import { rooms } from "../realtime/rooms";
import type { MessageDTO } from "../dto";
import { textOrEmpty } from "../schemas/text";
import { requireReadableChannel } from "./access";
import type { Actor } from "./actor";
import { isManager, requireWritable } from "./internal/access";
import { messageViews, viewColumns } from "./internal/message-view";
import { readableMessage } from "./internal/messages";
import { postSystemMessage } from "./internal/system-messages";
import { inTransaction } from "./internal/transaction";

/**
 * The owner and admins pin (at most 50 per channel, 6002036) or unpin a message; in a direct or
 * group conversation anyone in it does. A pin also posts a system message. Removed and system
 * messages cannot be pinned.
 */
export async function pinMessage(actor: Actor, input: { messageId: string; pin: boolean }) {
  const { message, member, channel, communityDisabled, conversationKind, directBlock } = await readableMessage(
    actor,
    textOrEmpty(input?.messageId),
  );
  requireWritable({ communityDisabled, directBlock });
  if (conversationKind === "COMMUNITY" && !isManager(member.role))
    throw new AppError(ErrorCode.NO_PERMISSION, "Only the owner and admins can pin messages.");
  if (message.removedAt || message.type === "SYSTEM")
    throw new AppError(ErrorCode.NO_PERMISSION, "This message cannot be pinned.");
  const pin = input.pin === true;
  if (pin === (message.pinnedAt !== null)) return { messageId: message.id, pinned: pin };

  const announce = () =>
    publish(rooms.channel(message.channelId), "message:pinned", {
      channelId: message.channelId,
      messageId: message.id,
      pinned: pin,
    });
  if (pin) {
    // The channel row lock makes the count and the pin one step, so concurrent pins cannot pass 50.
    await inTransaction(async (tx, afterCommit) => {
      await tx.$queryRaw`SELECT id FROM "Channel" WHERE id = ${message.channelId} FOR UPDATE`;
      const count = await tx.message.count({
        where: { channelId: message.channelId, pinnedAt: { not: null }, deletedAt: null },
      });
      if (count >= limits.pinsPerChannel)
        throw new AppError(
          ErrorCode.PIN_LIMIT,
          `A channel can have at most ${limits.pinsPerChannel} pinned messages. Unpin one first.`,
        );
      await tx.message.update({ where: { id: message.id }, data: { pinnedAt: now(), pinnedById: actor.userId } });
      afterCommit(announce);
      afterCommit(() => postSystemMessage(channel, actor.userId, { kind: "messagePinned", messageId: message.id }));
    });
  } else {
    // one autocommitted statement: committed once it returns
    await db.message.update({ where: { id: message.id }, data: { pinnedAt: null, pinnedById: null } });
    announce();
  }
  return { messageId: message.id, pinned: pin };
}

/** Readers of the channel: its pinned messages, most recently pinned first. */
export async function listPins(actor: Actor, input: string): Promise<MessageDTO[]> {
  const channelId = textOrEmpty(input);
  await requireReadableChannel(actor, channelId);
  return messageViews(
    {
      name: "pins",
      text: `SELECT ${viewColumns} FROM "Message"
              WHERE "channelId" = $2 AND "pinnedAt" IS NOT NULL AND "deletedAt" IS NULL AND "removedAt" IS NULL
              ORDER BY "pinnedAt" DESC, "id" DESC LIMIT $3`,
      values: [channelId, limits.pinsPerChannel],
      order: `p."pinnedAt" DESC, p."id" DESC`,
    },
    actor.userId,
  );
}
