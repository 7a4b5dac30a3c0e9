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
};

export type ChannelDTO = {
  id: string;
  communityId: string;
  name: string;
  topic: string;
  kind: "GENERAL" | "PUBLIC" | "PRIVATE";
  position: number;
};

export type Role = "OWNER" | "ADMIN" | "MEMBER";

export type CommunityDTO = { id: string; name: string; notice: string; memberCount: number; role: Role };

export type MessagePage = { messages: MessageDTO[]; hasMore: boolean };
