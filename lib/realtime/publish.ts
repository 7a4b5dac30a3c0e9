import type { Server } from "socket.io";
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "./events";
import { rooms } from "./rooms";
import { processSlot } from "../singletons";

export type ChatServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * The domain publishes here after its transaction commits. server.ts registers the Socket.IO
 * server as a process singleton because Next evaluates this module in several chunks of one
 * process. Without a server (scripts, domain tests) publishing is a no-op.
 */
const slot = processSlot<ChatServer>("chatIo");
const io = () => slot.get();

export function registerRealtimeServer(server: ChatServer | undefined) {
  slot.set(server);
}

type Event = keyof ServerToClientEvents;

export function publish<E extends Event>(room: string, event: E, ...args: Parameters<ServerToClientEvents[E]>) {
  io()
    ?.to(room)
    .emit(event, ...args);
}

/** To a room, minus the sockets also in `except` (they get the fuller event already). */
export function publishExcept<E extends Event>(
  room: string,
  except: string,
  event: E,
  ...args: Parameters<ServerToClientEvents[E]>
) {
  io()
    ?.to(room)
    .except(except)
    .emit(event, ...args);
}

/** Puts every socket of a user into rooms (e.g. after they join a community). */
export function addUserToRooms(userId: string, names: string[]) {
  io()?.in(rooms.user(userId)).socketsJoin(names);
}

/** Takes every socket of a user out of rooms at once (kicked, banned, left, demoted). */
export function removeUserFromRooms(userId: string, names: string[]) {
  io()?.in(rooms.user(userId)).socketsLeave(names);
}

/** Empties rooms (a dismissed community). */
export function closeRooms(names: string[]) {
  io()?.in(names).socketsLeave(names);
}

/** Every socket in `from` (e.g. a community's managers) also joins `names`. */
export function addRoomToRooms(from: string[], names: string[]) {
  if (from.length) io()?.in(from).socketsJoin(names);
}

/** Disconnects every socket opened with these sign-ins, in every process (sign-out). */
export function endSessionSockets(sessionIds: string[]) {
  if (sessionIds.length) io()?.in(sessionIds.map(rooms.session)).disconnectSockets(true);
}
