"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useSocket } from "@/components/realtime/socket-provider";
import type { MessageDTO, MessagePage, ReactionChange, ReplyPreviewDTO, ThreadDTO, UserSummary } from "@/lib/dto";
import type { Result } from "@/lib/errors";
import { mergeMessages, subscribeAndCatchUp } from "@/lib/realtime/catch-up";

export type ClientMessage = MessageDTO & {
  status?: "pending" | "failed";
  error?: string;
  /** upload progress 0…1 of a pending attachment */
  progress?: number;
};

export type AttachmentDraft = { file: Blob; fileName: string; kind: "file" | "voice"; durationMs?: number; caption: string };

const SEND_TIMEOUT_MS = 10_000;
/** Virtuoso keeps its scroll position on prepend when firstItemIndex shrinks by the count prepended. */
const START_INDEX = 1_000_000;

async function fetchPage(channelId: string, query: string): Promise<Result<MessagePage>> {
  const response = await fetch(`/api/channels/${channelId}/messages?${query}`, { cache: "no-store" });
  return response.json();
}

/** Applies a reaction event (the server's word, our own included: reactions are not optimistic). */
function applyReaction(message: ClientMessage, change: ReactionChange, meId: string): ClientMessage {
  const reactions = [...message.reactions];
  const index = reactions.findIndex((r) => r.emoji === change.emoji);
  const mine = change.user.id === meId;
  const current = reactions[index];
  if (change.added) {
    if (!current) reactions.push({ emoji: change.emoji, count: 1, me: mine, users: [change.user] });
    else {
      const users = current.users.some((u) => u.id === change.user.id) ? current.users : [...current.users, change.user].slice(0, 10);
      reactions[index] = { ...current, count: current.count + 1, me: current.me || mine, users };
    }
  } else if (current) {
    if (current.count <= 1) reactions.splice(index, 1);
    else reactions[index] = { ...current, count: current.count - 1, me: mine ? false : current.me, users: current.users.filter((u) => u.id !== change.user.id) };
  }
  return { ...message, reactions };
}

/**
 * A channel's messages: a window of history (the newest page from the server render, or a page
 * around a message after a jump), older and newer pages by cursor, live messages while the window
 * reaches the present, optimistic sends and uploads confirmed by ack (nonce makes retries safe),
 * and a catch-up page after every reconnect.
 */
