/** Shapes sent to browsers (pages, route handlers, socket events). Dates travel as ISO strings. */
export type UserSummary = { id: string; username: string; displayName: string };

export type MessageType = "TEXT" | "IMAGE" | "VIDEO" | "VOICE" | "FILE" | "SYSTEM";

export type AttachmentDTO = {
  url: string;
  thumbnailUrl: string | null;
  fileName: string;
  mimeType: string;
  size: number;
  width: number | null;
  height: number | null;
  durationMs: number | null;
};

/** The quoted original of a reply; `unavailable` when it was deleted or removed since. */
export type ReplyPreviewDTO = {
  id: string;
  author: UserSummary;
  type: MessageType;
  content: string;
  unavailable: boolean;
};

/** One emoji on one message: `me` is the viewer's own reaction; `users` the first few who reacted. */
export type ReactionDTO = { emoji: string; count: number; me: boolean; users: { id: string; displayName: string }[] };

export type SystemEventDTO =
  | { kind: "memberJoined" }
  /** group conversations: the author added, removed or renamed; a participant left */
  | { kind: "participantAdded"; names: string[] }
  | { kind: "participantRemoved"; name: string }
  | { kind: "participantLeft" }
  | { kind: "conversationRenamed"; name: string }
  | { kind: "channelCreated"; channelName: string }
  | { kind: "messagePinned"; messageId: string };

/** A message's author: a user summary with their avatar (none yet on a message still being sent). */
/** `webhook`: posted by an incoming webhook (displayName is the name it posted under; no profile to open). */
export type MessageAuthor = UserSummary & { avatarUrl?: string | null; bot?: true; webhook?: true };

export type MessageDTO = {
  id: string;
  channelId: string;
  type: MessageType;
  content: string;
  createdAt: string;
  editedAt: string | null;
  nonce: string | null;
  author: MessageAuthor;
  /** removed by the owner or an admin: content and attachment are empty */
  removed: boolean;
  replyTo: ReplyPreviewDTO | null;
  /** usernames mentioned (lower case) */
  mentions: string[];
  /** the display name of each mentioned username (what a mention shows); absent while a send is pending */
  mentionNames?: Record<string, string>;
  mentionsEveryone: boolean;
  pinned: boolean;
  attachment: AttachmentDTO | null;
  reactions: ReactionDTO[];
  system: SystemEventDTO | null;
  /** the thread opened from this message, if any */
  thread: ThreadDTO | null;
};

export const AUTO_ARCHIVE_MINUTES = [60, 1440, 4320, 10080] as const;
export type AutoArchiveMinutes = (typeof AUTO_ARCHIVE_MINUTES)[number];

/** A thread as its summary, list entry and panel header show it. */
export type ThreadDTO = {
  id: string;
  communityId: string;
  /** the channel it was opened in */
  parentId: string;
  starterMessageId: string;
  name: string;
  ownerId: string;
  replyCount: number;
  lastReplyAt: string | null;
  activityAt: string;
  /** the latest few posters, newest first */
  participants: UserSummary[];
  autoArchiveMinutes: AutoArchiveMinutes;
  archived: boolean;
  locked: boolean;
  resolved: boolean;
  createdAt: string;
};

/** A thread as its panel opens: the viewer's follow, and the message it started from (unavailable once deleted or removed). */
export type ThreadView = { thread: ThreadDTO; following: boolean; starter: ReplyPreviewDTO | null };

/** One page of a channel's thread list, by last activity; `nextCursor` continues. */
export type ThreadPage = { threads: ThreadDTO[]; nextCursor: string | null };

/** A reaction added or taken back: clients adjust their counts. */
export type ReactionChange = {
  channelId: string;
  messageId: string;
  emoji: string;
  user: { id: string; displayName: string };
  added: boolean;
};

export type ChannelMuteMode = "NONE" | "NORMAL" | "ALL" | "CUSTOM";

