"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useSocket } from "@/components/realtime/socket-provider";
import type { MessageDTO, MessagePage } from "@/lib/dto";
import type { Result } from "@/lib/errors";

export type ClientMessage = MessageDTO & { status?: "pending" | "failed"; error?: string };

const SEND_TIMEOUT_MS = 10_000;
/** Virtuoso keeps its scroll position on prepend when firstItemIndex shrinks by the count prepended. */
const START_INDEX = 1_000_000;

async function fetchPage(channelId: string, query: string): Promise<Result<MessagePage>> {
  const response = await fetch(`/api/channels/${channelId}/messages?${query}`, { cache: "no-store" });
  return response.json();
}

/**
 * A channel's messages: the newest page from the server render, older pages by cursor, live
 * messages from the channel's room, optimistic sends confirmed by ack (nonce makes retries safe),
 * and a catch-up page after every reconnect.
 */
export function useChannelMessages(channelId: string, initial: MessagePage, me: MessageDTO["author"]) {
  const { socket } = useSocket();
  const [messages, setMessages] = useState<ClientMessage[]>(initial.messages);
  const [hasOlder, setHasOlder] = useState(initial.hasMore);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [firstItemIndex, setFirstItemIndex] = useState(START_INDEX - initial.messages.length);
  const latest = useRef(messages);
  latest.current = messages;

  /** Inserts or replaces stored messages (by id, or a pending one by nonce), keeping id order. */
  const upsert = useCallback((incoming: MessageDTO[]) => {
    setMessages((current) => {
      const next = [...current];
      for (const message of incoming) {
        const index = next.findIndex((m) => m.id === message.id || (message.nonce && m.status && m.nonce === message.nonce));
        if (index >= 0) next[index] = message;
        else next.push(message);
      }
      const stored = next.filter((m) => !m.status).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return [...stored, ...next.filter((m) => m.status)];
    });
  }, []);

  // Live messages, and resubscription plus catch-up whenever the socket (re)connects.
  useEffect(() => {
    if (!socket) return;
    const onMessage = (message: MessageDTO) => {
      if (message.channelId === channelId) upsert([message]);
    };
    const subscribe = async () => {
      socket.emit("channel:subscribe", { channelId }, () => {});
      const newest = latest.current.filter((m) => !m.status).at(-1);
      if (!newest) return;
      let after = newest.id;
      for (let guard = 0; guard < 50; guard++) {
        const page = await fetchPage(channelId, `after=${after}&limit=100`).catch(() => null);
        if (!page?.ok) return;
        upsert(page.data.messages);
        if (!page.data.hasMore || page.data.messages.length === 0) return;
        after = page.data.messages.at(-1)!.id;
      }
    };
    const onUpdated = (message: MessageDTO) => {
      if (message.channelId === channelId) setMessages((current) => current.map((m) => (m.id === message.id ? message : m)));
    };
    const onDeleted = ({ channelId: from, messageId }: { channelId: string; messageId: string }) => {
      if (from === channelId) setMessages((current) => current.filter((m) => m.id !== messageId));
    };
    socket.on("message:new", onMessage);
    socket.on("message:updated", onUpdated);
    socket.on("message:deleted", onDeleted);
    socket.on("connect", subscribe);
    if (socket.connected) socket.emit("channel:subscribe", { channelId }, () => {});
    return () => {
      socket.off("message:new", onMessage);
      socket.off("message:updated", onUpdated);
      socket.off("message:deleted", onDeleted);
      socket.off("connect", subscribe);
      socket.emit("channel:unsubscribe", { channelId });
    };
  }, [socket, channelId, upsert]);

  const loadOlder = useCallback(async () => {
    if (!hasOlder || loadingOlder) return;
    const oldest = latest.current.find((m) => !m.status);
    if (!oldest) return;
    setLoadingOlder(true);
    try {
      const page = await fetchPage(channelId, `before=${oldest.id}&limit=50`);
      if (!page.ok) return;
      setFirstItemIndex((index) => index - page.data.messages.length);
      setMessages((current) => [...page.data.messages, ...current]);
      setHasOlder(page.data.hasMore);
    } catch {
      // offline: the next scroll to the top tries again
    } finally {
      setLoadingOlder(false);
    }
  }, [channelId, hasOlder, loadingOlder]);

  const deliver = useCallback(
    (content: string, nonce: string) => {
      const fail = (error: string) =>
        setMessages((current) => current.map((m) => (m.nonce === nonce && m.status ? { ...m, status: "failed", error } : m)));
      if (!socket?.connected) return fail("You are offline. The message was not sent.");
      socket.timeout(SEND_TIMEOUT_MS).emit("message:send", { channelId, content, nonce }, (timeout, result) => {
        if (timeout) return fail("The server did not answer in time.");
        if (!result.ok) return fail(result.message);
        upsert([result.data]);
      });
    },
    [socket, channelId, upsert],
  );

  const send = useCallback(
    (content: string) => {
      const nonce = crypto.randomUUID();
      const pending: ClientMessage = {
        id: `pending-${nonce}`,
        channelId,
        content,
        nonce,
        createdAt: new Date().toISOString(),
        editedAt: null,
        author: me,
        removed: false,
        status: "pending",
      };
      setMessages((current) => [...current, pending]);
      deliver(content, nonce);
    },
    [channelId, me, deliver],
  );

  const retry = useCallback(
    (nonce: string) => {
      const message = latest.current.find((m) => m.nonce === nonce && m.status === "failed");
      if (!message) return;
      setMessages((current) => current.map((m) => (m.nonce === nonce ? { ...m, status: "pending", error: undefined } : m)));
      deliver(message.content, nonce);
    },
    [deliver],
  );

  const discard = useCallback((nonce: string) => {
    setMessages((current) => current.filter((m) => !(m.nonce === nonce && m.status)));
  }, []);

  /** Edits or deletes one's own message, or removes another's (owner/admin); resolves with the failure, if any. */
  const edit = useCallback(
    (messageId: string, content: string): Promise<string | null> =>
      new Promise((resolve) => {
        if (!socket?.connected) return resolve("You are offline.");
        socket.timeout(SEND_TIMEOUT_MS).emit("message:edit", { messageId, content }, (timeout, result) => {
          if (timeout) return resolve("The server did not answer in time.");
          if (!result.ok) return resolve(result.message);
          setMessages((current) => current.map((m) => (m.id === messageId ? result.data : m)));
          resolve(null);
        });
      }),
    [socket],
  );
  const remove = useCallback(
    (messageId: string): Promise<string | null> =>
      new Promise((resolve) => {
        if (!socket?.connected) return resolve("You are offline.");
        socket.timeout(SEND_TIMEOUT_MS).emit("message:delete", { messageId }, (timeout, result) => {
          if (timeout) return resolve("The server did not answer in time.");
          resolve(result.ok ? null : result.message);
        });
      }),
    [socket],
  );

  return { messages, hasOlder, loadingOlder, loadOlder, firstItemIndex, send, retry, discard, edit, remove };
}
