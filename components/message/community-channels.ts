"use client";

import { useCallback, useEffect, useState } from "react";
import type { ChannelLink } from "./channel-links";
import { useSocketEvent } from "@/components/realtime/socket-provider";
import type { ChannelDTO } from "@/lib/dto";

const NONE: readonly ChannelLink[] = [];

/** The last list seen per community (a revisit shows it at once, then refreshes), and requests in flight. */
const known = new Map<string, readonly ChannelLink[]>();
const inFlight = new Map<string, Promise<readonly ChannelLink[] | null>>();

/** A created or renamed channel in the list (in place when known), or the list without a deleted one. */
export function withChannel(
  channels: readonly ChannelLink[],
  change: { id: string; name: string } | { id: string; deleted: true },
): readonly ChannelLink[] {
  const index = channels.findIndex((channel) => channel.id === change.id);
  if ("deleted" in change) return index < 0 ? channels : channels.filter((channel) => channel.id !== change.id);
  const entry = { id: change.id, name: change.name };
  if (index < 0) return [...channels, entry];
  if (channels[index].name === entry.name) return channels;
  return channels.map((channel, i) => (i === index ? entry : channel));
}

function fetchChannels(communityId: string) {
  let request = inFlight.get(communityId);
  if (!request) {
    request = fetch(`/api/communities/${communityId}/channels`)
      .then((response) => response.json())
      .then((result) => (result.ok ? (result.data.channels as ChannelLink[]) : null))
      .catch(() => null) // offline: the last list, or none
      .finally(() => inFlight.delete(communityId));
    inFlight.set(communityId, request);
  }
  return request;
}

/**
 * The channels of a community the reader can see (`#` suggestions and `#name` links), kept live:
 * created, renamed and deleted channels, and a fresh list each time a conversation opens.
 */
export function useCommunityChannels(communityId: string): readonly ChannelLink[] {
  const [state, setState] = useState(() => ({ communityId, channels: known.get(communityId) ?? NONE }));

  const apply = useCallback(
    (change: Parameters<typeof withChannel>[1]) => {
      const next = withChannel(known.get(communityId) ?? NONE, change);
      known.set(communityId, next);
      setState({ communityId, channels: next });
    },
    [communityId],
  );

  useEffect(() => {
    let live = true;
    void fetchChannels(communityId).then((channels) => {
      if (!channels) return;
      known.set(communityId, channels);
      if (live) setState({ communityId, channels });
    });
    return () => {
      live = false;
    };
  }, [communityId]);

  const onChannel = useCallback(
    (channel: ChannelDTO) => {
      if (channel.communityId === communityId && channel.kind !== "THREAD") apply(channel);
    },
    [communityId, apply],
  );
  const onDeleted = useCallback(
    (change: { communityId: string; channelId: string }) => {
      if (change.communityId === communityId) apply({ id: change.channelId, deleted: true });
    },
    [communityId, apply],
  );
  useSocketEvent("channel:created", onChannel);
  useSocketEvent("channel:updated", onChannel);
  useSocketEvent("channel:deleted", onDeleted);

  return state.communityId === communityId ? state.channels : (known.get(communityId) ?? NONE);
}
