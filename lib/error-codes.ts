// The codes and result shape clients read too; no zod here (lib/errors.ts imports it, and a client
// import of it would take all of zod into the page's first load).

/** Error codes: SPEC.md's numbering (6001xxx) plus our own in the free 6002xxx range. */
export const ErrorCode = {
  GENERIC: 6001001,
  SERVER: 6001002,
  COMMUNITY_NOT_FOUND: 6001004,
  NOT_IN_COMMUNITY: 6001005,
  ALREADY_IN_COMMUNITY: 6001006,
  NO_PERMISSION: 6001007,
  TOO_MANY_ATTRIBUTES: 6001008,
  ATTRIBUTE_KEY_TOO_LONG: 6001009,
  ATTRIBUTE_VALUE_TOO_LONG: 6001010,
  COMMUNITY_COUNT_LIMIT: 6001012,
  OWNER_CANNOT_LEAVE: 6001031,
  MEMBER_COUNT_LIMIT: 6001032,
  CANNOT_KICK_SELF: 6001033,
  NO_KICK_PERMISSION: 6001034,
  TARGET_RANK_NOT_LOWER: 6001035,
  INVITED_USERS_NOT_FOUND: 6001036,
  OWNER_ONLY: 6001037,
  CANNOT_SET_OWNER: 6001038,
  CANNOT_CHANGE_OWN_ROLE: 6001039,
  CHANNEL_NOT_FOUND: 6001062,
  CHANNEL_COUNT_LIMIT: 6001064,
  CHANNEL_NOT_IN_COMMUNITY: 6001066,
  GENERAL_CHANNEL: 6001065,
  // our own
  INVALID_INPUT: 6002001,
  UNAUTHENTICATED: 6002002,
  USERNAME_TAKEN: 6002003,
  BAD_CREDENTIALS: 6002004,
  USER_NOT_FOUND: 6002005,
  MESSAGE_EMPTY: 6002010,
  MESSAGE_TOO_LONG: 6002011,
  MESSAGE_NOT_FOUND: 6002012,
  INVITE_NOT_FOUND: 6002020,
  INVITE_EXPIRED: 6002021,
  INVITE_USED_UP: 6002022,
  INVITATION_NOT_FOUND: 6002023,
  RATE_LIMITED: 6002029,
  MUTED: 6002030,
  BANNED: 6002031,
  JOIN_REQUEST_NOT_FOUND: 6002032,
  JOIN_MODE_MISMATCH: 6002033,
  SLOWMODE: 6002034,
  CHANNEL_MUTED: 6002035,
  PIN_LIMIT: 6002036,
  REACTION_LIMIT: 6002037,
  REPLY_TARGET_INVALID: 6002038,
  FILE_TOO_LARGE: 6002040,
  UNSUPPORTED_FILE: 6002041,
  EMPTY_FILE: 6002042,
  /** a stored file (an avatar or an image by key) that does not exist */
  FILE_NOT_FOUND: 6002043,
  /** the admin console and its actions, asked by someone who is not an app administrator (answered like "not found") */
  APP_ADMIN_ONLY: 6002050,
  COMMUNITY_DISABLED: 6002051,
  DOWNSTREAM_QUOTA_EXCEEDED: 6002052,
  /** a user or address has as many realtime connections open as allowed */
  TOO_MANY_CONNECTIONS: 6002053,
  /** banning oneself (SPEC has only 6001033 "cannot kick yourself") */
  CANNOT_BAN_SELF: 6002054,
  /** muting oneself */
  CANNOT_MUTE_SELF: 6002055,
  /** deleting an account that still owns communities (transfer or dismiss them first) */
  ACCOUNT_OWNS_COMMUNITIES: 6002060,
  /** signing in to an account an app administrator disabled */
  ACCOUNT_DISABLED: 6002061,
  /** a password reset link that is unknown, used or expired */
  RESET_LINK_INVALID: 6002062,
  /** a direct message to someone whose privacy setting accepts none */
  DIRECT_MESSAGES_CLOSED: 6002070,
  /** a direct message between two people when one blocked the other */
  DIRECT_MESSAGE_BLOCKED: 6002071,
  /** a group conversation already has as many participants as allowed */
  CONVERSATION_FULL: 6002072,
  /** a group action (add, remove, leave, rename) asked of a direct conversation or of a community */
  NOT_A_GROUP: 6002073,
  /** a write asked with an API token that may only read */
  TOKEN_READ_ONLY: 6002080,
  /** a user has as many live API tokens as allowed */
  API_TOKEN_LIMIT: 6002081,
  /** a community has as many bots as allowed */
  BOT_LIMIT: 6002082,
  /** a channel has as many incoming webhooks as allowed */
  WEBHOOK_LIMIT: 6002083,
  /** an incoming webhook URL that is unknown, deleted or has the wrong secret */
  WEBHOOK_NOT_FOUND: 6002084,
  /** incoming webhooks belong to a community's channels, not to threads or private conversations */
  WEBHOOK_CHANNEL: 6002085,
  /** a community has as many event subscriptions as allowed */
  SUBSCRIPTION_LIMIT: 6002086,
  /** a URL this server will not send to: not http(s), or a private, loopback or link-local address */
  OUTBOUND_URL_REFUSED: 6002087,
  /** an event subscription that does not exist (or was deleted) */
  SUBSCRIPTION_NOT_FOUND: 6002088,
} as const;
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

export type Failure = {
  ok: false;
  code: number;
  message: string;
  fieldErrors?: Record<string, string[]>;
  retryAfterMs?: number;
};
/** The one result shape of server actions, route handlers and socket acknowledgements. */
export type Result<T> = { ok: true; data: T } | Failure;
