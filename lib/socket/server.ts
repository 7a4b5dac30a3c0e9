import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { userIdFromCookieHeader } from "../session-token";
import { isManager, listReadablePrivateChannelIds, requireReadableChannel } from "../domain/access";
import { listMyCommunities } from "../domain/communities";
import { deleteMessage, editMessage, listMessages, sendMessage } from "../domain/messages";
import { pinMessage } from "../domain/pins";
import { reactToMessage } from "../domain/reactions";
import { getUserSummary } from "../domain/users";
import { setBlocked } from "../domain/blocks";
import { membersAmong } from "../domain/members";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { createPresenceStore, type PresenceChange, type PresenceStore } from "../realtime/presence-store";
import type { Redis } from "ioredis";
import { closeRedis, connectRedis } from "../realtime/redis";
import { listReadStates, markChannelRead, markCommunityRead, setNotifyLevel } from "../domain/read-state";
import { archiveIdleThreads, createThread, followThread, getThread, listThreads, updateThread } from "../domain/threads";
import { AppError, ErrorCode, toFailure, toResult, type Result } from "../errors";
import { registerRealtimeServer, type ChatServer } from "../realtime/publish";
import type { ClientToServerEvents } from "../realtime/events";
import { isCommunityRoom, rooms } from "../realtime/rooms";
import { isOwnOrigin } from "../same-origin";

/** Browsers always send Origin; clients without one (scripts, tests) are judged by their session alone. Hosts are compared, not schemes. */
const isSameOrigin = (origin: string | undefined, host: string | undefined) => !origin || isOwnOrigin(origin, { host });

const notAnAck = () => {};
const TYPING_MIN_GAP_MS = 1_000;
/** A client may emit without an ack callback, or with junk: never let that throw. */
const ackOf = <T>(ack: unknown): ((result: Result<T>) => void) => (typeof ack === "function" ? (ack as never) : notAnAck);
const payloadOf = (payload: unknown) => (payload && typeof payload === "object" ? (payload as Record<string, unknown>) : {});

/**
 * Socket.IO on the app's HTTP server. Handshakes must carry a valid next-auth session cookie.
 * Sockets join their user room and their communities' rooms; a channel room only after the domain
 * says the user can read that channel. Handlers are thin adapters over the domain.
 */