export type ChannelDTO = {
  id: string;
  communityId: string;
  categoryId: string | null;
  name: string;
  topic: string;
  kind: "GENERAL" | "PUBLIC" | "PRIVATE" | "THREAD";
  position: number;
  muteMode: ChannelMuteMode;
  mutedRoles: Role[];
  muteUntil: string | null;
  slowmodeSeconds: number;
  /** served only to those who can read the channel */
  avatarUrl: string | null;
};

export type CategoryDTO = { id: string; communityId: string; name: string; position: number };

export type Role = "OWNER" | "ADMIN" | "MEMBER";

export type CommunityDTO = {
  id: string;
  name: string;
  notice: string;
  memberCount: number;
  role: Role;
  avatarUrl: string | null;
};

/** A user's names and avatar as everyone sees them (pushed when they change). */
export type PersonUpdate = UserSummary & { avatarUrl: string | null };

export type ConversationKind = "DIRECT" | "GROUP";

/** Someone in a direct or group conversation. */
export type ConversationParticipant = UserSummary & {
  avatarUrl: string | null;
  /** as others see it: none while they are invisible */
  customStatus: CustomStatus | null;
};

/**
 * A direct (two people) or group (up to 10) conversation: a hidden community with one channel.
 * Its id is the community's; `name` is empty until a group is named.
 */
export type ConversationDTO = {
  id: string;
  channelId: string;
  kind: ConversationKind;
  name: string;
  iconUrl: string | null;
  /** the group's creator (adds and removes people) */
  ownerId: string;
  /** everyone in it, the reader included, oldest first */
  participants: ConversationParticipant[];
  /** the newest message's id, or the conversation's own: the list sorts by it */
  activityId: string;
};

/** What every member may see of a community (no role: pushed to the whole community room). */
/** The app's plan as the admin console shows it (membersPerCommunity null: unlimited). */
export type PlanDTO = {
  membersPerCommunity: number | null;
  channelsPerCommunity: number;
  communitiesPerUser: number;
  communityNameLength: number;
  communityNoticeLength: number;
  monthlyDownstreamQuota: number;
  overQuotaMode: "REFUSE" | "ALLOW";
  /** SPEC "Joining": invitations by username add people at once instead of asking them */
  directAddInvites: boolean;
  updatedAt: string;
};

/** One month's bill: each add-on at the highest setting the month saw, and the overage past the quota. */
export type BillingMonthDTO = {
  month: string;
  /** every month that can be viewed, newest first */
  months: string[];
  settings: Pick<
    PlanDTO,
    "membersPerCommunity" | "channelsPerCommunity" | "communitiesPerUser" | "monthlyDownstreamQuota"
  >;
  deliveries: number;
  lines: { addOn: string; detail: string; units: number; domestic: number; overseas: number }[];
  total: { domestic: number; overseas: number };
};

export type UsageDashboardDTO = {
  days: {
    day: string;
    messages: number;
    deliveries: number;
    activeUsers: number;
    communities: number;
    channels: number;
  }[];
  month: string;
  monthDeliveries: number;
  quota: number;
  overQuotaMode: "REFUSE" | "ALLOW";
  topChannels: { channelId: string; name: string; deliveries: number }[];
};

/** A community as the admin console lists it. */
export type AdminCommunityDTO = {
  id: string;
  name: string;
  notice: string;
  owner: UserSummary;
  memberCount: number;
  channelCount: number;
  joinMode: JoinMode;
  createdAt: string;
  disabledAt: string | null;
  disabledBy: UserSummary | null;
};

export type AdminCommunityPage = { communities: AdminCommunityDTO[]; nextCursor: string | null };

export type PlanChangeDTO = {
  id: string;
  actor: UserSummary;
  changes: Record<string, { from: unknown; to: unknown }>;
  createdAt: string;
};

/** `disabled`: an app administrator made it read-only. */
export type CommunityInfo = Omit<CommunityDTO, "role"> & {
  joinMode: JoinMode;
  allowMemberInvites: boolean;
  disabled: boolean;
};

