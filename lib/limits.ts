/**
 * Fixed limits. The plan's limits (members, channels and communities per user, name and notice
 * lengths, the downstream quota) are the app's settings: lib/domain/plan.ts.
 */
export const limits = {
  attributesPerCommunity: 10,
  attributesPerChannel: 10,
  attributeKeyLength: 16,
  attributeValueLength: 1_024,
  channelNameLength: 100,
  channelTopicLength: 500,
  threadNameLength: 100,
  /** participants shown on a thread summary */
  threadParticipantsShown: 3,
  messageLength: 4_000,
  pageSize: 50,
  maxPageSize: 100,
  /** messages one user may send per window, across every app process (SEND_RATE_LIMIT="20/10" overrides) */
  sendRate: parseRate(process.env.SEND_RATE_LIMIT) ?? { messages: 20, perSeconds: 10 },
  /** SPEC: the minimum gap between two sends by one user, in ms, across every app process (SEND_MIN_GAP_MS overrides; 0 turns it off) */
  sendGapMs: parseGap(process.env.SEND_MIN_GAP_MS) ?? 100,
  avatarBytes: 8 * 1024 * 1024,
  avatarPixels: 256,
  /** UPLOAD_MAX_BYTES overrides */
  attachmentBytes: Number(process.env.UPLOAD_MAX_BYTES) || 25 * 1024 * 1024,
  attachmentFileNameLength: 200,
  imagePixels: 4_096,
  thumbnailPixels: 400,
  pinsPerChannel: 50,
  reactionsPerMessage: 20,
  mentionsPerMessage: 50,
  /** unread and mention counts stop at this (the UI shows "999+"), so counting stays bounded */
  unreadCountCap: 1_000,
  blocksPerUser: 1_000,
  /** people in one group conversation, its creator included */
  conversationParticipants: 10,
  conversationNameLength: 100,
  /** conversations the direct-messages list holds, most recently active first */
  conversationsListed: 200,
  /** live (unrevoked, unexpired) API tokens per user */
  apiTokensPerUser: 25,
  botsPerCommunity: 20,
  webhooksPerChannel: 10,
  subscriptionsPerCommunity: 10,
};

function parseRate(value: string | undefined): { messages: number; perSeconds: number } | null {
  const match = value?.match(/^(\d+)\/(\d+)$/);
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) return null;
  return { messages: Number(match[1]), perSeconds: Number(match[2]) };
}

function parseGap(value: string | undefined): number | null {
  return value && /^\d+$/.test(value) ? Number(value) : null;
}
