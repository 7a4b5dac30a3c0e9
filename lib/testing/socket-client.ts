import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../realtime/events";
import { attachSocketServer, closeSocketServer, flushPresence, type SocketServerOptions } from "../socket/server";
import { sessionCookieFor } from "./session-cookie";

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The app's Socket.IO server on an ephemeral port, or a given one (no Next.js needed for realtime
 * tests). `presenceFlushMs`: a presence window the test ends itself (`flushPresence`).
 */
export async function startSocketServer(port = 0, options: SocketServerOptions = {}) {
  const httpServer = http.createServer();
  const io = attachSocketServer(httpServer, options);
  httpServer.listen(port, "127.0.0.1");
  await once(httpServer, "listening");
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  const sockets: TestSocket[] = [];

  /** A client whose handshake carries a real next-auth session cookie for the user (or none). */
  async function client(
    userId: string | null,
    extraHeaders: Record<string, string> = {},
    options: { reconnect?: boolean } = {},
  ): Promise<TestSocket> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (userId) {
      headers.cookie = `other=1; ${await sessionCookieFor(userId)}`;
    }
    const socket: TestSocket = connect(url, {
      transports: ["websocket"],
      extraHeaders: headers,
      forceNew: true,
      ...(options.reconnect
        ? { reconnection: true, reconnectionDelay: 20, reconnectionDelayMax: 100, randomizationFactor: 0 }
        : { reconnection: false }),
    });
    sockets.push(socket);
    return socket;
  }

  async function connected(userId: string): Promise<TestSocket> {
    const socket = await client(userId);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    return socket;
  }

  async function close() {
    for (const socket of sockets) socket.disconnect();
    await stop();
  }

  /** The server goes away as if its process died: clients see their transport close and may reconnect. */
  async function stop() {
    await closeSocketServer(io);
  }

  return {
    url,
    port: (httpServer.address() as AddressInfo).port,
    io,
    client,
    connected,
    close,
    stop,
    /** Tells the pending presence changes now (once the changes in progress are known). */
    flushPresence: () => flushPresence(io),
  };
}

/** Emits with an acknowledgement and resolves with the server's answer (the SDK's own). */
export { request } from "../sdk/realtime";

/** Collects every event of one name a socket receives. */
export function collect<E extends keyof ServerToClientEvents>(socket: TestSocket, event: E) {
  const received: Parameters<ServerToClientEvents[E]>[] = [];
  socket.on(event, ((...args: Parameters<ServerToClientEvents[E]>) => received.push(args)) as never);
  return received;
}

/** Resolves with the next event of one name a socket receives. */
export function nextEvent<E extends keyof ServerToClientEvents>(socket: TestSocket, event: E) {
  return new Promise<Parameters<ServerToClientEvents[E]>[0]>((resolve) => socket.once(event, resolve as never));
}
