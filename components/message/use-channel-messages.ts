"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { useSocket } from "@/components/realtime/socket-provider";
import type { MessageDTO, MessagePage, ReactionChange, ReplyPreviewDTO, ThreadDTO, UserSummary } from "@/lib/dto";
import type { Result } from "@/lib/errors";
import { mergeMessages, subscribeAndCatchUp } from "@/lib/realtime/catch-up";
import { addToOutbox, browserOutboxStorage, readOutbox, removeFromOutbox, type OutboxEntry } from "./outbox";
import { claimOutbox, SEND_TIMEOUT_MS, sendOverSocket } from "./outbox-drain";
import { createOutboxSender, WAITING_FOR_CONNECTION, type OutboxSender } from "./outbox-sender";

export type ClientMessage = MessageDTO & {
  status?: "pending" | "failed";
  error?: string;
  /** why a queued text send is not through yet (no connection, a wait the server named…) */
  pendingReason?: string;
  /** upload progress 0…1 of a pending attachment */
  progress?: number;
};

export type AttachmentDraft = { file: Blob; fileName: string; kind: "file" | "voice"; durationMs?: number; caption: string };

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

function shellOf(channelId: string, me: UserSummary, nonce: string, content: string, replyTo: ReplyPreviewDTO | null, type: ClientMessage["type"] = "TEXT"): ClientMessage {
  return {
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
  };
}

const shellOfEntry = (channelId: string, me: UserSummary, entry: OutboxEntry): ClientMessage => ({
  ...shellOf(channelId, me, entry.nonce, entry.content, entry.replyTo),
  createdAt: entry.createdAt,
  status: entry.status,
  error: entry.error,
});

/** Appends the shells whose nonce is not shown yet. */
function appendShells(current: ClientMessage[], shells: ClientMessage[]) {
  const shown = new Set(current.map((m) => m.nonce));
  const added = shells.filter((shell) => !shown.has(shell.nonce));
  return added.length > 0 ? [...current, ...added] : current;
}

const isQueuedText = (message: ClientMessage) => message.status === "pending" && message.type === "TEXT";

/**
 * A channel's messages: a window of history (the newest page from the server render, or a page
 * around a message after a jump), older and newer pages by cursor, live messages while the window
 * reaches the present, optimistic sends and uploads confirmed by ack (nonce makes retries safe),
 * and a catch-up page after every reconnect. Text sends go through the outbox (outbox.ts): kept
 * in the browser until acknowledged, sent in order after each reconnect's catch-up.
 */
