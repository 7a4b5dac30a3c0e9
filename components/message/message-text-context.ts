"use client";

import { createContext } from "react";
import type { MessageDTO } from "@/lib/dto";
import type { ChannelLink } from "./channel-links";

/**
 * What message text needs beyond the message itself, given by the conversation around it: the
 * community's channels the reader can see (`#name` links) and the display names of mentioned users
 * (`@Bob Dylan`, the username in the tooltip). Without it, `#name` stays text and `@username` shows.
 */
export type MessageTextContextValue = {
  communityId: string;
  channels: readonly ChannelLink[];
  /** username (lower case) → display name (a Map: a username may be "constructor") */
  mentionNames: ReadonlyMap<string, string>;
};

export const MessageTextContext = createContext<MessageTextContextValue | null>(null);

/**
 * The display names the messages carry, merged (usernames are unique, so one map serves a whole
 * conversation). The same object comes back while nothing is new, so rows need not render again.
 */
export function mergeMentionNames(
  current: ReadonlyMap<string, string>,
  messages: readonly Pick<MessageDTO, "mentionNames">[],
): ReadonlyMap<string, string> {
  let next: Map<string, string> | null = null;
  for (const message of messages) {
    if (!message.mentionNames) continue;
    for (const [username, displayName] of Object.entries(message.mentionNames))
      if ((next ?? current).get(username) !== displayName) (next ??= new Map(current)).set(username, displayName);
  }
  return next ?? current;
}
