"use client";

import { useEffect } from "react";
import { answerOrNull } from "@/components/realtime/request";
import { useSocket, type ChatSocket } from "@/components/realtime/socket-provider";
import type { MessageDTO } from "@/lib/dto";
import type { Result } from "@/lib/errors";
import { browserOutboxStorage, outboxChannels, readOutbox, type OutboxEntry } from "./outbox";
import { createOutboxSender, type OutboxSender } from "./outbox-sender";

export const SEND_TIMEOUT_MS = 10_000;

/** One text send over the socket; null when no answer came in time (the sender then waits for the connection or backs off). */
export function sendOverSocket(
  socket: ChatSocket,
  channelId: string,
  entry: OutboxEntry,
): Promise<Result<MessageDTO> | null> {
  return answerOrNull(
    socket,
    "message:send",
    { channelId, content: entry.content, nonce: entry.nonce, replyToId: entry.replyTo?.id },
    { timeoutMs: SEND_TIMEOUT_MS },
  );
}

// The channels whose view sends its own outbox (it shows each message's state as it goes).
const openChannels = new Map<string, number>();
const openChannelsChanged = new Set<() => void>();

/** The open channel's view sends its outbox itself while mounted; the drain leaves it alone. */
export function claimOutbox(channelId: string): () => void {
  openChannels.set(channelId, (openChannels.get(channelId) ?? 0) + 1);
  openChannelsChanged.forEach((listener) => listener());
  return () => {
    const count = (openChannels.get(channelId) ?? 1) - 1;
    if (count > 0) openChannels.set(channelId, count);
    else openChannels.delete(channelId);
    openChannelsChanged.forEach((listener) => listener());
  };
}

/**
 * Sends what is queued in channels that are not open (written before a reload, or left while the
 * connection was down), whenever the socket is connected: nothing waits for its channel to be
 * visited. Refusals stay in the outbox, shown failed when the channel opens.
 */
export function OutboxDrain({ userId }: { userId: string }) {
  const { socket } = useSocket();
  useEffect(() => {
    if (!socket) return;
    const senders = new Map<string, OutboxSender>();
    const storage = browserOutboxStorage();
    const hasPending = (channelId: string) =>
      readOutbox(storage, userId, channelId).some((entry) => entry.status === "pending");
    const retire = (channelId: string) => {
      senders.get(channelId)?.stop();
      senders.delete(channelId);
    };
    const drain = () => {
      for (const channelId of senders.keys()) if (openChannels.has(channelId)) retire(channelId);
      if (!socket.connected || typeof localStorage === "undefined") return;
      for (const channelId of outboxChannels(localStorage, userId)) {
        if (openChannels.has(channelId) || senders.has(channelId) || !hasPending(channelId)) continue;
        const sender = createOutboxSender({
          storage,
          userId,
          channelId,
          send: (entry) => sendOverSocket(socket, channelId, entry),
          connected: () => socket.connected,
          onSent: () => {},
          onRefused: () => {},
          onWaiting: () => {},
        });
        senders.set(channelId, sender);
        // done when the queue is empty; a backoff or a named wait wakes the sender again itself
        void sender.resume().then(() => {
          if (senders.get(channelId) === sender && !hasPending(channelId)) retire(channelId);
        });
      }
    };
    const onConnect = () => {
      for (const sender of senders.values()) void sender.resume();
      drain();
    };
    const onDisconnect = () => senders.forEach((sender) => sender.pause());
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    openChannelsChanged.add(drain);
    drain();
    return () => {
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      openChannelsChanged.delete(drain);
      for (const channelId of [...senders.keys()]) retire(channelId);
    };
  }, [socket, userId]);
  return null;
}
