import type { ChannelActivities, NewActivity } from "../dto";
import { processSingleton } from "../singletons";
import { publish } from "./publish";

/** How long new messages gather before their audience hears of them in one `channel:activities`. */
export const ACTIVITY_BATCH_MS = Number(process.env.ACTIVITY_BATCH_MS) || 1_000;

type Gathering = {
  communityId: string;
  channels: Map<string, { parentId: string | null; messages: NewActivity[] }>;
};

/** audience room → what it has not heard yet */
const state = processSingleton("activityBatch", () => ({
  pending: new Map<string, Gathering>(),
  timer: null as NodeJS.Timeout | null,
}));

/**
 * Unread activity that costs one socket write per reader per batch, not one per message: a new
 * message waits here (per audience room, per channel, in order) until the batch goes out. A
 * community of 10,000 members with 20 messages a second gets one event a second each.
 */
export function gatherNewMessage(
  audience: string,
  place: { communityId: string; channelId: string; parentId: string | null },
  message: NewActivity,
) {
  let gathering = state.pending.get(audience);
  if (!gathering) state.pending.set(audience, (gathering = { communityId: place.communityId, channels: new Map() }));
  const channel = gathering.channels.get(place.channelId);
  if (channel) channel.messages.push(message);
  else gathering.channels.set(place.channelId, { parentId: place.parentId, messages: [message] });
  if (!state.timer) {
    state.timer = setTimeout(() => flushActivities(), ACTIVITY_BATCH_MS);
    state.timer.unref();
  }
}

/**
 * Sends what the audience rooms (or only `audience`) gathered. Other activity about a channel (a
 * message gone) flushes its audience first, so that it never overtakes the message's arrival.
 */
export function flushActivities(audience?: string) {
  const rooms = audience === undefined ? [...state.pending.keys()] : state.pending.has(audience) ? [audience] : [];
  for (const room of rooms) {
    const { communityId, channels } = state.pending.get(room)!;
    state.pending.delete(room);
    const batch: ChannelActivities = {
      communityId,
      channels: [...channels].map(([channelId, { parentId, messages }]) => ({ channelId, parentId, messages })),
    };
    publish(room, "channel:activities", batch);
  }
  if (state.pending.size === 0 && state.timer) {
    clearTimeout(state.timer);
    state.timer = null;
  }
}
