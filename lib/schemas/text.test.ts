import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as account from "./account";
import * as apiToken from "./api-token";
import * as bot from "./bot";
import * as auth from "./auth";
import * as community from "./community";
import * as conversation from "./conversation";
import * as invitations from "./invitations";
import * as message from "./message";
import * as plan from "./plan";
import * as readState from "./read-state";
import * as search from "./search";
import { isStorableText, text, unstorableTextMessage } from "./text";
import * as thread from "./thread";
import * as subscription from "./subscription";
import * as webhook from "./webhook";

const modules = {
  account,
  "api-token": apiToken,
  bot,
  auth,
  community,
  conversation,
  invitations,
  message,
  plan,
  "read-state": readState,
  search,
  thread,
  subscription,
  webhook,
};

const id = "01HZX3M6Q7R8S9T0V1W2X3Y4Z5";
/** A valid input for every exported schema: each of its strings is made unstorable in turn. */
const validInputs: Record<string, unknown> = {
  usernameSchema: "ada_lovelace",
  passwordSchema: "correct-horse-9",
  registerSchema: { username: "ada_lovelace", displayName: "Ada", password: "correct-horse-9" },
  signInSchema: { username: "ada_lovelace", password: "correct-horse-9" },
  displayNameSchema: "Ada",
  profileSchema: { displayName: "Ada", pronouns: "she/her", aboutMe: "Writes **notes**." },
  changeUsernameSchema: { username: "ada_l" },
  changePasswordSchema: { currentPassword: "correct-horse-9", newPassword: "battery-staple-7" },
  privacySchema: { dmPolicy: "NOBODY" },
  defaultNotifySchema: { level: "MENTIONS" },
  deleteAccountSchema: { password: "correct-horse-9" },
  resetPasswordSchema: { token: "c2VjcmV0", password: "battery-staple-7" },
  adminUserListSchema: { query: "ada", cursor: id },
  userRefSchema: { userId: id },
  profileQuerySchema: { userId: id, username: "ada_lovelace", communityId: id },
  sessionRefSchema: { sessionId: id },
  userDisabledSchema: { userId: id, disabled: true },
  statusSchema: {
    mode: "DND",
    custom: { text: "In a meeting", emoji: "📅", clearAfter: "today", todayEndsAt: "2024-05-01T22:00:00.000Z" },
  },
  idSchema: id,
  idListSchema: [id, "user_2"],
  communityRefSchema: { communityId: id },
  channelRefSchema: { channelId: id },
  channelSubscribeSchema: { channelId: id, after: id },
  presenceQuerySchema: { communityId: id, userIds: [id] },
  presenceIdleSchema: { idle: true },
  blockUserSchema: { userId: id, blocked: true },
  createCommunitySchema: { name: "Rustaceans", notice: "Be kind." },
  channelNameSchema: "Off Topic",
  muteDurationSchema: 3600,
  createChannelSchema: {
    communityId: id,
    name: "random",
    topic: "Anything",
    kind: "PRIVATE",
    categoryId: id,
    memberIds: [id],
  },
  updateChannelSchema: {
    channelId: id,
    name: "random",
    topic: "Anything",
    categoryId: id,
    muteMode: "CUSTOM",
    mutedRoles: ["MEMBER"],
    muteDurationSeconds: 60,
    slowmodeSeconds: 5,
  },
  channelMembersSchema: { channelId: id, userIds: [id] },
  categorySchema: { communityId: id, name: "Talk" },
  renameCategorySchema: { communityId: id, categoryId: id, name: "Talk" },
  categoryRefSchema: { communityId: id, categoryId: id },
  channelLayoutSchema: { communityId: id, groups: [{ categoryId: id, channelIds: [id] }] },
  createInviteSchema: { communityId: id, expiresIn: "1d", maxUses: 5 },
  inviteCodeSchema: "Ab3dE5gH",
  updateCommunitySchema: {
    communityId: id,
    name: "Rustaceans",
    notice: "Be kind.",
    joinMode: "OPEN",
    allowMemberInvites: true,
  },
  attributeChangesSchema: { set: { topic: "rust" }, remove: ["old"] },
  attributesSchema: { communityId: id, set: { topic: "rust" }, remove: ["old"] },
  channelAttributesSchema: { channelId: id, set: { topic: "rust" }, remove: ["old"] },
  dismissCommunitySchema: { communityId: id, confirmName: "Rustaceans" },
  reasonSchema: "spam",
  muteSchema: { communityId: id, userId: id, durationSeconds: 60, channelId: id, reason: "spam" },
  targetSchema: { communityId: id, userId: id, reason: "spam" },
  kickSchema: { communityId: id, userIds: [id], reason: "spam" },
  setRoleSchema: { communityId: id, userId: id, role: "ADMIN" },
  inviteUsersSchema: { communityId: id, usernames: ["ada_lovelace"] },
  joinRequestSchema: { communityId: id, message: "Let me in" },
  pageSchema: { cursor: id, limit: 10 },
  memberListSchema: { communityId: id, query: "ada", channelId: id, cursor: id, limit: 10 },
  memberRefSchema: { communityId: id, userId: id },
  peopleQuerySchema: { query: "ada" },
  discoverSchema: { query: "rust", cursor: id, limit: 10 },
  adminCommunityListSchema: { query: "rust", cursor: id, limit: 10 },
  sendMessageSchema: { channelId: id, content: "hello 👋", nonce: "n-1", replyToId: id },
  editMessageSchema: { messageId: id, content: "hello again" },
  messageRefSchema: { messageId: id },
  pinMessageSchema: { messageId: id, pin: true },
  historyQuerySchema: { channelId: id, before: id, after: id, around: id, limit: 10 },
  reactionSchema: { messageId: id, emoji: "👍", add: true },
  attachmentFieldsSchema: {
    channelId: id,
    nonce: "n-1",
    caption: "a photo",
    replyToId: id,
    kind: "voice",
    durationMs: 1200,
  },
  updatePlanSchema: { channelsPerCommunity: 200, overQuotaMode: "ALLOW", directAddInvites: true },
  invitationRefSchema: { invitationId: id },
  invitationListSchema: { cursor: id, limit: 10 },
  positionSchema: id,
  markReadSchema: { channelId: id, messageId: id },
  notifyLevelSchema: "MENTIONS",
  setNotifySchema: { scope: "channel", channelId: id, notify: "DEFAULT" },
  readStatesQuerySchema: {},
  searchQuerySchema: {
    communityId: id,
    query: "hello",
    fromUserId: id,
    channelId: id,
    has: "image",
    before: "2024-05-01",
    after: "2024-04-01T10:00Z",
    cursor: "MDFIWlgz",
    limit: 10,
  },
  threadNameSchema: "Release plans",
  autoArchiveSchema: 1440,
  createThreadSchema: { messageId: id, name: "Release plans", autoArchiveMinutes: 60 },
  updateThreadSchema: { threadId: id, name: "Release plans", archived: false },
  listThreadsSchema: { channelId: id, status: "open", cursor: `2024-05-01T10:00:00.000Z_${id}` },
  followThreadSchema: { threadId: id, follow: true },
  threadRefSchema: { threadId: id },
  directConversationSchema: { userId: id },
  newConversationSchema: { userIds: [id, id], name: "Weekend trip" },
  conversationRefSchema: { conversationId: id },
  conversationPeopleSchema: { conversationId: id, userIds: [id] },
  conversationPersonSchema: { conversationId: id, userId: id },
  renameConversationSchema: { conversationId: id, name: "Weekend trip" },
  createApiTokenSchema: { name: "Deploy notifier", scope: "WRITE", expiresInDays: 30 },
  apiTokenRefSchema: { tokenId: id },
  createBotSchema: { communityId: id, name: "Deploy Bot", role: "MEMBER" },
  botRefSchema: { botId: id },
  addBotSchema: { communityId: id, botId: id, role: "ADMIN" },
  createWebhookSchema: { channelId: id, name: "Deploy notices" },
  webhookRefSchema: { webhookId: id },
  createSubscriptionSchema: { communityId: id, url: "https://example.com/hooks", events: ["message.created"] },
  subscriptionRefSchema: { subscriptionId: id },
  executeWebhookSchema: { content: "Build passed", username: "CI", avatarUrl: "https://example.com/ci.png" },
};

