/**
 * App-level limits (SPEC.md defaults). One place to read them, so the admin console can later make
 * them editable.
 */
export const limits = {
  membersPerCommunity: 100_000,
  channelsPerCommunity: 100,
  communitiesPerUser: 100,
  communityNameLength: 300,
  communityNoticeLength: 500,
  attributesPerCommunity: 10,
  attributeKeyLength: 16,
  attributeValueLength: 1_024,
  channelNameLength: 100,
  channelTopicLength: 500,
  messageLength: 4_000,
  pageSize: 50,
  maxPageSize: 100,
  minSendGapMs: 100,
  avatarBytes: 8 * 1024 * 1024,
  avatarPixels: 256,
};