export type JoinMode = "OPEN" | "APPROVAL" | "INVITE_ONLY";

export type MemberDTO = UserSummary & {
  role: Role;
  mutedUntil: string | null;
  joinedAt: string;
  avatarUrl: string | null;
  /** as others see it: none while the member is invisible */
  customStatus: CustomStatus | null;
  /** a bot account (shown with a BOT badge) */
  bot?: true;
};

export type RemovalReason = "left" | "kicked" | "banned" | "dismissed";

export type JoinRequestDTO = {
  id: string;
  communityId: string;
  user: UserSummary;
  message: string;
  status: "PENDING" | "ACCEPTED" | "REJECTED";
  createdAt: string;
};

/** Per-user outcome of a batch call (kick, invite): the call succeeds for the others. */
/** `invited`: an invitation by user answered with a pending invitation (true) or the user added at once (false). */
export type BatchResult = {
  userId?: string;
  username?: string;
  ok: boolean;
  code?: number;
  message?: string;
  invited?: boolean;
};

/** A pending invitation by user, as only the invited person sees it. */
export type InvitationDTO = {
  id: string;
  community: { id: string; name: string; avatarUrl: string | null; memberCount: number };
  inviter: UserSummary;
  createdAt: string;
};

/** A window of history in chronological order, and whether more exists on each side. */
export type MessagePage = { messages: MessageDTO[]; hasOlder: boolean; hasNewer: boolean };

export type NotifyLevel = "ALL" | "MENTIONS" | "NONE";

/** One reader's position in one channel. `lastReadId`: the effective read position (ids sort by time). */
export type ChannelReadState = {
  channelId: string;
  communityId: string;
  /** a followed thread: the channel it belongs to (its counts add to that channel's) */
  parentId: string | null;
  /** a followed thread: its name, for the sidebar */
  threadName: string | null;
  lastReadId: string;
  /** first unread message by someone else, if any */
  firstUnreadId: string | null;
  /** capped at limits.unreadCountCap */
  unread: number;
  mentions: number;
  /** null: follows the community's setting */
  notify: NotifyLevel | null;
};

export type CommunityReadState = {
  communityId: string;
  notify: NotifyLevel;
  channels: ChannelReadState[];
  /** every message with a smaller id that was stored when the states were read is in their counts */
  countedTo?: string;
};

/** A new message in an activity batch: [id, authorId, 1 when it mentions everyone]. */
export type NewActivity = [messageId: string, authorId: string, mentionsEveryone: 0 | 1];

/**
 * New messages in channels the receiver can read, gathered for a moment and sent once per audience
 * (a community's members, or a private channel's readers): per channel, oldest first.
 */
export type ChannelActivities = {
  communityId: string;
  channels: { channelId: string; parentId: string | null; messages: NewActivity[] }[];
};

/** A message came, went or changed its mentions in a channel the receiver can read but is not viewing. */
export type ChannelActivity = {
  communityId: string;
  channelId: string;
  /** a thread's activity: the channel it belongs to */
  parentId: string | null;
  messageId: string;
  authorId: string;
  kind: "new" | "gone" | "edited";
  mentionIds: string[];
  mentionsEveryone: boolean;
  /** edited: the mentions before the edit */
  before?: { mentionIds: string[]; mentionsEveryone: boolean };
};

/** One search hit: the message as history shows it, and the name of the channel it is in. */
/** `threadParentId`: the hit is a thread reply; the thread opens beside that channel. */
export type SearchResultDTO = MessageDTO & { channelName: string; threadParentId: string | null };

/** A page of search hits, newest first; `nextCursor` fetches the next (older) page. */
export type SearchPage = { results: SearchResultDTO[]; nextCursor: string | null };

export type PresenceStatus = "online" | "idle" | "dnd" | "offline";
/** The status a user chose; AUTO follows their tabs. */
export type PresenceMode = "AUTO" | "IDLE" | "DND" | "INVISIBLE";
/** A custom status beside a name (no longer shown once `expiresAt` has passed). */
export type CustomStatus = { text: string; emoji: string; expiresAt: string | null };
export type MyStatus = { mode: PresenceMode; custom: CustomStatus | null };

