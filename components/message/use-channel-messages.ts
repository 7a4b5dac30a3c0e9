"use client";

import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { toast } from "sonner";
import { answerOrNull, request } from "@/components/realtime/request";
import { useSocket } from "@/components/realtime/socket-provider";
import type { MessageDTO, MessagePage, ReactionChange, ReplyPreviewDTO, ThreadDTO, UserSummary } from "@/lib/dto";
import type { Result } from "@/lib/errors";
import { subscribeAndCatchUp } from "@/lib/realtime/catch-up";
import {
  initialMessageList,
  messageListReducer,
  newestStored,
  oldestStored,
  ownNonces,
  pendingMessage,
  pendingUpload,
  reconcileOutbox,
  type AttachmentDraft,
  type ClientMessage,
} from "./message-state";
import { addToOutbox, browserOutboxStorage, readOutbox, removeFromOutbox } from "./outbox";
import { claimOutbox, SEND_TIMEOUT_MS, sendOverSocket } from "./outbox-drain";
import { createOutboxSender, WAITING_FOR_CONNECTION, type OutboxSender } from "./outbox-sender";

async function fetchPage(channelId: string, query: string): Promise<Result<MessagePage>> {
  const response = await fetch(`/api/channels/${channelId}/messages?${query}`, { cache: "no-store" });
  return response.json();
}

const OFFLINE = "You are offline.";

/**
 * A channel's messages: a window of history (the newest page from the server render, or a page
 * around a message after a jump), older and newer pages by cursor, live messages while the window
 * reaches the present, optimistic sends and uploads confirmed by ack (nonce makes retries safe),
 * and a catch-up page after every reconnect. Text sends go through the outbox (outbox.ts): kept
 * in the browser until acknowledged, sent in order after each reconnect's catch-up.
 */
