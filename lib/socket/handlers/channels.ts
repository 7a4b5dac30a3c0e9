import { requireReadableChannel, whileChannelReadable } from "../../domain/access";
import { getUserSummary } from "../../domain/users";
import { rooms } from "../../realtime/rooms";
import { messagesAfter } from "../../domain/messages";
import { channelRefSchema, channelSubscribeSchema } from "../../schemas/community";
import type { ChatSocket, HandlerRegistry } from "../contract";

const TYPING_MIN_GAP_MS = 1_000;
/** When each socket last told each channel it was typing (only sockets that type have an entry). */
const typingSentAt = new WeakMap<ChatSocket, Map<string, number>>();

/** Viewing a channel (its room) and typing in it. */
export function registerChannels({ answer, listen }: HandlerRegistry) {
  answer("channel:subscribe", channelSubscribeSchema, async ({ channelId, after }, { socket, actor }) => {
    // joined under the share lock, like the handshake's rooms: a removal cannot slip between check and join
    await whileChannelReadable(actor, channelId, () => socket.connected && socket.join(rooms.channel(channelId)));
    // a reconnecting tab's catch-up rides on its subscription: read after joining, so whatever is
    // published meanwhile arrives live or in the page (the tab merges the doubles)
    return after ? { channelId, page: await messagesAfter(actor, channelId, after) } : { channelId };
  });

  listen("channel:unsubscribe", channelRefSchema, ({ channelId }, { socket }) =>
    socket.leave(rooms.channel(channelId)),
  );

  // Typing reaches the channel's viewers, at most once a second per socket. A socket viewing the
  // channel had its access checked on subscribe; one still subscribing (typing right after
  // opening the channel) is checked now.
  listen("typing:start", channelRefSchema, async ({ channelId }, { socket, actor }) => {
    const room = rooms.channel(channelId);
    const at = performance.now();
    const sentAt = typingSentAt.get(socket) ?? new Map<string, number>();
    if (at - (sentAt.get(channelId) ?? -Infinity) < TYPING_MIN_GAP_MS) return;
    typingSentAt.set(socket, sentAt.set(channelId, at));
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
