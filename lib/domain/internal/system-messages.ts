import { db } from "../../db";
import { newId } from "../../ids";
import type { SystemEventDTO } from "../../dto";
import { publishNew } from "./messages";
import { readerCount } from "./readers";
import { countDeliveries } from "./usage";

/**
 * A system message (member joined, channel created, message pinned) in a channel, pushed live.
 * Posted after the action it reports has committed (register it with afterCommit). Its deliveries
 * count like any message's; the quota never refuses one (the action it reports happened).
 */
export async function postSystemMessage(
  channel: { id: string; communityId: string; kind: string },
  authorId: string,
  event: SystemEventDTO,
) {
  const row = await db.message.create({
    data: { id: newId(), channelId: channel.id, authorId, type: "SYSTEM", content: "", systemEvent: event },
  });
  const readers = await readerCount(channel);
  countDeliveries({ channelId: channel.id, communityId: channel.communityId, recipients: Math.max(0, readers - 1) });
  return publishNew(row, channel);
}