const exportedSchemas = Object.values(modules).flatMap((exports) =>
  Object.entries(exports).filter((entry): entry is [string, z.ZodType] => entry[1] instanceof z.ZodType),
);

/** Every string in an input, each as a copy of the input with that string changed. */
function withEachString(input: unknown, change: (value: string) => string): Array<{ path: string; input: unknown }> {
  if (typeof input === "string") return [{ path: "", input: change(input) }];
  if (Array.isArray(input)) {
    return input.flatMap((item, index) =>
      withEachString(item, change).map((variant) => ({
        path: `${index}.${variant.path}`,
        input: input.map((other, i) => (i === index ? variant.input : other)),
      })),
    );
  }
  if (input && typeof input === "object") {
    return Object.entries(input).flatMap(([key, value]) =>
      withEachString(value, change).map((variant) => ({
        path: `${key}.${variant.path}`,
        input: { ...input, [key]: variant.input },
      })),
    );
  }
  return [];
}

const unstorable = { NUL: "\u0000", "a lone high surrogate": "\uD800", "a lone low surrogate": "\uDC00" };

describe("text()", () => {
  it("takes any well-formed text and refuses NUL and lone surrogates with a readable message", () => {
    for (const fine of ["", "hello", "👨‍👩‍👧 🇯🇵", "日本語", "\u0001\u001f", "\uD83D\uDC4D", "a\u0301", "\u202Eevil"]) {
      expect(text().safeParse(fine), JSON.stringify(fine)).toMatchObject({ success: true, data: fine });
      expect(isStorableText(fine)).toBe(true);
    }
    for (const bad of ["\u0000", "a\u0000b", "\uD800", "x\uDC00", "\uDC00\uD800"]) {
      const result = text().safeParse(bad);
      expect(result.success, JSON.stringify(bad)).toBe(false);
      expect(result.error?.issues[0]?.message).toBe(unstorableTextMessage);
    }
    expect(text("Give a name.").safeParse(42).error?.issues[0]?.message).toBe("Give a name.");
  });
});

