import type { Result } from "../errors";
import type { StatusInput } from "../schemas/account";
import type {
  ChannelActivities,
  ChannelActivity,
  ChannelDTO,
  ChannelReadState,
  CommunityDTO,
  CommunityInfo,
  CommunityReadState,
  ConversationDTO,
  CustomStatus,
  InvitationDTO,
  JoinRequestDTO,
  MemberDTO,
  MessageDTO,
  MessagePage,
  MyStatus,
  NotifyLevel,
  PersonUpdate,
  PresenceMode,
  PresenceStatus,
  ReactionChange,
  RemovalReason,
  ThreadDTO,
  ThreadPage,
  ThreadView,
} from "../dto";

/** The one typed event map shared by the browser client and the server. Names are `entity:verb`. */
export interface ServerToClientEvents {
  "message:new": (message: MessageDTO) => void;
  /** edited, or removed by a moderator */
  "message:updated": (message: MessageDTO) => void;
  "message:deleted": (payload: { channelId: string; messageId: string }) => void;
  "reaction:changed": (change: ReactionChange) => void;
  /** pinned or unpinned (the pin itself also posts a system message) */
  "message:pinned": (payload: { channelId: string; messageId: string; pinned: boolean }) => void;
  "channel:created": (channel: ChannelDTO) => void;
  "channel:updated": (channel: ChannelDTO) => void;
  /** Deleted, or no longer readable by this user (removed from a private channel). */
  "channel:deleted": (payload: { communityId: string; channelId: string }) => void;
  "category:changed": (payload: { communityId: string }) => void;
  "community:joined": (community: CommunityDTO) => void;
  /** To a participant's tabs: a direct or group conversation they are now in (the rail's list adds it). */
  "conversation:joined": (conversation: ConversationDTO) => void;
  /** To the conversation's room: renamed, a new icon, people added or removed. */
  "conversation:updated": (conversation: ConversationDTO) => void;
  "community:updated": (community: CommunityInfo) => void;
  /** To the removed user's tabs (or the whole room when dismissed): leave and say why. */
  "community:removed": (payload: {
    communityId: string;
    reason: RemovalReason;
    message: string;
    /** a direct or group conversation, not a community */
    conversation?: boolean;
  }) => void;
  "member:joined": (payload: {
    communityId: string;
    member: MemberDTO;
    via: "invite" | "link" | "open" | "request" | "bot";
  }) => void;
  "member:left": (payload: { communityId: string; userId: string; reason: RemovalReason }) => void;
  "member:updated": (payload: { communityId: string; member: MemberDTO }) => void;
  /** A member's custom status as others see it (null: none, or they went invisible). */
  "member:status": (payload: { communityId: string; userId: string; custom: CustomStatus | null }) => void;
  /** A user's display name, username or avatar changed (to their communities, conversations and own tabs). */
  "user:updated": (person: PersonUpdate) => void;
  /** To every tab of the user: the status they chose and their custom status. */
  "status:mine": (status: MyStatus) => void;
  /** A mute set or lifted, community-wide (channelId null) or in one channel. */
  "member:muted": (payload: {
    communityId: string;
    userId: string;
    channelId: string | null;
    mutedUntil: string | null;
  }) => void;
  "joinRequest:created": (request: JoinRequestDTO) => void;
  "joinRequest:decided": (payload: {
    communityId: string;
    requestId: string;
    accepted: boolean;
    communityName: string;
  }) => void;
  /** To the invited user's tabs: a pending invitation by username (accept or decline it). */
  "invitation:created": (invitation: InvitationDTO) => void;
  /** To the invited user's tabs: an invitation was accepted or declined (in another tab, perhaps). */
  "invitation:removed": (payload: { invitationId: string }) => void;
  /** To a channel's readers, about once a second: its new messages (a tab viewing the channel has them as `message:new`). */
  "channel:activities": (batch: ChannelActivities) => void;
  /** To a channel's readers: a message went, or its @everyone changed (mention ids left out: `mention:activity` tells those). */
  "channel:activity": (activity: ChannelActivity) => void;
  /** To the mentioned user's tabs (for a new message, those not viewing the channel): a mention of them came, went or changed. */
  "mention:activity": (activity: ChannelActivity) => void;
  /** To every tab of the reader: their read position (and counts) in these channels moved. */
  "read:updated": (states: ChannelReadState[]) => void;
  /**
   * To every tab of the reader, with several app processes: these read positions are now stored (a
   * tab whose page another process rendered before that asks for its states again).
   */
  "read:stored": (positions: { channelId: string; lastReadId: string }[]) => void;
  /** To a community, at most a few times a second: the members whose status changed since, by status now. */
  "presence:changes": (payload: {
    communityId: string;
    online: string[];
    idle: string[];
    dnd: string[];
    offline: string[];
  }) => void;
  /** To every tab of the user: they blocked or unblocked someone. */
  "block:changed": (payload: { userId: string; blocked: boolean }) => void;
  /** Someone viewing the channel is typing (repeated every few seconds while they are). */
  typing: (payload: { channelId: string; userId: string; displayName: string }) => void;
  /** To every tab of the user: a notification setting changed (channelId null: the community's). */
  "notify:updated": (change: { communityId: string; channelId: string | null; notify: NotifyLevel | null }) => void;
  /** To viewers of the thread's channel and of the thread: created, renamed, new reply, archived, locked, resolved. */
  "thread:updated": (thread: ThreadDTO) => void;
  /** To every tab of the user: they followed or unfollowed a thread. */
  "thread:followed": (payload: { threadId: string; following: boolean }) => void;
}

