import type { Server as HttpServer } from "node:http";
import { metrics } from "../metrics";
import { Server } from "socket.io";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import type { Redis } from "ioredis";
import { bearerToken, sessionFromCookieHeader, type SignedIn } from "../session-token";
import { authenticateApiToken } from "../domain/api-tokens";
import { isManager, whileSubscriptionsHeld } from "../domain/access";
import { coolingFor, socketLimits } from "./abuse";
import { createConnectionCounter, type ConnectionCounter } from "../realtime/connection-counter";
import { createPresenceStore, type PresenceStore } from "../realtime/presence-store";
import { closeRedis, connectRedis } from "../realtime/redis";
import { ErrorCode, toFailure } from "../errors";
import { registerRealtimeServer, type ChatServer } from "../realtime/publish";
import { rooms } from "../realtime/rooms";
import { isOwnOrigin } from "../same-origin";
import { clientIp } from "../client-ip";
import { EventHandlers } from "./contract";
import { registerChannels } from "./handlers/channels";
import { registerMessages } from "./handlers/messages";
import { PresenceAnnouncer, registerPresence, trackPresence, untrackPresence } from "./handlers/presence";
import { registerReadState } from "./handlers/read-state";
import { registerThreads } from "./handlers/threads";
import { registerUsers } from "./handlers/users";

/** Browsers always send Origin; clients without one (scripts, tests) are judged by their session alone. Hosts are compared, not schemes. */
const isSameOrigin = (origin: string | undefined, host: string | undefined) => !origin || isOwnOrigin(origin, { host });

/**
 * Who a handshake signs in as: an API token (`auth: { token }` or `Authorization: Bearer …`, for
 * integrations and bots) or else the browser's session cookie.
 */
async function signedInSocket(handshake: {
  auth: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}): Promise<(SignedIn & { readOnly?: boolean }) | null> {
  const token = bearerToken(handshake.auth.token, handshake.headers.authorization);
  if (token === null) return sessionFromCookieHeader(handshake.headers.cookie as string | undefined);
  const holder = await authenticateApiToken(token);
  return (
    holder && {
      userId: holder.userId,
      sessionId: holder.tokenId,
      presenceMode: holder.presenceMode,
      readOnly: holder.scope === "READ",
    }
  );
}

/** The handshake's refusal: the client's connect_error carries the code and a sentence. */
function connectRefusal(reason: "too-many" | "cooling") {
  const message =
    reason === "too-many"
      ? "Too many open connections: close some tabs and try again."
      : "Too many requests: wait a moment before reconnecting.";
  return Object.assign(new Error(message), {
    data: { code: reason === "too-many" ? ErrorCode.TOO_MANY_CONNECTIONS : ErrorCode.RATE_LIMITED, message },
  });
}

/** `presenceFlushMs`: the presence window (tests set a long one and end it themselves with flushPresence). */
export type SocketServerOptions = { presenceFlushMs?: number };

/**
 * Socket.IO on the app's HTTP server. Handshakes must carry a valid next-auth session cookie.
 * Sockets join their user room and their communities' rooms; a channel room only after the domain
 * says the user can read that channel. Handlers are thin adapters over the domain.
 */
export function attachSocketServer(httpServer: HttpServer, options: SocketServerOptions = {}): ChatServer {
  const shared = connectRedis();
  metrics.sources.redis = () => (shared ? shared.status === "ready" : null);
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
      const signedIn = await signedInSocket(socket.handshake);
      if (!signedIn) return next(new Error("unauthorized"));
      if (await coolingFor(signedIn.userId)) return next(connectRefusal("cooling"));
      const address = clientIp(socket.handshake.headers, socket.handshake.address);
      if (!(await connections.admit(socket.id, signedIn.userId, address, socketLimits)))
        return next(connectRefusal("too-many"));
      // the engine connection closes whatever happens next (refused, dropped before connecting,
      // disconnected); a connected socket gives its place back sooner, as it disconnects
      const release = () => void connections.release(socket.id);
      if (socket.conn.readyState !== "open") {
        release();
        return next(new Error("closed"));
      }
      socket.conn.once("close", release);
      socket.data.userId = signedIn.userId;
      socket.data.sessionId = signedIn.sessionId;
      socket.data.presenceMode = signedIn.presenceMode;
      socket.data.readOnly = signedIn.readOnly;
      next();
    } catch (error) {
      toFailure(error); // logs the unexpected
      next(new Error("unavailable"));
    }
  });

  const presence = createPresenceStore(shared);
  const announcer = new PresenceAnnouncer(io, presence, options.presenceFlushMs);
  // every event's handler, once for all sockets
  const handlers = new EventHandlers();
  registerPresence(handlers, presence, announcer);
  registerChannels(handlers);
  registerMessages(handlers);
  registerReadState(handlers);
  registerThreads(handlers);
  registerUsers(handlers);

  // Events are routed synchronously: an event sent right after connecting must find its handler.
  io.on("connection", (socket) => {
    const actor = { userId: socket.data.userId };
    socket.join([rooms.user(actor.userId), rooms.session(socket.data.sessionId)]);
    // Communities and private channels are joined under the rows' share lock (no removal slips
    // between reading them and joining); events wait for it, so an answer never predates the rooms.
    const ready = whileSubscriptionsHeld(actor, ({ communities, privateChannelIds }) => {
      if (socket.disconnected) return false;
      socket.join([
        ...communities.flatMap((community) => [
          rooms.community(community.id),
          ...(isManager(community.role) ? [rooms.managers(community.id)] : []),
        ]),
        ...privateChannelIds.map(rooms.readers),
      ]);
      return true;
    }).catch((error) => {
      toFailure(error);
      socket.disconnect(true);
      return false;
    });

    handlers.attach(socket, actor, ready);
    metrics.socketConnections.inc();
    socket.on("disconnect", () => metrics.socketConnections.dec());
    trackPresence(socket, actor.userId, ready, presence, announcer);
    socket.on("disconnecting", () => {
      untrackPresence(socket, presence, announcer);
      void connections.release(socket.id);
    });
  });

  registerRealtimeServer(io);
  resources.set(io, { presence, announcer, connections, redis: shared });
  return io;
}

const resources = new WeakMap<
  ChatServer,
  { presence: PresenceStore; announcer: PresenceAnnouncer; connections: ConnectionCounter; redis: Redis | null }
>();

/** Closes the Socket.IO server, stops the presence window, takes its sockets out of shared presence, and lets go of its Redis connection. */
export async function closeSocketServer(io: ChatServer) {
  await new Promise<void>((resolve) => io.close(() => resolve()));
  const owned = resources.get(io);
  await owned?.announcer.close();
  await owned?.presence.close();
  await owned?.connections.close();
  await closeRedis(owned?.redis);
}

/** Tests: tells the pending presence changes now instead of at the end of the window. */
export async function flushPresence(io: ChatServer) {
  await resources.get(io)?.announcer.flushNow();
}
