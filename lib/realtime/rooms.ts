export const rooms = {
  user: (userId: string) => `user:${userId}`,
  /** The sockets opened with one sign-in: closed together when it ends. */
  session: (sessionId: string) => `session:${sessionId}`,
  community: (communityId: string) => `community:${communityId}`,
  /** Owner and admins of a community: join requests and other moderation traffic. */
  managers: (communityId: string) => `community:${communityId}:managers`,
  /** Sockets viewing the channel: full message events. */
  channel: (channelId: string) => `channel:${channelId}`,
  /** Every socket whose user can read a private channel: its activity for unread counts. */
  readers: (channelId: string) => `channel:${channelId}:readers`,
};

/** The community whose room this is (not its managers' room), else null. */
export const communityOfRoom = (room: string) =>
  room.startsWith("community:") && !room.endsWith(":managers") ? room.slice("community:".length) : null;

/** Every room a channel's messages reach a user through: left together when access ends. */
export const channelRooms = (channelId: string) => [rooms.channel(channelId), rooms.readers(channelId)];
