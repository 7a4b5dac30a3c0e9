import { requireReadableChannel, whileChannelReadable } from "../../domain/access";
import { getUserSummary } from "../../domain/users";
import { rooms } from "../../realtime/rooms";
import { channelRefSchema } from "../../schemas/community";
import type { HandlerContext } from "../contract";

const TYPING_MIN_GAP_MS = 1_000;

/** Viewing a channel (its room) and typing in it. */
export function registerChannels({ socket, actor, answer, listen }: HandlerContext) {
  answer("channel:subscribe", channelRefSchema, async ({ channelId }) => {
    // joined under the share lock, like the handshake's rooms: a removal cannot slip between check and join
    await whileChannelReadable(actor, channelId, () => socket.connected && socket.join(rooms.channel(channelId)));
    return { channelId };
  });

  listen("channel:unsubscribe", channelRefSchema, ({ channelId }) => socket.leave(rooms.channel(channelId)));

  // Typing reaches the channel's viewers, at most once a second per socket. A socket viewing the
  // channel had its access checked on subscribe; one still subscribing (typing right after
  // opening the channel) is checked now.
  const typingSentAt = new Map<string, number>();
  listen("typing:start", channelRefSchema, async ({ channelId }) => {
    const room = rooms.channel(channelId);
    const at = performance.now();
    if (at - (typingSentAt.get(channelId) ?? -Infinity) < TYPING_MIN_GAP_MS) return;
    typingSentAt.set(channelId, at);
    if (!socket.rooms.has(room)) {
      const readable = await requireReadableChannel(actor, channelId).then(
        () => true,
        () => false,
      );
      if (!readable) return;
    }
    socket.data.displayName ??= (await getUserSummary(actor.userId))?.displayName ?? "Someone";
    socket.to(room).emit("typing", { channelId, userId: actor.userId, displayName: socket.data.displayName });
  });
}
