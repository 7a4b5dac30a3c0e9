import { membersAmong } from "../../domain/members";
import { toFailure } from "../../errors";
import type { PresenceChange, PresenceStore } from "../../realtime/presence-store";
import type { ChatServer } from "../../realtime/publish";
import { isCommunityRoom } from "../../realtime/rooms";
import { presenceIdleSchema, presenceQuerySchema } from "../../schemas/community";
import type { HandlerContext } from "../contract";

/** Tells a presence change to a socket's communities. */
export type AnnouncePresence = (changing: Promise<PresenceChange>, socketRooms: Iterable<string>) => Promise<void>;

/** A presence change goes to every community the user is in (their socket's community rooms, taken before any await). */
export function presenceAnnouncer(io: ChatServer): AnnouncePresence {
  return async (changing, socketRooms) => {
    const communityRooms = [...socketRooms].filter(isCommunityRoom);
    const change = await changing.catch((error) => {
      toFailure(error); // logs: presence is best effort, never a reason to drop a connection
      return null;
    });
    if (change && communityRooms.length) io.to(communityRooms).emit("presence:changed", change);
  };
}

/** Online while any tab is connected, idle when all are; other members ask for the status of those they show. */
export function registerPresence(
  { socket, actor, ready, answer, listen }: HandlerContext,
  presence: PresenceStore,
  announce: AnnouncePresence,
) {
  // counted online at once; told to the communities once their rooms are known
  const connecting = presence.connect(actor.userId, socket.id);
  void ready.then(() => announce(connecting, socket.rooms));
  socket.on("disconnecting", () => void announce(presence.disconnect(socket.id), socket.rooms));

  listen("presence:idle", presenceIdleSchema, ({ idle }) => announce(presence.setIdle(socket.id, idle), socket.rooms));

  answer("presence:query", presenceQuerySchema, async ({ communityId, userIds }) =>
    presence.statusOf(await membersAmong(actor, communityId, userIds)),
  );
}
