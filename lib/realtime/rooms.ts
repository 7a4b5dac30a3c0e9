export const rooms = {
  user: (userId: string) => `user:${userId}`,
  community: (communityId: string) => `community:${communityId}`,
  channel: (channelId: string) => `channel:${channelId}`,
};
