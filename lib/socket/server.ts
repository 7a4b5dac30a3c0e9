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
import type { PresenceStatus } from "../dto";
import { listReadStates, markChannelRead, markCommunityRead, setNotifyLevel } from "../domain/read-state";
import { archiveIdleThreads, createThread, followThread, getThread, listThreads, updateThread } from "../domain/threads";
import { AppError, ErrorCode, toFailure, toResult, type Result } from "../errors";
import { registerRealtimeServer, type ChatServer } from "../realtime/publish";
import { isCommunityRoom, rooms } from "../realtime/rooms";

/** Browsers always send Origin; clients without one (scripts, tests) are judged by their session alone. */
function isSameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  try {
    const url = new URL(origin);
    return url.host === host || url.origin === (process.env.NEXTAUTH_URL && new URL(process.env.NEXTAUTH_URL).origin);
  } catch {
    return false;
  }
}

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
    socket.join([rooms.user(actor.userId), ...socket.data.rooms]);
    void announcePresence(presence.connect(actor.userId, socket.id), socket.rooms);
    socket.on("disconnecting", () => void announcePresence(presence.disconnect(socket.id), socket.rooms));

    socket.on("presence:idle", (payload) => {
      void announcePresence(presence.setIdle(socket.id, payloadOf(payload).idle === true), socket.rooms);
    });

    socket.on("presence:query", async (payload, ack) => {
      const reply = ackOf<Record<string, PresenceStatus>>(ack);
      const { communityId, userIds } = payloadOf(payload);
      reply(
        await toResult(async () => {
          const members = await membersAmong(actor, String(communityId ?? ""), Array.isArray(userIds) ? userIds.map(String) : []);
          return presence.statusOf(members);
        }),
      );
    });

    socket.on("channel:subscribe", async (payload, ack) => {
      const reply = ackOf<{ channelId: string }>(ack);
      const channelId = String(payloadOf(payload).channelId ?? "");
      reply(
        await toResult(async () => {
          if (!channelId) throw new AppError(ErrorCode.INVALID_INPUT, "A channel id is required.");
          await requireReadableChannel(actor, channelId);
          await socket.join(rooms.channel(channelId));
          return { channelId };
        }),
      );
    });

    socket.on("channel:unsubscribe", (payload) => {
      const channelId = String(payloadOf(payload).channelId ?? "");
      if (channelId) socket.leave(rooms.channel(channelId));
    });

    socket.on("message:send", async (payload, ack) => {
      const reply = ackOf<Awaited<ReturnType<typeof sendMessage>>>(ack);
      reply(await toResult(() => sendMessage(actor, payloadOf(payload) as never)));
    });

    socket.on("message:edit", async (payload, ack) => {
      const reply = ackOf<Awaited<ReturnType<typeof editMessage>>>(ack);
      reply(await toResult(() => editMessage(actor, payloadOf(payload) as never)));
    });

    socket.on("message:delete", async (payload, ack) => {
      const reply = ackOf<Awaited<ReturnType<typeof deleteMessage>>>(ack);
      reply(await toResult(() => deleteMessage(actor, String(payloadOf(payload).messageId ?? ""))));
    });

    socket.on("message:react", async (payload, ack) => {
      const reply = ackOf<Awaited<ReturnType<typeof reactToMessage>>>(ack);
      reply(await toResult(() => reactToMessage(actor, payloadOf(payload) as never)));
    });

    socket.on("message:pin", async (payload, ack) => {
      const reply = ackOf<Awaited<ReturnType<typeof pinMessage>>>(ack);
      reply(await toResult(() => pinMessage(actor, payloadOf(payload) as never)));
    });

    socket.on("message:history", async (payload, ack) => {
      const reply = ackOf<Awaited<ReturnType<typeof listMessages>>>(ack);
      reply(await toResult(() => listMessages(actor, payloadOf(payload) as never)));
    });

    socket.on("channel:read", async (payload, ack) => {
      const reply = ackOf<Awaited<ReturnType<typeof markChannelRead>>>(ack);
      reply(await toResult(() => markChannelRead(actor, payloadOf(payload) as never)));
    });

    socket.on("community:read", async (payload, ack) => {
      const reply = ackOf<Awaited<ReturnType<typeof markCommunityRead>>>(ack);
      reply(await toResult(() => markCommunityRead(actor, String(payloadOf(payload).communityId ?? ""))));
    });

    socket.on("notify:set", async (payload, ack) => {
      const reply = ackOf<Awaited<ReturnType<typeof setNotifyLevel>>>(ack);
      reply(await toResult(() => setNotifyLevel(actor, payloadOf(payload) as never)));
    });

    // Typing reaches the channel's viewers, at most once a second per socket. A socket viewing the
    // channel had its access checked on subscribe; one still subscribing (typing right after
    // opening the channel) is checked now.
    const typingSentAt = new Map<string, number>();
    socket.on("typing:start", async (payload) => {
      const channelId = String(payloadOf(payload).channelId ?? "");
      const room = rooms.channel(channelId);
      const now = Date.now();
      if (!channelId || now - (typingSentAt.get(channelId) ?? 0) < TYPING_MIN_GAP_MS) return;
      typingSentAt.set(channelId, now);
      if (!socket.rooms.has(room)) {
        const readable = await requireReadableChannel(actor, channelId).then(() => true, () => false);
        if (!readable) return;
      }
      socket.data.displayName ??= (await getUserSummary(actor.userId))?.displayName ?? "Someone";
      socket.to(room).emit("typing", { channelId, userId: actor.userId, displayName: socket.data.displayName });
    });

    socket.on("user:block", async (payload, ack) => {
      const reply = ackOf<Awaited<ReturnType<typeof setBlocked>>>(ack);
      reply(await toResult(() => setBlocked(actor, payloadOf(payload) as never)));
    });

    socket.on("thread:create", async (payload, ack) => {
      const reply = ackOf<Awaited<ReturnType<typeof createThread>>>(ack);
      reply(await toResult(() => createThread(actor, payloadOf(payload) as never)));
    });

    socket.on("thread:get", async (payload, ack) => {
      const reply = ackOf<Awaited<ReturnType<typeof getThread>>>(ack);
      reply(await toResult(() => getThread(actor, String(payloadOf(payload).threadId ?? ""))));
    });

    socket.on("thread:update", async (payload, ack) => {
      const reply = ackOf<Awaited<ReturnType<typeof updateThread>>>(ack);
      reply(await toResult(() => updateThread(actor, payloadOf(payload) as never)));
    });

    socket.on("thread:follow", async (payload, ack) => {
      const reply = ackOf<Awaited<ReturnType<typeof followThread>>>(ack);
      reply(await toResult(() => followThread(actor, payloadOf(payload) as never)));
    });

    socket.on("thread:list", async (payload, ack) => {
      const reply = ackOf<Awaited<ReturnType<typeof listThreads>>>(ack);
      reply(await toResult(() => listThreads(actor, payloadOf(payload) as never)));
    });

    socket.on("read:states", async (_payload, ack) => {
      const reply = ackOf<Awaited<ReturnType<typeof listReadStates>>>(ack);
      reply(await toResult(() => listReadStates(actor)));
    });
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
