"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { useSocket, useSocketEvent } from "@/components/realtime/socket-provider";
import { listMyConversationsAction } from "@/lib/actions/conversations";
import { byActivity, isListed } from "@/lib/conversation-title";
import type { ServerToClientEvents } from "@/lib/realtime/events";
import type { ChannelActivities, ChannelActivity, ConversationDTO, MessageDTO, PersonUpdate } from "@/lib/dto";

type ConversationsValue = {
  /** listed ones, most recently active first */
  conversations: ConversationDTO[];
  /** every conversation this tab knows, listed or not */
  ids: Set<string>;
  meId: string;
  /** one conversation as this tab knows it now (renamed, people added…) */
  find: (conversationId: string) => ConversationDTO | undefined;
  upsert: (conversation: ConversationDTO) => void;
};

const ConversationsContext = createContext<ConversationsValue | null>(null);

/** A conversation as the server sent it, keeping the later activity this tab already saw (ids sort by time). */
const keepingActivity = (fresh: ConversationDTO, known: ConversationDTO | undefined): ConversationDTO =>
  known && known.activityId > fresh.activityId ? { ...fresh, activityId: known.activityId } : fresh;

/**
 * The user's direct and group conversations, kept live: new ones, renames and people changes,
 * leaving or being removed, and every new message (the list sorts by last activity).
 */
export function ConversationsProvider({
  initial,
  meId,
  children,
}: {
  initial: ConversationDTO[];
  meId: string;
  children: React.ReactNode;
}) {
  const [byId, setById] = useState(() => new Map(initial.map((c) => [c.id, c])));
  // a server render (router.refresh) brings its own list: keep what is newer here
  useEffect(
    () =>
      setById((current) => {
        const next = new Map(current);
        for (const fresh of initial) {
          next.set(fresh.id, keepingActivity(fresh, next.get(fresh.id)));
        }
        return next;
      }),
    [initial],
  );
  const upsert = useCallback(
    (conversation: ConversationDTO) =>
      setById((current) =>
        new Map(current).set(conversation.id, keepingActivity(conversation, current.get(conversation.id))),
      ),
    [],
  );
  const bump = useCallback(
    (conversationId: string, messageId: string) =>
      setById((current) => {
        const known = current.get(conversationId);
        if (!known || known.activityId >= messageId) return current;
        return new Map(current).set(conversationId, { ...known, activityId: messageId });
      }),
    [],
  );
  const onRemoved = useCallback(
    ({ communityId }: { communityId: string }) =>
      setById((current) => {
        if (!current.has(communityId)) return current;
        const next = new Map(current);
        next.delete(communityId);
        return next;
      }),
    [],
  );
  const onActivities = useCallback(
    (batch: ChannelActivities) => {
      const newest = batch.channels
        .flatMap((channel) => channel.messages.map(([id]) => id))
        .sort()
        .at(-1);
      if (newest) bump(batch.communityId, newest);
    },
    [bump],
  );
  const onActivity = useCallback(
    (activity: ChannelActivity) => activity.kind === "new" && bump(activity.communityId, activity.messageId),
    [bump],
  );
  const conversationOfChannel = useMemo(() => new Map([...byId.values()].map((c) => [c.channelId, c.id])), [byId]);
  const onMessage = useCallback(
    (message: MessageDTO) => {
      const conversationId = conversationOfChannel.get(message.channelId);
      if (conversationId) bump(conversationId, message.id);
    },
    [bump, conversationOfChannel],
  );
  const onPerson = useCallback(
    (person: PersonUpdate) =>
      setById((current) => {
        let changed = false;
        const next = new Map(current);
        for (const conversation of current.values()) {
          if (!conversation.participants.some((p) => p.id === person.id)) continue;
          changed = true;
          next.set(conversation.id, {
            ...conversation,
            participants: conversation.participants.map((p) => (p.id === person.id ? { ...p, ...person } : p)),
          });
        }
        return changed ? next : current;
      }),
    [],
  );
  useSocketEvent("user:updated", onPerson);
  const onStatus = useCallback<ServerToClientEvents["member:status"]>(
    ({ communityId, userId, custom }) =>
      setById((current) => {
        const conversation = current.get(communityId);
        if (!conversation?.participants.some((p) => p.id === userId)) return current;
        return new Map(current).set(communityId, {
          ...conversation,
          participants: conversation.participants.map((p) => (p.id === userId ? { ...p, customStatus: custom } : p)),
        });
      }),
    [],
  );
  useSocketEvent("member:status", onStatus);
  // back from a disconnect: conversations joined, changed or left meanwhile were not heard
  const { socket } = useSocket();
  useEffect(() => {
    if (!socket) return;
    let connectedBefore = socket.connected;
    const onConnect = () => {
      if (!connectedBefore) {
        connectedBefore = true;
        return;
      }
      void listMyConversationsAction()
        .then((result) => {
          if (!result.ok) return;
          setById((current) => {
            const next = new Map<string, ConversationDTO>();
            for (const fresh of result.data) {
              next.set(fresh.id, keepingActivity(fresh, current.get(fresh.id)));
            }
            return next;
          });
        })
        .catch(() => {});
    };
    socket.on("connect", onConnect);
    return () => {
      socket.off("connect", onConnect);
    };
  }, [socket]);
  useSocketEvent("conversation:joined", upsert);
  useSocketEvent("conversation:updated", upsert);
  useSocketEvent("community:removed", onRemoved);
  useSocketEvent("channel:activities", onActivities);
  useSocketEvent("mention:activity", onActivity);
  useSocketEvent("message:new", onMessage);

  const value = useMemo(
    () => ({
      conversations: [...byId.values()].filter((c) => isListed(c, meId)).sort(byActivity),
      ids: new Set(byId.keys()),
      meId,
      find: (conversationId: string) => byId.get(conversationId),
      upsert,
    }),
    [byId, meId, upsert],
  );
  return <ConversationsContext.Provider value={value}>{children}</ConversationsContext.Provider>;
}

export function useConversations() {
  const value = useContext(ConversationsContext);
  if (!value) throw new Error("ConversationsProvider is missing");
  return value;
}