export function useChannelMessages(channelId: string, initial: MessagePage, me: UserSummary, initialFocusId?: string) {
  const { socket, status: connection } = useSocket();
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

  const sender = useRef<OutboxSender | null>(null);

  /** Outbox entries the server has stored (seen live, in a page or acked) are done. */
  const forgetStored = useCallback(
    (incoming: MessageDTO[]) => {
      const nonces = incoming.filter((m) => m.nonce && m.author.id === me.id).map((m) => m.nonce!);
      if (nonces.length > 0) removeFromOutbox(browserOutboxStorage(), me.id, channelId, nonces);
    },
    [me.id, channelId],
  );

  /** Inserts or replaces stored messages (by id, or a pending one by nonce), keeping id order. */
  const upsert = useCallback(
    (incoming: MessageDTO[]) => {
      forgetStored(incoming);
      setMessages((current) => mergeMessages(current, incoming));
    },
    [forgetStored],
  );

  const patchShell = useCallback(
    (nonce: string, patch: Partial<ClientMessage>) => setMessages((current) => current.map((m) => (m.nonce === nonce && m.status ? { ...m, ...patch } : m))),
    [],
  );

  const fail = useCallback(
    (nonce: string, error: string) => patchShell(nonce, { status: "failed", error, progress: undefined, pendingReason: undefined }),
    [patchShell],
  );

  /**
   * Shells for the outbox's entries not among `shown`; entries `shown` as stored (committed before
   * their ack came) are done and leave the outbox.
   */
  const outboxShells = useCallback(
    (shown: ClientMessage[]) => {
      const storage = browserOutboxStorage();
      const entries = readOutbox(storage, me.id, channelId);
      if (entries.length === 0) return [];
      const stored = new Set(shown.filter((m) => !m.status && m.author.id === me.id).map((m) => m.nonce));
      removeFromOutbox(storage, me.id, channelId, entries.filter((entry) => stored.has(entry.nonce)).map((entry) => entry.nonce));
      const present = new Set(shown.map((m) => m.nonce));
      return entries.filter((entry) => !present.has(entry.nonce)).map((entry) => shellOfEntry(channelId, me, entry));
    },
    [channelId, me],
  );

  // The outbox as this browser left it (a reload, a closed tab, another visit), after the history.
  // Not on a window opened at a linked message: the list would scroll to one's own pending sends.
  // They are still sent, and show on returning to the present.
  const opensAtMessage = Boolean(initialFocusId);
  useEffect(() => {
    if (opensAtMessage) return;
    const shells = outboxShells(latest.current.messages);
    if (shells.length > 0) setMessages((current) => appendShells(current, shells));
  }, [opensAtMessage, outboxShells]);

  useEffect(() => {
    if (connection === "disconnected" || connection === "signed-out") setMessages((current) => current.map((m) => (isQueuedText(m) ? { ...m, pendingReason: WAITING_FOR_CONNECTION } : m)));
  }, [connection]);

  // Live events, and resubscription plus catch-up whenever the socket (re)connects.
  useEffect(() => {
    if (!socket) return;
    const releaseOutbox = claimOutbox(channelId);
    const outbox = createOutboxSender({
      storage: browserOutboxStorage(),
      userId: me.id,
      channelId,
      send: (entry) => sendOverSocket(socket, channelId, entry),
      connected: () => socket.connected,
      onSent: (message) => upsert([message]),
      onRefused: fail,
      onWaiting: (nonce, reason) => patchShell(nonce, { pendingReason: reason }),
    });
    sender.current = outbox;
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
    // The outbox goes out after the catch-up, so it follows what the server already has.
    let connectCount = 0;
    const onConnect = async () => {
      const connectNumber = ++connectCount;
      outbox.pause();
      try {
        await subscribe();
      } finally {
        if (connectNumber === connectCount && socket.connected) {
          setMessages((current) => current.map((m) => (isQueuedText(m) && m.pendingReason === WAITING_FOR_CONNECTION ? { ...m, pendingReason: undefined } : m)));
          void outbox.resume();
        }
      }
    };
    const onDisconnect = () => outbox.pause();
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    // already connected (moving between channels): what came since the page was rendered is fetched too
    if (socket.connected) void onConnect();
    return () => {
      outbox.stop();
      releaseOutbox();
      if (sender.current === outbox) sender.current = null;
      socket.off("disconnect", onDisconnect);
      socket.off("thread:updated", onThread);
      socket.off("message:new", onMessage);
      socket.off("message:updated", onUpdated);
      socket.off("message:deleted", onDeleted);
      socket.off("reaction:changed", onReaction);
      socket.off("message:pinned", onPinned);
      socket.off("connect", onConnect);
      socket.emit("channel:unsubscribe", { channelId });
    };
  }, [socket, channelId, upsert, fail, patchShell, me.id]);

  // one page request at a time (two calls in one tick would both see `loading` unset)
  const paging = useRef(false);
  const loadOlder = useCallback(async () => {
    if (!hasOlder || loading || paging.current) return;
    const oldest = latest.current.messages.find((m) => !m.status);
    if (!oldest) return;
    paging.current = true;
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
      paging.current = false;
      setLoading(null);
    }
  }, [channelId, hasOlder, loading]);

  const loadNewer = useCallback(async () => {
    if (!hasNewer || loading || paging.current) return;
    const newest = latest.current.messages.filter((m) => !m.status).at(-1);
    if (!newest) return;
    paging.current = true;
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
      paging.current = false;
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
        forgetStored(page.data.messages);
        // what is still being sent (or failed) stays in view, after the new window
        const shells = messageId ? [] : outboxShells([...page.data.messages, ...latest.current.messages]);
        setMessages((current) => appendShells(mergeMessages(current.filter((m) => m.status), page.data.messages), shells));
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
    [channelId, forgetStored, outboxShells],
  );

  /**
   * Puts a text message in the outbox (a failed one back in its place) for the sender; a full
   * outbox refuses it, shown failed. A retry goes out at once, a new send waits its turn.
   */
  const enqueue = useCallback(
    (nonce: string, content: string, replyTo: ReplyPreviewDTO | null, createdAt: string, retrying: boolean) => {
      const queued = addToOutbox(browserOutboxStorage(), me.id, channelId, { nonce, content, replyTo, createdAt });
      if (!queued.ok) {
        toast.error(queued.message);
        fail(nonce, queued.message);
        return;
      }
      if (!socket?.connected) patchShell(nonce, { pendingReason: WAITING_FOR_CONNECTION });
      void (retrying ? sender.current?.retry(nonce) : sender.current?.wake());
    },
    [me.id, channelId, socket, fail, patchShell],
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
    (nonce: string, content: string, replyTo: ReplyPreviewDTO | null, type: ClientMessage["type"] = "TEXT") => shellOf(channelId, me, nonce, content, replyTo, type),
    [channelId, me],
  );

  /** Sends are shown at once; a window away from the present first returns to it. */
  const send = useCallback(
    (content: string, replyTo: ReplyPreviewDTO | null = null) => {
      const nonce = crypto.randomUUID();
      if (latest.current.hasNewer) void jumpTo(null);
      appendedLive.current = true;
      const shell = pendingShell(nonce, content, replyTo);
      setMessages((current) => [...current, shell]);
      enqueue(nonce, content, replyTo, shell.createdAt, false);
    },
    [enqueue, pendingShell, jumpTo],
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
      patchShell(nonce, { status: "pending", error: undefined });
      if (uploads.current.has(nonce)) deliverUpload(nonce);
      else enqueue(nonce, message.content, message.replyTo, message.createdAt, true);
    },
    [patchShell, enqueue, deliverUpload],
  );

  const discard = useCallback(
    (nonce: string) => {
      uploads.current.delete(nonce);
      removeFromOutbox(browserOutboxStorage(), me.id, channelId, [nonce]);
      setMessages((current) => current.filter((m) => !(m.nonce === nonce && m.status)));
    },
    [me.id, channelId],
  );

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
