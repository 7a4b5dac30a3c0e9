import type { ChannelActivity } from "../../dto";
import { flushActivities, gatherNewMessage } from "../../realtime/activity-batch";
import { publish, publishExcept } from "../../realtime/publish";
import { rooms } from "../../realtime/rooms";

/**
 * Tells the channel's readers that a message came, went or changed its mentions, so their counts
 * move without a query. Public channels: the community room; private ones: their readers room (a
 * thread: those of its channel). A new message goes out with the others of the next moment, once per
 * audience (realtime/activity-batch.ts); a message gone (or its @everyone changed) at once. Who is
 * mentioned hears it alone (`mention:activity`): the audience never gets the mentioned ids.
 */
export function publishActivity(
  channel: { id: string; communityId: string; kind: string },
  activity: Omit<ChannelActivity, "communityId" | "channelId" | "parentId">,
  readers: { id: string; kind: string } = channel,
) {
  // A thread's activity reaches the readers of its channel (followers count it; others ignore it).
  const audience = readers.kind === "PRIVATE" ? rooms.readers(readers.id) : rooms.community(channel.communityId);
  const place = {
    communityId: channel.communityId,
    channelId: channel.id,
    parentId: readers.id === channel.id ? null : readers.id,
  };
  const { mentionIds, before } = activity;
  if (activity.kind === "new") {
    gatherNewMessage(audience, place, [activity.messageId, activity.authorId, activity.mentionsEveryone ? 1 : 0]);
  } else {
    flushActivities(audience); // never before the message's own arrival
    if (activity.kind === "gone" || before?.mentionsEveryone !== activity.mentionsEveryone)
      publish(audience, "channel:activity", {
        ...place,
        ...activity,
        mentionIds: [],
        ...(before && { before: { mentionIds: [], mentionsEveryone: before.mentionsEveryone } }),
      });
  }
  for (const userId of new Set([...mentionIds, ...(before?.mentionIds ?? [])])) {
    const now = mentionIds.includes(userId);
    const then = before?.mentionIds.includes(userId) ?? false;
    if (activity.kind === "edited" && now === then) continue;
    const mention: ChannelActivity = {
      ...place,
      ...activity,
      mentionIds: now ? [userId] : [],
      mentionsEveryone: false,
      ...(before && { before: { mentionIds: then ? [userId] : [], mentionsEveryone: false } }),
    };
    // a tab viewing the channel counts a new message from `message:new`
    if (activity.kind === "new")
      publishExcept(rooms.user(userId), rooms.channel(channel.id), "mention:activity", mention);
    else publish(rooms.user(userId), "mention:activity", mention);
  }
}
