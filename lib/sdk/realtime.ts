/**
 * The SDK's live events: a Socket.IO connection signed in with a token, receiving what its user
 * would (`message:new` in subscribed channels, `member:joined`, `community:joined`…), typed with the
 * app's event map. Subscribe to a channel with `request(socket, "channel:subscribe", { channelId })`.
 */
import { io, type Socket } from "socket.io-client";
import type {
  AnsweredEvent,
  ClientToServerEvents,
  EventAnswer,
  EventPayload,
  ServerToClientEvents,
} from "../realtime/events";

export type ChatRealtime = Socket<ServerToClientEvents, ClientToServerEvents>;

export function connectRealtime({ baseUrl, token }: { baseUrl: string; token: string }): ChatRealtime {
  return io(baseUrl, { auth: { token }, transports: ["websocket"] });
}

/** Emits an event that is answered, resolving with the answer (the API's result shape). */
export function request<E extends AnsweredEvent>(
  socket: ChatRealtime,
  event: E,
  payload: EventPayload<E>,
): Promise<EventAnswer<E>> {
  return new Promise((resolve) => (socket.emit as (...args: unknown[]) => void)(event, payload, resolve));
}
