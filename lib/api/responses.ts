import { z } from "zod";
import type {
  ApiTokenDTO,
  BatchResult,
  ChannelDTO,
  CommunityDTO,
  CommunityInfo,
  CommunityReadState,
  DeliveryDTO,
  MemberDTO,
  MessageDTO,
  MessagePage,
  MyAccount,
  SearchPage,
  SubscriptionDTO,
  ThreadDTO,
  ThreadPage,
  ThreadView,
  UserSummary,
} from "../dto";

/**
 * The shapes /api/v1 answers with, as zod schemas: the OpenAPI document is generated from them and
 * the contract tests parse every answer with them (strict objects: a field the document lacks fails).
 * `ResponseShapeChecks` below proves at compile time that each is exactly its DTO in lib/dto.ts.
 */
const iso = z.string().describe("ISO 8601 date and time");
const role = z.enum(["OWNER", "ADMIN", "MEMBER"]);
const messageType = z.enum(["TEXT", "IMAGE", "VIDEO", "VOICE", "FILE", "SYSTEM"]);

export const userSummary = z
  .strictObject({ id: z.string(), username: z.string(), displayName: z.string() })
  .meta({ id: "UserSummary" });

const customStatus = z.strictObject({ text: z.string(), emoji: z.string(), expiresAt: iso.nullable() });

export const attachment = z
  .strictObject({
    url: z.string(),
    thumbnailUrl: z.string().nullable(),
    fileName: z.string(),
    mimeType: z.string(),
    size: z.number().int(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    durationMs: z.number().int().nullable(),
  })
  .meta({ id: "Attachment" });

const replyPreview = z.strictObject({
  id: z.string(),
  author: userSummary,
  type: messageType,
  content: z.string(),
  unavailable: z.boolean(),
});

const reaction = z.strictObject({
  emoji: z.string(),
  count: z.number().int(),
  me: z.boolean(),
  users: z.array(z.strictObject({ id: z.string(), displayName: z.string() })),
});

const systemEvent = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("memberJoined") }),
  z.strictObject({ kind: z.literal("participantAdded"), names: z.array(z.string()) }),
  z.strictObject({ kind: z.literal("participantRemoved"), name: z.string() }),
  z.strictObject({ kind: z.literal("participantLeft") }),
  z.strictObject({ kind: z.literal("conversationRenamed"), name: z.string() }),
  z.strictObject({ kind: z.literal("channelCreated"), channelName: z.string() }),
  z.strictObject({ kind: z.literal("messagePinned"), messageId: z.string() }),
]);

export const thread = z
  .strictObject({
    id: z.string(),
    communityId: z.string(),
    parentId: z.string().describe("the channel it was opened in"),
    starterMessageId: z.string(),
    name: z.string(),
    ownerId: z.string(),
    replyCount: z.number().int(),
    lastReplyAt: iso.nullable(),
    activityAt: iso,
    participants: z.array(userSummary),
    autoArchiveMinutes: z.union([z.literal(60), z.literal(1440), z.literal(4320), z.literal(10080)]),
    archived: z.boolean(),
    locked: z.boolean(),
    resolved: z.boolean(),
    createdAt: iso,
  })
  .meta({ id: "Thread" });

export const message = z
  .strictObject({
    id: z.string(),
    channelId: z.string(),
    type: messageType,
    content: z.string().describe("markdown; empty once removed"),
    createdAt: iso,
    editedAt: iso.nullable(),
    nonce: z.string().nullable(),
    author: z.strictObject({
      ...userSummary.shape,
      avatarUrl: z.string().nullable().optional(),
      bot: z.literal(true).optional().describe("a bot account"),
      webhook: z
        .literal(true)
        .optional()
        .describe("posted by an incoming webhook: displayName is the name it posted under, there is no profile"),
    }),
    removed: z.boolean(),
    replyTo: replyPreview.nullable(),
    mentions: z.array(z.string()).describe("usernames mentioned, lower case"),
    mentionNames: z.record(z.string(), z.string()).optional(),
    mentionsEveryone: z.boolean(),
    pinned: z.boolean(),
    attachment: attachment.nullable(),
    reactions: z.array(reaction),
    system: systemEvent.nullable(),
    thread: thread.nullable(),
  })
  .meta({ id: "Message" });

export const messagePage = z
  .strictObject({
    messages: z.array(message).describe("oldest first"),
    hasOlder: z.boolean(),
    hasNewer: z.boolean(),
  })
  .meta({ id: "MessagePage" });

export const channel = z
  .strictObject({
    id: z.string(),
    communityId: z.string(),
    categoryId: z.string().nullable(),
    name: z.string(),
    topic: z.string(),
    kind: z.enum(["GENERAL", "PUBLIC", "PRIVATE", "THREAD"]),
    position: z.number().int(),
    muteMode: z.enum(["NONE", "NORMAL", "ALL", "CUSTOM"]),
    mutedRoles: z.array(role),
    muteUntil: iso.nullable(),
    slowmodeSeconds: z.number().int(),
    avatarUrl: z.string().nullable(),
  })
  .meta({ id: "Channel" });

export const community = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    notice: z.string(),
    memberCount: z.number().int(),
    role,
    avatarUrl: z.string().nullable(),
  })
  .meta({ id: "Community" });

export const communityInfo = z
  .strictObject({
    ...community.omit({ role: true }).shape,
    joinMode: z.enum(["OPEN", "APPROVAL", "INVITE_ONLY"]),
    allowMemberInvites: z.boolean(),
    disabled: z.boolean(),
  })
  .meta({ id: "CommunityInfo" });

