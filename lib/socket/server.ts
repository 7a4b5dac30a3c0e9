import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { sessionFromCookieHeader } from "../session-token";
import { isManager, requireReadableChannel, whileChannelReadable, whileSubscriptionsHeld } from "../domain/access";
import { coolingFor, coolOff, EventBudget, eventClass, payloadBytes, payloadTooLarge, socketLimits, takeUserEventTurn } from "./abuse";
import { createConnectionCounter, type ConnectionCounter } from "../realtime/connection-counter";
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
import { AppError, ErrorCode, toFailure, toResult, type Failure, type Result } from "../errors";
import { registerRealtimeServer, type ChatServer } from "../realtime/publish";
import type { ClientToServerEvents } from "../realtime/events";
import { isCommunityRoom, rooms } from "../realtime/rooms";
import { isOwnOrigin } from "../same-origin";
import { textOrEmpty } from "../schemas/text";
import { clientIp } from "../client-ip";

/** Browsers always send Origin; clients without one (scripts, tests) are judged by their session alone. Hosts are compared, not schemes. */
const isSameOrigin = (origin: string | undefined, host: string | undefined) => !origin || isOwnOrigin(origin, { host });

const notAnAck = () => {};

/** The handshake's refusal: the client's connect_error carries the code and a sentence. */
function connectRefusal(reason: "too-many" | "cooling") {
  const message = reason === "too-many" ? "Too many open connections: close some tabs and try again." : "Too many requests: wait a moment before reconnecting.";
  return Object.assign(new Error(message), { data: { code: reason === "too-many" ? ErrorCode.TOO_MANY_CONNECTIONS : ErrorCode.RATE_LIMITED, message } });
}
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
    // the largest event (a message) is 64 KB; uploads go over HTTP
    maxHttpBufferSize: 100_000,
    // WebSockets ignore CORS: refuse handshakes that a page of another site started.
    allowRequest: (request, callback) => callback(null, isSameOrigin(request.headers.origin, request.headers.host)),
  });

  const connections = createConnectionCounter(shared);

  io.use(async (socket, next) => {
    try {
      const signedIn = await sessionFromCookieHeader(socket.handshake.headers.cookie);
      if (!signedIn) return next(new Error("unauthorized"));
      if (await coolingFor(signedIn.userId)) return next(connectRefusal("cooling"));
      const address = clientIp(socket.handshake.headers, socket.handshake.address);
      if (!(await connections.admit(socket.id, signedIn.userId, address, socketLimits))) return next(connectRefusal("too-many"));
      // the engine connection closes whatever happens next (refused, dropped before connecting, disconnected)
      const release = () => void connections.release(socket.id);
      if (socket.conn.readyState !== "open") {
        release();
        return next(new Error("closed"));
      }
      socket.conn.once("close", release);
      socket.once("disconnect", release);
      socket.data.userId = signedIn.userId;
      socket.data.sessionId = signedIn.sessionId;
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
    socket.join([rooms.user(actor.userId), rooms.session(socket.data.sessionId)]);
    // Communities and private channels are joined under the rows' share lock (no removal slips
    // between reading them and joining); events wait for it, so an answer never predates the rooms.
    const ready = whileSubscriptionsHeld(actor, ({ communities, privateChannelIds }) => {
      if (socket.disconnected) return false;
      socket.join([
        ...communities.flatMap((community) => [rooms.community(community.id), ...(isManager(community.role) ? [rooms.managers(community.id)] : [])]),
        ...privateChannelIds.map(rooms.readers),
      ]);
      return true;
    }).catch((error) => {
      toFailure(error);
      socket.disconnect(true);
      return false;
    });
    // counted online at once; told to the communities once their rooms are known
    const connecting = presence.connect(actor.userId, socket.id);
    void ready.then(() => announcePresence(connecting, socket.rooms));
    socket.on("disconnecting", () => void announcePresence(presence.disconnect(socket.id), socket.rooms));

    const budget = new EventBudget();
    /** Null when the event may run; otherwise the refusal (and a socket that keeps flooding is closed). */
    const tooMany = (waitMs: number): Failure => {
      if (budget.flooding() && socket.connected) {
        void coolOff(actor.userId).catch(toFailure);
        socket.disconnect(true);
      }
      return { ok: false, code: ErrorCode.RATE_LIMITED, message: "Too many requests at once. Slow down and try again.", retryAfterMs: waitMs };
    };
    /**
     * Null when the event may run; otherwise its refusal (a socket that keeps flooding is closed).
     * This socket's own budget and size are judged at once, so a flood is answered without waiting;
     * the budget all the user's sockets share is asked after.
     */
    const refusal = (event: keyof ClientToServerEvents, payload: unknown): Failure | Promise<Failure | null> | null => {
      const kind = eventClass[event];
      const waitMs = budget.take(kind);
      if (waitMs) return tooMany(waitMs);
      if (payloadTooLarge(payload, payloadBytes(event))) return { ok: false, code: ErrorCode.INVALID_INPUT, message: "This request is too large." };
      return takeUserEventTurn(actor.userId, kind).then(
        (userWaitMs) => (userWaitMs ? (budget.noteRefusal(), tooMany(userWaitMs)) : null),
        (error) => (toFailure(error), null), // the shared count is unavailable: this socket's budget still holds
      );
    };
    /** An event answered through the client's ack with the domain's result, or its failure. */
    const answer = (event: keyof ClientToServerEvents, run: (payload: Record<string, unknown>) => Promise<unknown>) =>
      socket.on(event, (async (payload: unknown, ack: unknown) => {
        // emit(event, ack) without a payload: the ack comes first
        if (typeof payload === "function" && ack === undefined) [payload, ack] = [{}, payload];
        const respond = ackOf(ack);
        const refused = refusal(event, payload);
        if (refused && !(refused instanceof Promise)) return respond(refused);
        const refusedLater = await refused;
        if (refusedLater) return respond(refusedLater);
        if (!(await ready)) return;
        respond(await toResult(() => run(payloadOf(payload))));
      }) as never);
    /** An event without an answer (refusals are dropped). */
    const listen = (event: keyof ClientToServerEvents, run: (payload: Record<string, unknown>) => unknown) =>
      socket.on(event, (async (payload: unknown) => {
        if ((await refusal(event, payload)) || !(await ready)) return;
        await toResult(async () => run(payloadOf(payload))); // a failure is logged, never thrown into the process
      }) as never);

    listen("presence:idle", (p) => announcePresence(presence.setIdle(socket.id, p.idle === true), socket.rooms));

    answer("presence:query", async ({ communityId, userIds }) => {
      const members = await membersAmong(actor, textOrEmpty(communityId), Array.isArray(userIds) ? userIds.map(textOrEmpty) : []);
      return presence.statusOf(members);
    });

    answer("channel:subscribe", async (p) => {
      const channelId = textOrEmpty(p.channelId);
      if (!channelId) throw new AppError(ErrorCode.INVALID_INPUT, "A channel id is required.");
      // joined under the share lock, like the rooms above: a removal cannot slip between check and join
      await whileChannelReadable(actor, channelId, () => socket.connected && socket.join(rooms.channel(channelId)));
      return { channelId };
    });

    listen("channel:unsubscribe", (p) => {
      const channelId = textOrEmpty(p.channelId);
      if (channelId) socket.leave(rooms.channel(channelId));
    });

    answer("message:send", (p) => sendMessage(actor, p as never));
    answer("message:edit", (p) => editMessage(actor, p as never));
    answer("message:delete", (p) => deleteMessage(actor, textOrEmpty(p.messageId)));
    answer("message:react", (p) => reactToMessage(actor, p as never));
    answer("message:pin", (p) => pinMessage(actor, p as never));
    answer("message:history", (p) => listMessages(actor, p as never));
    answer("channel:read", (p) => markChannelRead(actor, p as never));
    answer("community:read", (p) => markCommunityRead(actor, textOrEmpty(p.communityId)));
    answer("notify:set", (p) => setNotifyLevel(actor, p as never));

    // Typing reaches the channel's viewers, at most once a second per socket. A socket viewing the
    // channel had its access checked on subscribe; one still subscribing (typing right after
    // opening the channel) is checked now.
    const typingSentAt = new Map<string, number>();
    listen("typing:start", async (p) => {
      const channelId = textOrEmpty(p.channelId);
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
    answer("thread:get", (p) => getThread(actor, textOrEmpty(p.threadId)));
    answer("thread:update", (p) => updateThread(actor, p as never));
    answer("thread:follow", (p) => followThread(actor, p as never));
    answer("thread:list", (p) => listThreads(actor, p as never));
    answer("read:states", () => listReadStates(actor));
  });

  // Idle threads archive on the minute (every process sweeps; each thread is announced once).
  const archiveTimer = setInterval(() => void archiveIdleThreads().catch(toFailure), ARCHIVE_SWEEP_MS);
  archiveTimer.unref();

  registerRealtimeServer(io);
  resources.set(io, { presence, connections, redis: shared, archiveTimer });
  return io;
}

const ARCHIVE_SWEEP_MS = 60_000;
const resources = new WeakMap<ChatServer, { presence: PresenceStore; connections: ConnectionCounter; redis: Redis | null; archiveTimer: NodeJS.Timeout }>();

/** Closes the Socket.IO server, takes its sockets out of shared presence, and lets go of its Redis connection. */
export async function closeSocketServer(io: ChatServer) {
  await new Promise<void>((resolve) => io.close(() => resolve()));
  const owned = resources.get(io);
  if (owned) clearInterval(owned.archiveTimer);
  await owned?.presence.close();
  await owned?.connections.close();
  await closeRedis(owned?.redis);
}
