"use client";

import { useEffect, useMemo, useState } from "react";
import type { MessageDTO } from "@/lib/dto";
import { useCommunityChannels } from "./community-channels";
import { MessageTextContext, mergeMentionNames, type MessageTextContextValue } from "./message-text-context";

/** The display names the given messages carry for their mentions, merged; the same object while nothing is new. */
function useMentionNames(messages: readonly Pick<MessageDTO, "mentionNames">[]) {
  const [names, setNames] = useState(() => mergeMentionNames(new Map(), messages));
  useEffect(() => setNames((current) => mergeMentionNames(current, messages)), [messages]);
  return names;
}

/** What message text of this community needs: the channels the reader can see, the mentioned users' names. */
export function useMessageTextContext(
  communityId: string,
  messages: readonly Pick<MessageDTO, "mentionNames">[],
): MessageTextContextValue {
  const channels = useCommunityChannels(communityId);
  const mentionNames = useMentionNames(messages);
  return useMemo(() => ({ communityId, channels, mentionNames }), [communityId, channels, mentionNames]);
}

/**
 * Message text of one community inside it (a conversation, the pinned messages, search results)
 * links `#channel`s the reader can see and shows mentioned users by display name.
 */
export function MessageTextScope({
  communityId,
  messages,
  children,
}: {
  communityId: string;
  messages: readonly Pick<MessageDTO, "mentionNames">[];
  children: React.ReactNode;
}) {
  return (
    <MessageTextContext.Provider value={useMessageTextContext(communityId, messages)}>
      {children}
    </MessageTextContext.Provider>
  );
}