export const member = z
  .strictObject({
    ...userSummary.shape,
    role,
    mutedUntil: iso.nullable(),
    joinedAt: iso,
    avatarUrl: z.string().nullable(),
    customStatus: customStatus.nullable(),
    bot: z.literal(true).optional().describe("a bot account"),
  })
  .meta({ id: "Member" });

export const batchResult = z
  .strictObject({
    userId: z.string().optional(),
    username: z.string().optional(),
    ok: z.boolean(),
    code: z.number().int().optional(),
    message: z.string().optional(),
    invited: z.boolean().optional(),
  })
  .meta({ id: "BatchResult" });

export const threadPage = z
  .strictObject({ threads: z.array(thread), nextCursor: z.string().nullable() })
  .meta({ id: "ThreadPage" });

export const threadView = z
  .strictObject({ thread, following: z.boolean(), starter: replyPreview.nullable() })
  .meta({ id: "ThreadView" });

export const searchPage = z
  .strictObject({
    results: z.array(
      z.strictObject({ ...message.shape, channelName: z.string(), threadParentId: z.string().nullable() }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "SearchPage" });

const notifyLevel = z.enum(["ALL", "MENTIONS", "NONE"]);
export const channelReadState = z
  .strictObject({
    channelId: z.string(),
    communityId: z.string(),
    parentId: z.string().nullable(),
    threadName: z.string().nullable(),
    lastReadId: z.string(),
    firstUnreadId: z.string().nullable(),
    unread: z.number().int(),
    mentions: z.number().int(),
    notify: notifyLevel.nullable(),
  })
  .meta({ id: "ChannelReadState" });

export const communityReadState = z
  .strictObject({
    communityId: z.string(),
    notify: notifyLevel,
    channels: z.array(channelReadState),
    countedTo: z.string().optional(),
  })
  .meta({ id: "CommunityReadState" });

export const myAccount = z
  .strictObject({
    ...userSummary.shape,
    avatarUrl: z.string().nullable(),
    pronouns: z.string(),
    aboutMe: z.string(),
    dmPolicy: z.enum(["COMMUNITY_MEMBERS", "NOBODY"]),
    defaultNotify: notifyLevel,
    createdAt: iso,
  })
  .meta({ id: "Account" });

export const apiToken = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    scope: z.enum(["READ", "WRITE"]),
    hint: z.string(),
    createdAt: iso,
    expiresAt: iso.nullable(),
    lastUsedAt: iso.nullable(),
  })
  .meta({ id: "ApiToken" });

export const subscription = z
  .strictObject({
    id: z.string(),
    communityId: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    createdBy: userSummary.nullable(),
    createdAt: iso,
  })
  .meta({ id: "EventSubscription" });

export const delivery = z
  .strictObject({
    id: z.string(),
    event: z.string(),
    status: z.enum(["PENDING", "DELIVERED", "FAILED"]),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable().describe("the last attempt's HTTP status; null when none answered"),
    lastError: z.string(),
    createdAt: iso,
    deliveredAt: iso.nullable(),
    nextAttemptAt: iso.nullable().describe("when it is tried again (pending only)"),
  })
  .meta({ id: "EventDelivery" });

/** Attributes after a change, and the keys refused (each with its code). */
export const attributeChanges = z
  .strictObject({
    attributes: z.record(z.string(), z.string()),
    failures: z.array(z.strictObject({ key: z.string(), code: z.number().int(), message: z.string() })),
  })
  .meta({ id: "AttributeChanges" });

export const muteResult = z
  .strictObject({
    userId: z.string(),
    channelId: z.string().nullable(),
    mutedUntil: iso.nullable().describe("null: lifted"),
  })
  .meta({ id: "MuteResult" });

/** The failure half of the result shape (every error answer). */
export const failure = z
  .strictObject({
    ok: z.literal(false),
    code: z.number().int().describe("SPEC.md's error code (6001xxx, 6002xxx)"),
    message: z.string().describe("a sentence a person can read"),
    fieldErrors: z.record(z.string(), z.array(z.string())).optional(),
    retryAfterMs: z.number().optional(),
  })
  .meta({ id: "Failure" });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Exactly<Schema extends z.ZodType, Shape> = Same<z.output<Schema>, Shape>;
/** Fails to compile when a schema above and its DTO drift apart. */
export type ResponseShapeChecks = [
  Exactly<typeof userSummary, UserSummary>,
  Exactly<typeof message, MessageDTO>,
  Exactly<typeof messagePage, MessagePage>,
  Exactly<typeof thread, ThreadDTO>,
  Exactly<typeof threadPage, ThreadPage>,
  Exactly<typeof threadView, ThreadView>,
  Exactly<typeof searchPage, SearchPage>,
  Exactly<typeof channel, ChannelDTO>,
  Exactly<typeof community, CommunityDTO>,
  Exactly<typeof communityInfo, CommunityInfo>,
  Exactly<typeof member, MemberDTO>,
  Exactly<typeof batchResult, BatchResult>,
  Exactly<typeof communityReadState, CommunityReadState>,
  Exactly<typeof myAccount, MyAccount>,
  Exactly<typeof apiToken, ApiTokenDTO>,
  Exactly<typeof subscription, SubscriptionDTO>,
  Exactly<typeof delivery, DeliveryDTO>,
] extends true[]
  ? true
  : never;
const shapesMatch: ResponseShapeChecks = true;
void shapesMatch;