export function useChannelMessages(channelId: string, initial: MessagePage, me: UserSummary, initialFocusId?: string) {
  const { socket } = useSocket();
  const [messages, setMessages] = useState<ClientMessage[]>(initial.messages);
  const [hasOlder, setHasOlder] = useState(initial.hasOlder);
  const [hasNewer, setHasNewer] = useState(initial.hasNewer);
  const [loading, setLoading] = useState<"older" | "newer" | "jump" | null>(null);
  const [firstItemIndex, setFirstItemIndex] = useState(START_INDEX - initial.messages.length);
  /** bumps when the window is replaced (a jump): the list remounts at the target */
  const [windowKey, setWindowKey] = useState(0);
  // Opened on a message (a deep link): the list starts there, not at the bottom of the page around it.
  const [focusId, setFocusId] = useState<string | null>(() => (initialFocusId && initial.messages.some((m) => m.id === initialFocusId) ? initialFocusId : null));
  const latest = useRef({ messages, hasNewer });
  latest.current = { messages, hasNewer };
  const uploads = useRef(new Map<string, AttachmentDraft & { replyToId?: string }>());
  /** whether the newest messages came live (follow them) or from paging down (stay put) */
  const appendedLive = useRef(true);

  /** Inserts or replaces stored messages (by id, or a pending one by nonce), keeping id order. */
  const upsert = useCallback((incoming: MessageDTO[]) => setMessages((current) => mergeMessages(current, incoming)), []);

  // Live events, and resubscription plus catch-up whenever the socket (re)connects.
  useEffect(() => {
    if (!socket) return;
    const onMessage = (message: MessageDTO) => {
      // A window away from the present does not take live messages: paging down reaches them.
      if (message.channelId !== channelId || latest.current.hasNewer) return;
      appendedLive.current = true;
      upsert([message]);
    };
    // A window away from the present pages down instead of catching up.
    const subscribe = async () => {
      const newest = latest.current.hasNewer ? null : (latest.current.messages.filter((m) => !m.status).at(-1)?.id ?? null);
      const join = () => socket.timeout(SEND_TIMEOUT_MS).emitWithAck("channel:subscribe", { channelId }).catch(() => null);
      const fetchAfter = async (after: string) => {
        const page = await fetchPage(channelId, `after=${after}&limit=100`).catch(() => null);
        return page?.ok ? page.data : null;
      };
      const { complete } = await subscribeAndCatchUp(newest, join, fetchAfter, upsert);
      // a gap too long to fetch at once: the rest loads on paging down
      if (!complete) setHasNewer(true);
    };
    const onUpdated = (message: MessageDTO) => {
      if (message.channelId !== channelId) return;
      setMessages((current) => current.map((m) => (m.id === message.id ? { ...message, reactions: message.removed ? [] : m.reactions } : m)));
    };
    const onDeleted = ({ channelId: from, messageId }: { channelId: string; messageId: string }) => {
      if (from !== channelId) return;
      setMessages((current) =>
        current
          .filter((m) => m.id !== messageId)
          .map((m) => (m.replyTo?.id === messageId ? { ...m, replyTo: { ...m.replyTo, content: "", unavailable: true } } : m)),
      );
    };
    const onReaction = (change: ReactionChange) => {
      if (change.channelId !== channelId) return;
      setMessages((current) => current.map((m) => (m.id === change.messageId ? applyReaction(m, change, me.id) : m)));
    };
    const onPinned = ({ channelId: from, messageId, pinned }: { channelId: string; messageId: string; pinned: boolean }) => {
      if (from === channelId) setMessages((current) => current.map((m) => (m.id === messageId ? { ...m, pinned } : m)));
    };
    // A thread opened from a message here, or its summary moving (reply, rename, archive…).
    const onThread = (thread: ThreadDTO) => {
      if (thread.parentId === channelId) setMessages((current) => current.map((m) => (m.id === thread.starterMessageId ? { ...m, thread } : m)));
    };
    socket.on("thread:updated", onThread);
    socket.on("message:new", onMessage);
    socket.on("message:updated", onUpdated);
    socket.on("message:deleted", onDeleted);
    socket.on("reaction:changed", onReaction);
    socket.on("message:pinned", onPinned);
    socket.on("connect", subscribe);
    // already connected (moving between channels): what came since the page was rendered is fetched too
    if (socket.connected) void subscribe();
    return () => {
      socket.off("thread:updated", onThread);
      socket.off("message:new", onMessage);
      socket.off("message:updated", onUpdated);
      socket.off("message:deleted", onDeleted);
      socket.off("reaction:changed", onReaction);
      socket.off("message:pinned", onPinned);
      socket.off("connect", subscribe);
      socket.emit("channel:unsubscribe", { channelId });
    };
  }, [socket, channelId, upsert, me.id]);

  const loadOlder = useCallback(async () => {
    if (!hasOlder || loading) return;
    const oldest = latest.current.messages.find((m) => !m.status);
    if (!oldest) return;
    setLoading("older");
    try {
      const page = await fetchPage(channelId, `before=${oldest.id}&limit=50`);
      if (!page.ok) return;
      setFirstItemIndex((index) => index - page.data.messages.length);
      setMessages((current) => [...page.data.messages, ...current]);
      setHasOlder(page.data.hasOlder);
    } catch {
      // offline: the next scroll to the top tries again
    } finally {
      setLoading(null);
    }
  }, [channelId, hasOlder, loading]);

  const loadNewer = useCallback(async () => {
    if (!hasNewer || loading) return;
    const newest = latest.current.messages.filter((m) => !m.status).at(-1);
    if (!newest) return;
    setLoading("newer");
    try {
      const page = await fetchPage(channelId, `after=${newest.id}&limit=50`);
      if (!page.ok) return;
      appendedLive.current = false;
      upsert(page.data.messages);
      setHasNewer(page.data.hasNewer);
    } catch {
      // offline: the next scroll to the bottom tries again
    } finally {
      setLoading(null);
    }
  }, [channelId, hasNewer, loading, upsert]);

  /** Shows a message: scrolls to it if loaded, else replaces the window with the page around it. */
  const jumpTo = useCallback(
    async (messageId: string | null): Promise<string | null> => {
      if (messageId && latest.current.messages.some((m) => m.id === messageId)) {
        setFocusId(messageId);
        return null;
      }
      setLoading("jump");
      try {
        const page = await fetchPage(channelId, messageId ? `around=${messageId}&limit=50` : "limit=50");
        if (!page.ok) return page.message;
        if (messageId && !page.data.messages.some((m) => m.id === messageId)) return "That message was deleted.";
        appendedLive.current = !messageId;
        setMessages(page.data.messages);
        setHasOlder(page.data.hasOlder);
        setHasNewer(page.data.hasNewer);
        setFirstItemIndex(START_INDEX - page.data.messages.length);
        setWindowKey((key) => key + 1);
        setFocusId(messageId);
        return null;
      } catch {
        return "You are offline.";
      } finally {
        setLoading(null);
      }
    },
    [channelId],
  );

  const fail = useCallback(
    (nonce: string, error: string) =>
      setMessages((current) => current.map((m) => (m.nonce === nonce && m.status ? { ...m, status: "failed", error, progress: undefined } : m))),
    [],
  );

  const deliver = useCallback(
    (content: string, nonce: string, replyToId?: string) => {
      if (!socket?.connected) return fail(nonce, "You are offline. The message was not sent.");
      socket.timeout(SEND_TIMEOUT_MS).emit("message:send", { channelId, content, nonce, replyToId }, (timeout, result) => {
        if (timeout) return fail(nonce, "The server did not answer in time.");
        if (!result.ok) return fail(nonce, result.message);
        upsert([result.data]);
      });
    },
    [socket, channelId, upsert, fail],
  );

  /** Uploads with progress over XHR (fetch reports none); the nonce makes a retry safe. */
  const deliverUpload = useCallback(
    (nonce: string) => {
      const draft = uploads.current.get(nonce);
      if (!draft) return;
      const form = new FormData();
      form.set("nonce", nonce);
      form.set("caption", draft.caption);
      form.set("kind", draft.kind);
      if (draft.durationMs !== undefined) form.set("durationMs", String(Math.round(draft.durationMs)));
      if (draft.replyToId) form.set("replyToId", draft.replyToId);
      form.set("file", draft.file, draft.fileName);
      const request = new XMLHttpRequest();
      request.open("POST", `/api/channels/${channelId}/attachments`);
      request.upload.onprogress = (event) => {
        if (!event.lengthComputable) return;
        const progress = event.loaded / event.total;
        setMessages((current) => current.map((m) => (m.nonce === nonce && m.status === "pending" ? { ...m, progress } : m)));
      };
      request.onerror = () => fail(nonce, "The upload failed: check your connection.");
      request.onload = () => {
        let result: Result<MessageDTO> | null = null;
        try {
          result = JSON.parse(request.responseText);
        } catch {
          // not our JSON (a proxy error page): reported below
        }
        if (!result) return fail(nonce, `The upload failed (HTTP ${request.status}).`);
        if (!result.ok) return fail(nonce, result.message);
        uploads.current.delete(nonce);
        upsert([result.data]);
      };
      request.send(form);
    },
    [channelId, fail, upsert],
  );

  const pendingShell = useCallback(
    (nonce: string, content: string, replyTo: ReplyPreviewDTO | null, type: ClientMessage["type"] = "TEXT"): ClientMessage => ({
      id: `pending-${nonce}`,
      channelId,
      type,
      content,
      nonce,
      createdAt: new Date().toISOString(),
      editedAt: null,
      author: me,
      removed: false,
      replyTo,
      mentions: [],
      mentionsEveryone: false,
      pinned: false,
      attachment: null,
      reactions: [],
      system: null,
      thread: null,
      status: "pending",
    }),
    [channelId, me],
  );

  /** Sends are shown at once; a window away from the present first returns to it. */
  const send = useCallback(
    (content: string, replyTo: ReplyPreviewDTO | null = null) => {
      const nonce = crypto.randomUUID();
      if (latest.current.hasNewer) void jumpTo(null);
      appendedLive.current = true;
      setMessages((current) => [...current, pendingShell(nonce, content, replyTo)]);
      deliver(content, nonce, replyTo?.id);
    },
    [deliver, pendingShell, jumpTo],
  );

  const upload = useCallback(
    (draft: AttachmentDraft, replyTo: ReplyPreviewDTO | null = null) => {
      const nonce = crypto.randomUUID();
      if (latest.current.hasNewer) void jumpTo(null);
      uploads.current.set(nonce, { ...draft, replyToId: replyTo?.id });
      appendedLive.current = true;
      const shell = pendingShell(nonce, draft.caption, replyTo, draft.kind === "voice" ? "VOICE" : "FILE");
      setMessages((current) => [
        ...current,
        {
          ...shell,
          progress: 0,
          attachment: { url: "", thumbnailUrl: null, fileName: draft.fileName, mimeType: draft.file.type, size: draft.file.size, width: null, height: null, durationMs: draft.durationMs ?? null },
        },
      ]);
      deliverUpload(nonce);
    },
    [pendingShell, deliverUpload, jumpTo],
  );

  const retry = useCallback(
    (nonce: string) => {
      const message = latest.current.messages.find((m) => m.nonce === nonce && m.status === "failed");
      if (!message) return;
      setMessages((current) => current.map((m) => (m.nonce === nonce ? { ...m, status: "pending", error: undefined } : m)));
      if (uploads.current.has(nonce)) deliverUpload(nonce);
      else deliver(message.content, nonce, message.replyTo?.id);
    },
    [deliver, deliverUpload],
  );

  const discard = useCallback((nonce: string) => {
    uploads.current.delete(nonce);
    setMessages((current) => current.filter((m) => !(m.nonce === nonce && m.status)));
  }, []);

  /** One socket call answered by ack; resolves with the failure message, if any. */
  const call = useCallback(
    <T,>(run: (ack: (timeout: Error | null, result: Result<T>) => void) => void, onDone?: (data: T) => void): Promise<string | null> =>
      new Promise((resolve) => {
        if (!socket?.connected) return resolve("You are offline.");
        run((timeout, result) => {
          if (timeout) return resolve("The server did not answer in time.");
          if (!result.ok) return resolve(result.message);
          onDone?.(result.data);
          resolve(null);
        });
      }),
    [socket],
  );

  const edit = useCallback(
    (messageId: string, content: string) =>
      call<MessageDTO>(
        (ack) => socket!.timeout(SEND_TIMEOUT_MS).emit("message:edit", { messageId, content }, ack),
        (data) => setMessages((current) => current.map((m) => (m.id === messageId ? { ...data, reactions: m.reactions } : m))),
      ),
    [call, socket],
  );
  const remove = useCallback(
    (messageId: string) => call((ack) => socket!.timeout(SEND_TIMEOUT_MS).emit("message:delete", { messageId }, ack)),
    [call, socket],
  );
  const react = useCallback(
    (messageId: string, emoji: string, add: boolean) => call((ack) => socket!.timeout(SEND_TIMEOUT_MS).emit("message:react", { messageId, emoji, add }, ack)),
    [call, socket],
  );
  const pin = useCallback(
    (messageId: string, pinned: boolean) => call((ack) => socket!.timeout(SEND_TIMEOUT_MS).emit("message:pin", { messageId, pin: pinned }, ack)),
    [call, socket],
  );

  return {
    messages,
    hasOlder,
    hasNewer,
    loading,
    loadOlder,
    loadNewer,
    jumpTo,
    focusId,
    clearFocus: useCallback(() => setFocusId(null), []),
    followsLive: useCallback(() => appendedLive.current, []),
    windowKey,
    firstItemIndex,
    send,
    upload,
    retry,
    discard,
    edit,
    remove,
    react,
    pin,
  };
}
