import type { ChannelActivity } from "../../dto";
import { publish, publishExcept } from "../../realtime/publish";
import { rooms } from "../../realtime/rooms";

/**
 * Tells the channel's readers who are not viewing it that a message came, went or changed its
 * mentions, so their counts move without a query. Public channels: the community room; private
 * ones: their readers room (a thread: those of its channel). Viewers get the full message events instead.
 */
export function publishActivity(
  channel: { id: string; communityId: string; kind: string },
  activity: Omit<ChannelActivity, "communityId" | "channelId" | "parentId">,
  readers: { id: string; kind: string } = channel,
) {
  // A thread's activity reaches the readers of its channel (followers count it; others ignore it).
  const audience = readers.kind === "PRIVATE" ? rooms.readers(readers.id) : rooms.community(channel.communityId);
  const event: ChannelActivity = {
    communityId: channel.communityId,
    channelId: channel.id,
    parentId: readers.id === channel.id ? null : readers.id,
    ...activity,
  };
  if (activity.kind === "new") publishExcept(audience, rooms.channel(channel.id), "channel:activity", event);
  else publish(audience, "channel:activity", event);
}
