"use client";

import { createContext, useContext, useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/events";

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type Status = "connecting" | "connected" | "disconnected";

const SocketContext = createContext<{ socket: ChatSocket | null; status: Status }>({ socket: null, status: "connecting" });

/** One Socket.IO connection per tab, authenticated by the session cookie on the handshake. */
export function SocketProvider({ children }: { children: React.ReactNode }) {
  const [socket, setSocket] = useState<ChatSocket | null>(null);
  const [status, setStatus] = useState<Status>("connecting");

  useEffect(() => {
    const connection: ChatSocket = io({ withCredentials: true, reconnectionDelayMax: 5_000 });
    const onConnect = () => setStatus("connected");
    const onDisconnect = () => setStatus("disconnected");
    connection.on("connect", onConnect);
    connection.on("disconnect", onDisconnect);
    connection.on("connect_error", onDisconnect);
    setSocket(connection);
    return () => {
      connection.off("connect", onConnect);
      connection.off("disconnect", onDisconnect);
      connection.off("connect_error", onDisconnect);
      connection.disconnect();
    };
  }, []);

  return <SocketContext.Provider value={{ socket, status }}>{children}</SocketContext.Provider>;
}

export const useSocket = () => useContext(SocketContext);

/** Subscribes to a server event for the lifetime of the component. */
export function useSocketEvent<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]) {
  const { socket } = useSocket();
  useEffect(() => {
    if (!socket) return;
    socket.on(event, handler as never);
    return () => {
      socket.off(event, handler as never);
    };
  }, [socket, event, handler]);
}

export function ConnectionBanner() {
  const { status } = useSocket();
  if (status !== "disconnected") return null;
  return (
    <div role="status" className="bg-[#f0b232] px-4 py-1 text-center text-sm font-medium text-black">
      Connection lost. Reconnecting…
    </div>
  );
}
