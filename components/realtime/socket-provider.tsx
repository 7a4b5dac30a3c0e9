"use client";

import { createContext, useContext, useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/events";

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type Status = "connecting" | "connected" | "disconnected" | "signed-out";

const SocketContext = createContext<{ socket: ChatSocket | null; status: Status; notice: string | null }>({
  socket: null,
  status: "connecting",
  notice: null,
});

/** How long a refused or dropped tab waits before trying again (the server names the reason). */
const RETRY_MS = 5_000;

/** One Socket.IO connection per tab, authenticated by the session cookie on the handshake. */
export function SocketProvider({ children }: { children: React.ReactNode }) {
  const [socket, setSocket] = useState<ChatSocket | null>(null);
  const [status, setStatus] = useState<Status>("connecting");
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    const connection: ChatSocket = io({ withCredentials: true, reconnectionDelayMax: 5_000 });
    let retry: ReturnType<typeof setTimeout> | undefined;
    const retryLater = () => {
      clearTimeout(retry);
      retry = setTimeout(() => connection.connect(), RETRY_MS);
    };
    /** The session ended (signed out here or elsewhere): the banner offers to sign in again. */
    const signedOut = () => setStatus("signed-out");
    const onConnect = () => {
      setStatus("connected");
      setNotice(null);
    };
    const onDisconnect = (reason: string) => {
      setStatus("disconnected");
      if (reason !== "io server disconnect") return; // the client reconnects by itself
      // closed by the server: the session ended, or this tab sent too much; ask which
      void fetch("/api/auth/session", { cache: "no-store" })
        .then((response) => response.json())
        .then((session: { user?: unknown }) => (session?.user ? retryLater() : signedOut()), retryLater);
    };
    // refusals by the handshake are not retried by Socket.IO itself
    const onConnectError = (error: Error & { data?: { message?: string } }) => {
      setStatus("disconnected");
      if (error.message === "unauthorized") return signedOut();
      setNotice(error.data?.message ?? null);
      if (!connection.active) retryLater();
    };
    connection.on("connect", onConnect);
    connection.on("disconnect", onDisconnect);
    connection.on("connect_error", onConnectError);
    setSocket(connection);
    return () => {
      clearTimeout(retry);
      connection.off("connect", onConnect);
      connection.off("disconnect", onDisconnect);
      connection.off("connect_error", onConnectError);
      connection.disconnect();
    };
  }, []);

  return <SocketContext.Provider value={{ socket, status, notice }}>{children}</SocketContext.Provider>;
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
  const { status, notice } = useSocket();
  if (status === "signed-out") {
    return (
      <div role="status" className="bg-[#f0b232] px-4 py-1 text-center text-sm font-medium text-black">
        You were signed out.{" "}
        <a
          className="underline"
          href={`/login?callbackUrl=${encodeURIComponent(typeof window === "undefined" ? "/" : window.location.pathname)}`}
        >
          Sign in again
        </a>
      </div>
    );
  }
  if (status !== "disconnected") return null;
  return (
    <div role="status" className="bg-[#f0b232] px-4 py-1 text-center text-sm font-medium text-black">
      {notice ? `${notice} Retrying…` : "Connection lost. Reconnecting…"}
    </div>
  );
}