export function useChannelMessages(channelId: string, initial: MessagePage, me: UserSummary, initialFocusId?: string) {
  const { socket, status: connection } = useSocket();
  const [list, dispatch] = useReducer(messageListReducer, initial, initialMessageList);
  const { messages, hasOlder, hasNewer, firstItemIndex, windowKey } = list;
  const [loading, setLoading] = useState<"older" | "newer" | "jump" | null>(null);
  // Opened on a message (a deep link): the list starts there, not at the bottom of the page around it.
  const [focusId, setFocusId] = useState<string | null>(() =>
    initialFocusId && initial.messages.some((m) => m.id === initialFocusId) ? initialFocusId : null,
  );
  const latest = useRef({ messages, hasNewer });
  latest.current = { messages, hasNewer };
  const uploads = useRef(new Map<string, AttachmentDraft & { replyToId?: string }>());
  /** whether the newest messages came live (follow them) or from paging down (stay put) */
  const appendedLive = useRef(true);

  const sender = useRef<OutboxSender | null>(null);

  /** Outbox entries the server has stored (seen live, in a page or acked) are done. */
  const forgetStored = useCallback(
    (incoming: MessageDTO[]) => {
      const nonces = ownNonces(incoming, me.id);
      if (nonces.length > 0) removeFromOutbox(browserOutboxStorage(), me.id, channelId, nonces);
    },
    [me.id, channelId],
  );

  /** Inserts or replaces stored messages (by id, or a pending one by nonce), keeping id order. */
  const upsert = useCallback(
    (incoming: MessageDTO[]) => {
      forgetStored(incoming);
      dispatch({ type: "stored", messages: incoming });
    },
    [forgetStored],
  );

  const patchShell = useCallback(
    (nonce: string, patch: Partial<ClientMessage>) => dispatch({ type: "patchShell", nonce, patch }),
    [],
  );
  const fail = useCallback((nonce: string, error: string) => dispatch({ type: "failed", nonce, error }), []);

  /**
   * Shells for the outbox's entries not among `shown`; entries `shown` as stored (committed before
   * their ack came) are done and leave the outbox.
   */
  const outboxShells = useCallback(
    (shown: ClientMessage[]) => {
      const storage = browserOutboxStorage();
      const { done, shells } = reconcileOutbox(readOutbox(storage, me.id, channelId), shown, channelId, me);
      removeFromOutbox(storage, me.id, channelId, done);
      return shells;
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
    if (shells.length > 0) dispatch({ type: "shells", shells });
  }, [opensAtMessage, outboxShells]);

  useEffect(() => {
    if (connection === "disconnected" || connection === "signed-out")
      dispatch({ type: "connection", connected: false });
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
      const newest = latest.current.hasNewer ? null : (newestStored(latest.current.messages)?.id ?? null);
      const join = async (after: string | null) => {
        const answer = await answerOrNull(socket, "channel:subscribe", after ? { channelId, after } : { channelId }, {
          timeoutMs: SEND_TIMEOUT_MS,
        });
        return answer?.ok ? answer.data : null;
      };
      const fetchAfter = async (after: string) => {
        const page = await fetchPage(channelId, `after=${after}&limit=100`).catch(() => null);
        return page?.ok ? page.data : null;
      };
      // at the present with no message held (an empty channel): nothing to catch up after, so what
      // was stored between the page's render and this subscription comes as the newest page
      const heldNothing = !latest.current.hasNewer && newest === null;
      const { complete } = await subscribeAndCatchUp(newest, join, fetchAfter, upsert);
      if (heldNothing) {
        const page = await fetchPage(channelId, "limit=50").catch(() => null);
        if (page?.ok) upsert(page.data.messages);
      }
      // a gap too long to fetch at once: the rest loads on paging down
      if (!complete) dispatch({ type: "gap" });
    };
    const onUpdated = (message: MessageDTO) => {
      if (message.channelId === channelId) dispatch({ type: "updated", message });
    };
    const onDeleted = ({ channelId: from, messageId }: { channelId: string; messageId: string }) => {
      if (from === channelId) dispatch({ type: "deleted", messageId });
    };
    const onReaction = (change: ReactionChange) => {
      if (change.channelId === channelId) dispatch({ type: "reaction", change, meId: me.id });
    };
    const onPinned = ({
      channelId: from,
      messageId,
      pinned,
    }: {
      channelId: string;
      messageId: string;
      pinned: boolean;
    }) => {
      if (from === channelId) dispatch({ type: "pinned", messageId, pinned });
    };
    // A thread opened from a message here, or its summary moving (reply, rename, archive…).
    const onThread = (thread: ThreadDTO) => {
      if (thread.parentId === channelId) dispatch({ type: "thread", thread });
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
          dispatch({ type: "connection", connected: true });
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
    const oldest = oldestStored(latest.current.messages);
    if (!oldest) return;
    paging.current = true;
    setLoading("older");
    try {
      const page = await fetchPage(channelId, `before=${oldest.id}&limit=50`);
      if (!page.ok) return;
      dispatch({ type: "olderPage", page: page.data });
    } catch {
      // offline: the next scroll to the top tries again
    } finally {
      paging.current = false;
      setLoading(null);
    }
  }, [channelId, hasOlder, loading]);

  const loadNewer = useCallback(async () => {
    if (!hasNewer || loading || paging.current) return;
    const newest = newestStored(latest.current.messages);
    if (!newest) return;
    paging.current = true;
    setLoading("newer");
    try {
      const page = await fetchPage(channelId, `after=${newest.id}&limit=50`);
      if (!page.ok) return;
      appendedLive.current = false;
      forgetStored(page.data.messages);
      dispatch({ type: "newerPage", page: page.data });
    } catch {
      // offline: the next scroll to the bottom tries again
    } finally {
      paging.current = false;
      setLoading(null);
    }
  }, [channelId, hasNewer, loading, forgetStored]);

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
        dispatch({ type: "window", page: page.data, shells });
        setFocusId(messageId);
        return null;
      } catch {
        return OFFLINE;
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
      const xhr = new XMLHttpRequest();
      xhr.open("POST", `/api/channels/${channelId}/attachments`);
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) dispatch({ type: "progress", nonce, progress: event.loaded / event.total });
      };
      xhr.onerror = () => fail(nonce, "The upload failed: check your connection.");
      xhr.onload = () => {
        let result: Result<MessageDTO> | null = null;
        try {
          result = JSON.parse(xhr.responseText);
        } catch {
          // not our JSON (a proxy error page): reported below
        }
        if (!result) return fail(nonce, `The upload failed (HTTP ${xhr.status}).`);
        if (!result.ok) return fail(nonce, result.message);
        uploads.current.delete(nonce);
        upsert([result.data]);
      };
      xhr.send(form);
    },
    [channelId, fail, upsert],
  );

  /** Sends are shown at once; a window away from the present first returns to it. */
  const send = useCallback(
    (content: string, replyTo: ReplyPreviewDTO | null = null) => {
      const nonce = crypto.randomUUID();
      if (latest.current.hasNewer) void jumpTo(null);
      appendedLive.current = true;
      const shell = pendingMessage({ channelId, author: me, nonce, content, replyTo });
      dispatch({ type: "pending", shell });
      enqueue(nonce, content, replyTo, shell.createdAt, false);
    },
    [channelId, me, enqueue, jumpTo],
  );

  const upload = useCallback(
    (draft: AttachmentDraft, replyTo: ReplyPreviewDTO | null = null) => {
      const nonce = crypto.randomUUID();
      if (latest.current.hasNewer) void jumpTo(null);
      uploads.current.set(nonce, { ...draft, replyToId: replyTo?.id });
      appendedLive.current = true;
      dispatch({ type: "pending", shell: pendingUpload(channelId, me, nonce, draft, replyTo) });
      deliverUpload(nonce);
    },
    [channelId, me, deliverUpload, jumpTo],
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
      dispatch({ type: "discarded", nonce });
    },
    [me.id, channelId],
  );

  const edit = useCallback(
    async (messageId: string, content: string) => {
      if (!socket?.connected) return OFFLINE;
      const result = await request(socket, "message:edit", { messageId, content });
      if (!result.ok) return result.message;
      dispatch({ type: "updated", message: result.data });
      return null;
    },
    [socket],
  );
  /** A delete, reaction or pin: the change itself comes back as an event. Resolves with the failure to show, if any. */
  const remove = useCallback(
    async (messageId: string) =>
      socket?.connected ? failureOf(await request(socket, "message:delete", { messageId })) : OFFLINE,
    [socket],
  );
  const react = useCallback(
    async (messageId: string, emoji: string, add: boolean) =>
      socket?.connected ? failureOf(await request(socket, "message:react", { messageId, emoji, add })) : OFFLINE,
    [socket],
  );
  const pin = useCallback(
    async (messageId: string, pinned: boolean) =>
      socket?.connected ? failureOf(await request(socket, "message:pin", { messageId, pin: pinned })) : OFFLINE,
    [socket],
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

const failureOf = (result: Result<unknown>) => (result.ok ? null : result.message);