export function attachSocketServer(httpServer: HttpServer): ChatServer {
  const shared = connectRedis();
  const io: ChatServer = new Server(httpServer, {
    // Several app processes: the Redis Streams adapter carries broadcasts between them (README).
    ...(shared ? { adapter: createAdapter(shared) } : {}),
    serveClient: false,
    maxHttpBufferSize: 1e6,
    // WebSockets ignore CORS: refuse handshakes that a page of another site started.
    allowRequest: (request, callback) => callback(null, isSameOrigin(request.headers.origin, request.headers.host)),
  });

  io.use(async (socket, next) => {
    try {
      const userId = await userIdFromCookieHeader(socket.handshake.headers.cookie);
      if (!userId) return next(new Error("unauthorized"));
      socket.data.userId = userId;
      // Looked up before the connection completes, so rooms are joined before any event can arrive.
      const [communities, privateChannelIds] = await Promise.all([listMyCommunities({ userId }), listReadablePrivateChannelIds({ userId })]);
      socket.data.rooms = [
        ...communities.flatMap((community) => [rooms.community(community.id), ...(isManager(community.role) ? [rooms.managers(community.id)] : [])]),
        ...privateChannelIds.map(rooms.readers),
      ];
      next();
    } catch (error) {
      toFailure(error); // logs the unexpected
      next(new Error("unavailable"));
    }
  });

  const presence = createPresenceStore(shared);
  /** A presence change goes to every community the user is in (their sockets' community rooms, taken before any await). */
  const announcePresence = async (changing: Promise<PresenceChange>, socketRooms: Iterable<string>) => {
    const communityRooms = [...socketRooms].filter(isCommunityRoom);
    const change = await changing.catch((error) => {
      toFailure(error); // logs: presence is best effort, never a reason to drop a connection
      return null;
    });
    if (change && communityRooms.length) io.to(communityRooms).emit("presence:changed", change);
  };

  // Handlers are registered synchronously: an event sent right after connecting must find them.
  io.on("connection", (socket) => {
    const actor = { userId: socket.data.userId };
    /** An event answered through the client's ack with the domain's result, or its failure. */
    const answer = (event: keyof ClientToServerEvents, run: (payload: Record<string, unknown>) => Promise<unknown>) =>
      socket.on(event, (async (payload: unknown, ack: unknown) => ackOf(ack)(await toResult(() => run(payloadOf(payload))))) as never);
    socket.join([rooms.user(actor.userId), ...socket.data.rooms]);
    void announcePresence(presence.connect(actor.userId, socket.id), socket.rooms);
    socket.on("disconnecting", () => void announcePresence(presence.disconnect(socket.id), socket.rooms));

    socket.on("presence:idle", (payload) => {
      void announcePresence(presence.setIdle(socket.id, payloadOf(payload).idle === true), socket.rooms);
    });

    answer("presence:query", async ({ communityId, userIds }) => {
      const members = await membersAmong(actor, String(communityId ?? ""), Array.isArray(userIds) ? userIds.map(String) : []);
      return presence.statusOf(members);
    });

    answer("channel:subscribe", async (p) => {
      const channelId = String(p.channelId ?? "");
      if (!channelId) throw new AppError(ErrorCode.INVALID_INPUT, "A channel id is required.");
      await requireReadableChannel(actor, channelId);
      await socket.join(rooms.channel(channelId));
      return { channelId };
    });

    socket.on("channel:unsubscribe", (payload) => {
      const channelId = String(payloadOf(payload).channelId ?? "");
      if (channelId) socket.leave(rooms.channel(channelId));
    });

    answer("message:send", (p) => sendMessage(actor, p as never));
    answer("message:edit", (p) => editMessage(actor, p as never));
    answer("message:delete", (p) => deleteMessage(actor, String(p.messageId ?? "")));
    answer("message:react", (p) => reactToMessage(actor, p as never));
    answer("message:pin", (p) => pinMessage(actor, p as never));
    answer("message:history", (p) => listMessages(actor, p as never));
    answer("channel:read", (p) => markChannelRead(actor, p as never));
    answer("community:read", (p) => markCommunityRead(actor, String(p.communityId ?? "")));
    answer("notify:set", (p) => setNotifyLevel(actor, p as never));

    // Typing reaches the channel's viewers, at most once a second per socket. A socket viewing the
    // channel had its access checked on subscribe; one still subscribing (typing right after
    // opening the channel) is checked now.
    const typingSentAt = new Map<string, number>();
    socket.on("typing:start", async (payload) => {
      const channelId = String(payloadOf(payload).channelId ?? "");
      const room = rooms.channel(channelId);
      const at = performance.now();
      if (!channelId || at - (typingSentAt.get(channelId) ?? -Infinity) < TYPING_MIN_GAP_MS) return;
      typingSentAt.set(channelId, at);
      if (!socket.rooms.has(room)) {
        const readable = await requireReadableChannel(actor, channelId).then(() => true, () => false);
        if (!readable) return;
      }
      socket.data.displayName ??= (await getUserSummary(actor.userId))?.displayName ?? "Someone";
      socket.to(room).emit("typing", { channelId, userId: actor.userId, displayName: socket.data.displayName });
    });

    answer("user:block", (p) => setBlocked(actor, p as never));
    answer("thread:create", (p) => createThread(actor, p as never));
    answer("thread:get", (p) => getThread(actor, String(p.threadId ?? "")));
    answer("thread:update", (p) => updateThread(actor, p as never));
    answer("thread:follow", (p) => followThread(actor, p as never));
    answer("thread:list", (p) => listThreads(actor, p as never));
    answer("read:states", () => listReadStates(actor));
  });

  // Idle threads archive on the minute (every process sweeps; each thread is announced once).
  const archiveTimer = setInterval(() => void archiveIdleThreads().catch(toFailure), ARCHIVE_SWEEP_MS);
  archiveTimer.unref();

  registerRealtimeServer(io);
  resources.set(io, { presence, redis: shared, archiveTimer });
  return io;
}

const ARCHIVE_SWEEP_MS = 60_000;
const resources = new WeakMap<ChatServer, { presence: PresenceStore; redis: Redis | null; archiveTimer: NodeJS.Timeout }>();

/** Closes the Socket.IO server, takes its sockets out of shared presence, and lets go of its Redis connection. */
export async function closeSocketServer(io: ChatServer) {
  await new Promise<void>((resolve) => io.close(() => resolve()));
  const owned = resources.get(io);
  if (owned) clearInterval(owned.archiveTimer);
  await owned?.presence.close();
  await closeRedis(owned?.redis);
}
