import { db } from "../db";
import { AppError, ErrorCode } from "../errors";
import { newId } from "../ids";
import { limits } from "../limits";
import { publish } from "../realtime/publish";
import { rooms } from "../realtime/rooms";
import { createChannelSchema, type CreateChannelInput } from "../schemas/community";
import type { ChannelDTO } from "../dto";
import { requireManager } from "./access";
import type { Actor } from "./actor";
import { toChannelDTO } from "./communities";

/** Owner and admins: creates a public channel; 6001007 for members, 6001064 at the channel limit. */
export async function createChannel(actor: Actor, input: CreateChannelInput): Promise<ChannelDTO> {
  const data = createChannelSchema.parse(input);
  const channel = await db.$transaction(async (tx) => {
    await requireManager(actor, data.communityId, tx);
    const seats = await tx.community.updateManyAndReturn({
      where: { id: data.communityId, channelCount: { lt: limits.channelsPerCommunity } },
      data: { channelCount: { increment: 1 } },
      select: { channelCount: true },
    });
    if (seats.length === 0) {
      throw new AppError(
        ErrorCode.CHANNEL_COUNT_LIMIT,
        `This community already has ${limits.channelsPerCommunity} channels, the most allowed.`,
      );
    }
    return tx.channel.create({
      data: {
        id: newId(),
        communityId: data.communityId,
        name: data.name,
        topic: data.topic,
        kind: "PUBLIC",
        position: seats[0].channelCount - 1,
      },
    });
  });
  const dto = toChannelDTO(channel);
  publish(rooms.community(channel.communityId), "channel:created", dto);
  return dto;
}
