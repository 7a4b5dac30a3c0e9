import type { Result } from "../errors";
import type { ChannelDTO, CommunityDTO, MessageDTO, MessagePage } from "../dto";

/** The one typed event map shared by the browser client and the server. Names are `entity:verb`. */
export interface ServerToClientEvents {
  "message:new": (message: MessageDTO) => void;
  "channel:created": (channel: ChannelDTO) => void;
  "community:joined": (community: CommunityDTO) => void;
  "member:joined": (payload: { communityId: string; userId: string; displayName: string }) => void;
}

export interface ClientToServerEvents {
  "channel:subscribe": (payload: { channelId: string }, ack: (result: Result<{ channelId: string }>) => void) => void;
  "channel:unsubscribe": (payload: { channelId: string }) => void;
  "message:send": (
    payload: { channelId: string; content: string; nonce: string },
    ack: (result: Result<MessageDTO>) => void,
  ) => void;
  "message:history": (
    payload: { channelId: string; before?: string; after?: string; limit?: number },
    ack: (result: Result<MessagePage>) => void,
  ) => void;
}

export type InterServerEvents = Record<string, never>;
export type SocketData = { userId: string; communityIds: string[] };