/** Every place the quick switcher can jump to (GET /api/switcher). */
export type SwitchCommunity = { id: string; name: string; avatarUrl: string | null };
export type SwitchChannel = {
  id: string;
  name: string;
  kind: "GENERAL" | "PUBLIC" | "PRIVATE";
  communityId: string;
  communityName: string;
};
export type SwitchThread = {
  id: string;
  name: string;
  channelId: string;
  channelName: string;
  communityId: string;
  communityName: string;
  archived: boolean;
};
/** Someone who shares a community with the actor, and the first such community (the rail's order). */
export type SwitchPerson = {
  id: string;
  displayName: string;
  username: string;
  communityId: string;
  communityName: string;
};
export type SwitchTargets = { communities: SwitchCommunity[]; channels: SwitchChannel[]; threads: SwitchThread[] };

/** User settings. */
export type DmPolicy = "COMMUNITY_MEMBERS" | "NOBODY";
export type NotifyDefault = "ALL" | "MENTIONS" | "NONE";

export type MyAccount = {
  id: string;
  username: string;
  displayName: string;
  avatarUrl: string | null;
  pronouns: string;
  aboutMe: string;
  dmPolicy: DmPolicy;
  defaultNotify: NotifyDefault;
  createdAt: string;
};

export type SessionDTO = { id: string; browser: string; createdAt: string; lastSeenAt: string; current: boolean };

export type AdminUserDTO = {
  id: string;
  username: string;
  displayName: string;
  createdAt: string;
  lastSeenAt: string | null;
  communityCount: number;
  isAppAdmin: boolean;
  disabledAt: string | null;
  deleted: boolean;
};

/** A profile card: who someone is, their role in the community it was opened from, what is shared. */
export type ProfileDTO = {
  id: string;
  username: string;
  displayName: string;
  avatarUrl: string | null;
  pronouns: string;
  aboutMe: string;
  customStatus: CustomStatus | null;
  deleted: boolean;
  bot?: true;
  /** in the community the card was opened from; null when they are not (or no longer) a member */
  member: MemberDTO | null;
  sharedCommunities: { id: string; name: string; avatarUrl: string | null }[];
};

/** A bot account as a community's settings list it. */
export type BotDTO = {
  id: string;
  username: string;
  displayName: string;
  avatarUrl: string | null;
  role: Role;
  /** who made it (manages its name, avatar and communities); null once that account is gone */
  owner: UserSummary | null;
  createdAt: string;
  /** its live token: the last characters and when it was last used; null when revoked */
  token: { hint: string; lastUsedAt: string | null } | null;
};

/** An incoming webhook of a channel, as its settings list it (the URL's secret is shown once, at creation). */
export type WebhookDTO = {
  id: string;
  channelId: string;
  name: string;
  /** the secret's last characters */
  hint: string;
  createdBy: UserSummary | null;
  createdAt: string;
  lastUsedAt: string | null;
};

/** An outgoing event subscription of a community (the signing secret is shown once, at creation). */
export type SubscriptionDTO = {
  id: string;
  communityId: string;
  url: string;
  events: string[];
  createdBy: UserSummary | null;
  createdAt: string;
};

/** One event's delivery to a subscription: the delivery log's row. */
export type DeliveryDTO = {
  id: string;
  event: string;
  status: "PENDING" | "DELIVERED" | "FAILED";
  attempts: number;
  /** the last attempt's HTTP status; null when none answered */
  lastStatus: number | null;
  lastError: string;
  createdAt: string;
  deliveredAt: string | null;
  /** when it is tried again (pending only) */
  nextAttemptAt: string | null;
};

/** A personal access token as its owner's settings list it (the secret is shown once, at creation). */
export type ApiTokenDTO = {
  id: string;
  name: string;
  scope: "READ" | "WRITE";
  /** the token's last characters */
  hint: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
};