export interface ClientToServerEvents {
  /** `after`: the newest message the tab holds; the answer then carries the first page of what came after it. */
  "channel:subscribe": (
    payload: { channelId: string; after?: string },
    ack: (result: Result<{ channelId: string; page?: MessagePage }>) => void,
  ) => void;
  "channel:unsubscribe": (payload: { channelId: string }) => void;
  "message:send": (
    payload: { channelId: string; content: string; nonce: string; replyToId?: string },
    ack: (result: Result<MessageDTO>) => void,
  ) => void;
  "message:edit": (payload: { messageId: string; content: string }, ack: (result: Result<MessageDTO>) => void) => void;
  "message:delete": (
    payload: { messageId: string },
    ack: (result: Result<{ messageId: string; removed: boolean }>) => void,
  ) => void;
  "message:react": (
    payload: { messageId: string; emoji: string; add: boolean },
    ack: (result: Result<{ messageId: string; emoji: string; added: boolean }>) => void,
  ) => void;
  "message:pin": (
    payload: { messageId: string; pin: boolean },
    ack: (result: Result<{ messageId: string; pinned: boolean }>) => void,
  ) => void;
  "channel:read": (
    payload: { channelId: string; messageId: string },
    ack: (result: Result<ChannelReadState>) => void,
  ) => void;
  "community:read": (payload: { communityId: string }, ack: (result: Result<CommunityReadState>) => void) => void;
  "notify:set": (
    payload:
      | { scope: "community"; communityId: string; notify: NotifyLevel }
      | { scope: "channel"; channelId: string; notify: NotifyLevel | "DEFAULT" },
    ack: (result: Result<{ communityId: string; channelId: string | null; notify: NotifyLevel | null }>) => void,
  ) => void;
  /** This tab saw no input for a while (idle) or saw input again. */
  "presence:idle": (payload: { idle: boolean }) => void;
  /** Presence of some members of a community the user belongs to (ids that are not members are left out). */
  "presence:query": (
    payload: { communityId: string; userIds: string[] },
    ack: (result: Result<Record<string, PresenceStatus>>) => void,
  ) => void;
  /** Chooses a status and/or a custom status (user footer). */
  "status:set": (payload: StatusInput, ack: (result: Result<MyStatus>) => void) => void;
  "user:block": (
    payload: { userId: string; blocked: boolean },
    ack: (result: Result<{ userId: string; blocked: boolean }>) => void,
  ) => void;
  /** The user is typing in a channel this socket views (no answer). */
  "typing:start": (payload: { channelId: string }) => void;
  /** Every read state of the user (after a reconnect: counts may have moved while offline). */
  "read:states": (payload: Record<string, never>, ack: (result: Result<CommunityReadState[]>) => void) => void;
  "thread:create": (
    payload: { messageId: string; name?: string; autoArchiveMinutes?: number },
    ack: (result: Result<ThreadDTO>) => void,
  ) => void;
  "thread:get": (payload: { threadId: string }, ack: (result: Result<ThreadView>) => void) => void;
  "thread:update": (
    payload: {
      threadId: string;
      name?: string;
      autoArchiveMinutes?: number;
      archived?: boolean;
      locked?: boolean;
      resolved?: boolean;
    },
    ack: (result: Result<ThreadDTO>) => void,
  ) => void;
  "thread:follow": (
    payload: { threadId: string; follow: boolean },
    ack: (result: Result<{ threadId: string; following: boolean }>) => void,
  ) => void;
  "thread:list": (
    payload: {
      channelId: string;
      archived?: boolean;
      status?: "all" | "open" | "resolved";
      cursor?: string;
      limit?: number;
    },
    ack: (result: Result<ThreadPage>) => void,
  ) => void;
}

type ClientEvent = keyof ClientToServerEvents;

/** The client→server events the server answers through an acknowledgement (the ones whose handler takes an ack). */
export type AnsweredEvent = {
  [E in ClientEvent]: Parameters<ClientToServerEvents[E]> extends [unknown, unknown] ? E : never;
}[ClientEvent];
/** The client→server events without an answer (typing, presence, unsubscribing). */
export type UnansweredEvent = Exclude<ClientEvent, AnsweredEvent>;
/** What a client sends with an event. */
export type EventPayload<E extends ClientEvent> = Parameters<ClientToServerEvents[E]>[0];
/** The answer an event's acknowledgement receives: a `Result` of its data. */
export type EventAnswer<E extends AnsweredEvent> = ClientToServerEvents[E] extends (
  payload: never,
  ack: (result: infer R) => void,
) => void
  ? R
  : never;
/** The data of an event's successful answer: what its handler returns. */
export type EventData<E extends AnsweredEvent> = DataOf<EventAnswer<E>>;
type DataOf<R> = R extends { ok: true; data: infer T } ? T : never;

export type InterServerEvents = Record<string, never>;
/** `sessionId`: the browser session, or the API token the socket signed in with; `readOnly`: a READ token's socket (writes are refused). */
export type SocketData = {
  userId: string;
  sessionId: string;
  presenceMode?: PresenceMode;
  displayName?: string;
  readOnly?: boolean;
};
