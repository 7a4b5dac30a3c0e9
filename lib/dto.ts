/** Shapes sent to browsers (pages, route handlers, socket events). Dates travel as ISO strings. */
export type UserSummary = { id: string; username: string; displayName: string };

export type MessageDTO = {
  id: string;
  channelId: string;
  content: string;
  createdAt: string;
  editedAt: string | null;
  nonce: string | null;
  author: UserSummary;
  /** removed by the owner or an admin: content is empty */
  removed: boolean;
};

export type ChannelMuteMode = "NONE" | "NORMAL" | "ALL" | "CUSTOM";

export type ChannelDTO = {
  id: string;
  communityId: string;
  categoryId: string | null;
  name: string;
  topic: string;
  kind: "GENERAL" | "PUBLIC" | "PRIVATE";
  position: number;
  muteMode: ChannelMuteMode;
  mutedRoles: Role[];
  muteUntil: string | null;
  slowmodeSeconds: number;
};

export type CategoryDTO = { id: string; communityId: string; name: string; position: number };

export type Role = "OWNER" | "ADMIN" | "MEMBER";

export type CommunityDTO = { id: string; name: string; notice: string; memberCount: number; role: Role; avatarUrl: string | null };

/** What every member may see of a community (no role: pushed to the whole community room). */
export type CommunityInfo = Omit<CommunityDTO, "role"> & { joinMode: JoinMode; allowMemberInvites: boolean };

export type JoinMode = "OPEN" | "APPROVAL" | "INVITE_ONLY";

export type MemberDTO = UserSummary & { role: Role; mutedUntil: string | null; joinedAt: string };

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
export type BatchResult = { userId?: string; username?: string; ok: boolean; code?: number; message?: string };

export type MessagePage = { messages: MessageDTO[]; hasMore: boolean };
