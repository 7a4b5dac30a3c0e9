export const rooms = {
  user: (userId: string) => `user:${userId}`,
  community: (communityId: string) => `community:${communityId}`,
  /** Owner and admins of a community: join requests and other moderation traffic. */
  managers: (communityId: string) => `community:${communityId}:managers`,
  channel: (channelId: string) => `channel:${channelId}`,
};