describe("every exported schema", () => {
  it("has a valid input here (a new schema needs one), and every schema module is imported", () => {
    const files = readdirSync(import.meta.dirname).filter(
      (file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && file !== "text.ts",
    );
    expect(files.map((file) => file.replace(/\.ts$/, "")).sort()).toEqual(Object.keys(modules).sort());
    expect(exportedSchemas.map(([name]) => name).sort()).toEqual(Object.keys(validInputs).sort());
  });

  for (const [name, schema] of exportedSchemas) {
    it(`${name}: takes its valid input, refuses NUL and lone surrogates in each of its strings`, () => {
      const valid = schema.safeParse(validInputs[name]);
      expect(valid.error?.issues ?? [], "the valid input").toEqual([]);
      for (const [what, bad] of Object.entries(unstorable)) {
        for (const variant of withEachString(validInputs[name], (value) => value + bad)) {
          const result = schema.safeParse(variant.input);
          const label = `${name} with ${what} in ${variant.path || "the value"}`;
          expect(result.success, label).toBe(false);
          // free text is refused as unstorable; a choice (enum, literal, union tag) as not one of its values
          const issues = result.error!.issues;
          expect(
            issues.some((issue) => issue.message === unstorableTextMessage) ||
              issues.every((issue) => issue.code === "invalid_value" || issue.code === "invalid_union"),
            label,
          ).toBe(true);
        }
      }
    });
  }

  it("attribute keys are text too", () => {
    for (const bad of Object.values(unstorable)) {
      const result = community.attributesSchema.safeParse({ communityId: id, set: { [`key${bad}`]: "value" } });
      expect(result.error?.issues[0]?.message).toBe(unstorableTextMessage);
    }
  });
});
