import { readdirSync, readFileSync } from "node:fs";
import { createApiToken, listApiTokens, revokeApiToken } from "./api-tokens";
import { addBotToCommunity, createBot, deleteBot, regenerateBotToken, revokeBotToken } from "./bots";
import { createWebhook, deleteWebhook, executeWebhook, listChannelWebhooks } from "./webhooks";
import {
  createSubscription,
  deleteSubscription,
  listDeliveries,
  listSubscriptions,
  sendTestEvent,
} from "./subscriptions";
import { apiTokenRefSchema, createApiTokenSchema } from "../schemas/api-token";
import { addBotSchema, botRefSchema, createBotSchema } from "../schemas/bot";
import { createWebhookSchema, executeWebhookSchema, webhookRefSchema } from "../schemas/webhook";
import { createSubscriptionSchema, subscriptionRefSchema } from "../schemas/subscription";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { z } from "zod";
import { db } from "../db";
import { ErrorCode, toResult } from "../errors";
import {
  adminUserListSchema,
  changePasswordSchema,
  changeUsernameSchema,
  defaultNotifySchema,
  deleteAccountSchema,
  privacySchema,
  profileQuerySchema,
  profileSchema,
  resetPasswordSchema,
  sessionRefSchema,
  userDisabledSchema,
  userRefSchema,
} from "../schemas/account";
import {
  conversationPeopleSchema,
  conversationPersonSchema,
  conversationRefSchema,
  directConversationSchema,
  newConversationSchema,
  renameConversationSchema,
} from "../schemas/conversation";
import {
  addToConversation,
  leaveConversation,
  listMyConversations,
  openDirectConversation,
  removeFromConversation,
  renameConversation,
  startConversation,
} from "./conversations";
import { registerSchema, signInSchema } from "../schemas/auth";
import {
  adminCommunityListSchema,
  attributesSchema,
  categoryRefSchema,
  categorySchema,
  channelAttributesSchema,
  channelLayoutSchema,
  channelMembersSchema,
  createChannelSchema,
  createCommunitySchema,
  createInviteSchema,
  dismissCommunitySchema,
  idSchema,
  inviteUsersSchema,
  joinRequestSchema,
  kickSchema,
  memberListSchema,
  peopleQuerySchema,
  muteSchema,
  renameCategorySchema,
  setRoleSchema,
  targetSchema,
  updateChannelSchema,
  updateCommunitySchema,
} from "../schemas/community";
import { invitationListSchema, invitationRefSchema } from "../schemas/invitations";
import { attachmentFieldsSchema, historyQuerySchema } from "../schemas/message";
import { updatePlanSchema } from "../schemas/plan";
import { searchQuerySchema } from "../schemas/search";
import { nonce, unique } from "../testing/factories";
import {
  assertProperty,
  describeValue,
  expectPrototypesClean,
  fuzzParameters,
  hostileArbitraries,
} from "../testing/hostile";
import { makeWorld, type World } from "../testing/world";
import { useOwnDatabase } from "../testing/own-database";
import type { Actor } from "./actor";
import {
  changePassword,
  changeUsername,
  deleteAccount,
  setDefaultNotify,
  updatePrivacy,
  updateProfile,
} from "./account";
import { listAllCommunities, setCommunityDisabled } from "./admin-communities";
import { createPasswordReset, listUsersForAdmin, resetPasswordWithLink, setUserDisabled } from "./admin-users";
import { unblockUser } from "./blocks";
import { endMyOtherSessions, endMySession } from "./sessions";
import { openAttachment, sendAttachment } from "./attachments";
import {
  readAvatar,
  readChannelAvatar,
  removeUserAvatar,
  setChannelAvatar,
  setCommunityAvatar,
  setBotAvatar,
  setConversationIcon,
  setUserAvatar,
} from "./avatars";
import {
  addChannelMembers,
  arrangeChannels,
  createCategory,
  createChannel,
  deleteCategory,
  deleteChannel,
  getChannelAttributes,
  listChannelMembers,
  removeChannelMembers,
  renameCategory,
  setChannelAttributes,
  updateChannel,
} from "./channels";
import { listReadableChannels } from "./access";
import { listSwitchTargets, searchPeople } from "./switcher";
import { createCommunity, dismissCommunity, setCommunityAttributes, updateCommunity } from "./communities";
import { acceptInvitation, declineInvitation, listMyInvitations } from "./invitations";
import { acceptInvite, createInvite, revokeInvite } from "./invites";
import { decideJoinRequest, inviteUsers, joinOpenCommunity, requestToJoin } from "./joining";
import {
  banMember,
  kickMembers,
  leaveCommunity,
  listMembers,
  muteMember,
  setMemberRole,
  transferOwnership,
  unbanMember,
  unmuteMember,
} from "./members";
import { listMessages, sendMessage } from "./messages";
import { listPins } from "./pins";
import { getProfile } from "./profiles";
import { updatePlan } from "./plan";
import { listSearchableChannels, searchMessages } from "./search";
import { registerUser, verifyCredentials } from "./users";

/**
 * Property-based fuzz of the domain calls behind every server action (lib/actions/*.ts) and route
 * handler (app/api/**): hostile input (lib/testing/hostile.ts) from an owner who is also an app
 * administrator, a member and an outsider. Whatever comes back is a result with a known code: never
 * 6001002, which means an error the domain did not expect (toFailure logs it).
 */

type Call = (actor: Actor, input: unknown) => Promise<unknown>;
/** What an entry point hands the domain: a schema's shape (hostile values inside), or one id or code by field name. */
type Input = z.ZodType | { field: "channelId" | "communityId" | "messageId" | "code" };
type Entry = { call: Call; input: Input };
const call = <T>(fn: (actor: Actor, input: T) => Promise<unknown>) => fn as Call;

const ids = z.object({ communityId: idSchema, userId: idSchema });

/**
 * Every exported server action, by name, with the domain call it makes (`toResult(async () =>
 * domainFn(await requireActor(), input))`). A new action must be added here: the first test fails until it is.
 */
const actions: Record<string, Entry> = {
  // lib/actions/admin.ts
  updatePlanAction: { call: call(updatePlan), input: updatePlanSchema },
  listCommunitiesAction: { call: call(listAllCommunities), input: adminCommunityListSchema },
  setCommunityDisabledAction: {
    call: call(setCommunityDisabled),
    input: z.object({ communityId: idSchema, disabled: z.boolean() }),
  },
  listUsersAction: { call: call(listUsersForAdmin), input: adminUserListSchema },
  createPasswordResetAction: { call: call(createPasswordReset), input: userRefSchema },
  setUserDisabledAction: { call: call(setUserDisabled), input: userDisabledSchema },
  // lib/actions/account.ts (the session asking is a made-up id: nothing of it is kept)
  updateProfileAction: { call: call(updateProfile), input: profileSchema },
  changeUsernameAction: { call: call(changeUsername), input: changeUsernameSchema },
  changePasswordAction: {
    call: (actor, input) => changePassword(actor, input as never, { clientIp: "fuzz", keepSessionId: "fuzz" }),
    input: changePasswordSchema,
  },
  endSessionAction: { call: call(endMySession), input: sessionRefSchema },
  endOtherSessionsAction: { call: (actor) => endMyOtherSessions(actor, "fuzz"), input: z.object({}) },
  updatePrivacyAction: { call: call(updatePrivacy), input: privacySchema },
  unblockUserAction: { call: call(unblockUser), input: userRefSchema },
  setDefaultNotifyAction: { call: call(setDefaultNotify), input: defaultNotifySchema },
  deleteAccountAction: { call: call(deleteAccount), input: deleteAccountSchema },
  // lib/actions/auth.ts
  registerAction: { call: (_actor, input) => registerUser(input as never), input: registerSchema },
  resetPasswordAction: { call: (_actor, input) => resetPasswordWithLink(input as never), input: resetPasswordSchema },
  // lib/actions/channels.ts
  updateChannelAction: { call: call(updateChannel), input: updateChannelSchema },
  deleteChannelAction: { call: call(deleteChannel), input: { field: "channelId" } },
  addChannelMembersAction: { call: call(addChannelMembers), input: channelMembersSchema },
  removeChannelMembersAction: { call: call(removeChannelMembers), input: channelMembersSchema },
  listChannelMembersAction: { call: call(listChannelMembers), input: { field: "channelId" } },
  createCategoryAction: { call: call(createCategory), input: categorySchema },
  renameCategoryAction: { call: call(renameCategory), input: renameCategorySchema },
  deleteCategoryAction: { call: call(deleteCategory), input: categoryRefSchema },
  arrangeChannelsAction: { call: call(arrangeChannels), input: channelLayoutSchema },
  getChannelAttributesAction: { call: call(getChannelAttributes), input: { field: "channelId" } },
  setChannelAttributesAction: { call: call(setChannelAttributes), input: channelAttributesSchema },
  // lib/actions/communities.ts
  createCommunityAction: { call: call(createCommunity), input: createCommunitySchema },
  createChannelAction: { call: call(createChannel), input: createChannelSchema },
  createInviteAction: { call: call(createInvite), input: createInviteSchema },
  acceptInviteAction: { call: call(acceptInvite), input: { field: "code" } },
  // lib/actions/conversations.ts
  listMyConversationsAction: { call: (actor) => listMyConversations(actor), input: z.object({}) },
  openDirectConversationAction: { call: call(openDirectConversation), input: directConversationSchema },
  startConversationAction: { call: call(startConversation), input: newConversationSchema },
  addToConversationAction: { call: call(addToConversation), input: conversationPeopleSchema },
  removeFromConversationAction: { call: call(removeFromConversation), input: conversationPersonSchema },
  leaveConversationAction: { call: call(leaveConversation), input: conversationRefSchema },
  renameConversationAction: { call: call(renameConversation), input: renameConversationSchema },
  // lib/actions/api-tokens.ts
  createApiTokenAction: { call: call(createApiToken), input: createApiTokenSchema },
  listApiTokensAction: { call: (actor) => listApiTokens(actor), input: z.object({}) },
  revokeApiTokenAction: { call: call(revokeApiToken), input: apiTokenRefSchema },
  // lib/actions/bots.ts
  createBotAction: { call: call(createBot), input: createBotSchema },
  regenerateBotTokenAction: { call: call(regenerateBotToken), input: botRefSchema },
  deleteBotAction: { call: call(deleteBot), input: botRefSchema },
  revokeBotTokenAction: { call: call(revokeBotToken), input: botRefSchema },
  addBotToCommunityAction: { call: call(addBotToCommunity), input: addBotSchema },
  // lib/actions/webhooks.ts
  createWebhookAction: { call: call(createWebhook), input: createWebhookSchema },
  listWebhooksAction: { call: call(listChannelWebhooks), input: { field: "channelId" } },
  deleteWebhookAction: { call: call(deleteWebhook), input: webhookRefSchema },
  // lib/actions/subscriptions.ts
  createSubscriptionAction: { call: call(createSubscription), input: createSubscriptionSchema },
  listSubscriptionsAction: { call: call(listSubscriptions), input: { field: "communityId" } },
  deleteSubscriptionAction: { call: call(deleteSubscription), input: subscriptionRefSchema },
  listDeliveriesAction: { call: call(listDeliveries), input: subscriptionRefSchema },
  sendTestEventAction: { call: call(sendTestEvent), input: subscriptionRefSchema },
  // lib/actions/invitations.ts
  listMyInvitationsAction: { call: call(listMyInvitations), input: invitationListSchema },
  acceptInvitationAction: { call: call(acceptInvitation), input: invitationRefSchema },
  declineInvitationAction: { call: call(declineInvitation), input: invitationRefSchema },
  // lib/actions/moderation.ts
  updateCommunityAction: { call: call(updateCommunity), input: updateCommunitySchema },
  setAttributesAction: { call: call(setCommunityAttributes), input: attributesSchema },
  dismissCommunityAction: { call: call(dismissCommunity), input: dismissCommunitySchema },
  leaveCommunityAction: { call: call(leaveCommunity), input: { field: "communityId" } },
  setRoleAction: { call: call(setMemberRole), input: setRoleSchema },
  transferOwnershipAction: { call: call(transferOwnership), input: ids },
  kickAction: { call: call(kickMembers), input: kickSchema },
  banAction: { call: call(banMember), input: targetSchema },
  unbanAction: { call: call(unbanMember), input: ids },
  muteAction: { call: call(muteMember), input: muteSchema },
  unmuteAction: { call: call(unmuteMember), input: ids.extend({ channelId: idSchema.optional() }) },
  inviteUsersAction: { call: call(inviteUsers), input: inviteUsersSchema },
  revokeInviteAction: { call: call(revokeInvite), input: { field: "code" } },
  joinOpenCommunityAction: { call: call(joinOpenCommunity), input: { field: "communityId" } },
  requestToJoinAction: { call: call(requestToJoin), input: joinRequestSchema },
  decideJoinRequestAction: {
    call: call(decideJoinRequest),
    input: z.object({ requestId: idSchema, accept: z.boolean() }),
  },
  // lib/actions/search.ts
  searchableChannelsAction: { call: call(listSearchableChannels), input: { field: "communityId" } },
};

const bytes = fc.constantFrom(
  Buffer.from("hello"),
  Buffer.alloc(0),
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]),
  Buffer.from("GIF89a\u0000\u0000"),
  Buffer.from("<svg onload=alert(1)>"),
);

/**
 * The route handlers (app/api/**) and the domain calls they make. Path and query parameters arrive
 * as strings (or absent); bodies as multipart fields and file bytes.
 */
const routes: Record<
  string,
  { call: Call; input: (arbitrary: ReturnType<typeof hostileArbitraries>) => fc.Arbitrary<unknown> }
> = {
  "GET /api/attachments/[messageId]/[variant]": {
    call: (actor, input) => {
      const [messageId, variant] = input as [string, string];
      return openAttachment(actor, messageId, variant === "thumbnail" ? "thumbnail" : "original");
    },
    input: (a) =>
      fc.tuple(a.shapedFor(idSchema, 0, "messageId"), fc.oneof(fc.constantFrom("original", "thumbnail"), a.string)),
  },
  "POST /api/channels/[channelId]/attachments": {
    call: (actor, input) => {
      const [fields, name, file] = input as [Record<string, unknown>, string, Buffer];
      return sendAttachment(actor, fields as never, { name, bytes: file });
    },
    input: (a) => fc.tuple(a.forSchema(attachmentFieldsSchema), a.string, bytes),
  },
  "GET /api/channels/[channelId]/avatar": {
    call: (actor, input) => readChannelAvatar(actor, input as string),
    input: (a) => a.shapedFor(idSchema, 0, "channelId"),
  },
  "POST /api/channels/[channelId]/avatar": {
    call: (actor, input) => setChannelAvatar(actor, ...(input as [string, Buffer])),
    input: (a) => fc.tuple(a.shapedFor(idSchema, 0, "channelId"), bytes),
  },
  "POST /api/me/avatar": {
    call: (actor, input) => setUserAvatar(actor, input as Buffer),
    input: () => bytes,
  },
  "GET /api/profile": { call: call(getProfile), input: (a) => a.forSchema(profileQuerySchema) },
  "DELETE /api/me/avatar": { call: (actor) => removeUserAvatar(actor), input: (a) => a.string },
  "POST /api/communities/[communityId]/avatar": {
    call: (actor, input) => setCommunityAvatar(actor, ...(input as [string, Buffer])),
    input: (a) => fc.tuple(a.shapedFor(idSchema, 0, "communityId"), bytes),
  },
  "POST /api/bots/[botId]/avatar": {
    call: (actor, input) => setBotAvatar(actor, ...(input as [string, Buffer])),
    input: (a) => fc.tuple(a.shapedFor(idSchema, 0, "userId"), bytes),
  },
  // the secret in the URL is the credential: the actor plays no part
  "POST /api/webhooks/[webhookId]/[token]": {
    call: (_actor, input) => executeWebhook(...(input as [string, string, unknown])),
    input: (a) => fc.tuple(a.shapedFor(idSchema, 0, "webhookId"), a.string, a.forSchema(executeWebhookSchema)),
  },
  "POST /api/conversations/[conversationId]/icon": {
    call: (actor, input) => setConversationIcon(actor, ...(input as [string, Buffer])),
    input: (a) => fc.tuple(a.shapedFor(idSchema, 0, "conversationId"), bytes),
  },
  "GET /api/channels/[channelId]/messages": { call: call(listMessages), input: (a) => a.forSchema(historyQuerySchema) },
  "GET /api/channels/[channelId]/pins": { call: call(listPins), input: (a) => a.shapedFor(idSchema, 0, "channelId") },
  "GET /api/communities/[communityId]/members": {
    call: call(listMembers),
    input: (a) => a.forSchema(memberListSchema),
  },
  "GET /api/communities/[communityId]/channels": {
    call: (actor, input) => listReadableChannels(actor, input as string),
    input: (a) => a.shapedFor(idSchema, 0, "communityId"),
  },
  "GET /api/switcher": { call: (actor) => listSwitchTargets(actor), input: (a) => a.string },
  "GET /api/switcher/people": { call: call(searchPeople), input: (a) => a.forSchema(peopleQuerySchema) },
  "GET /api/communities/[communityId]/search": {
    call: call(searchMessages),
    input: (a) => a.forSchema(searchQuerySchema),
  },
  "GET /api/files/[...key]": {
    call: (_actor, input) => readAvatar(input as string),
    input: (a) =>
      fc.oneof(
        a.string,
        a.string.map((key) => `avatars/${key}`),
        fc.constantFrom("avatars/../../../etc/passwd", "avatars/%2e%2e/x", "avatars/\u0000", "avatars/"),
      ),
  },
  "POST /api/auth/callback/credentials (sign in)": {
    call: (_actor, input) => verifyCredentials(input as never),
    input: (a) => a.forSchema(signInSchema),
  },
};

/** SPEC's defaults, put back after each entry point's fuzz. */
const specPlan = {
  membersPerCommunity: 100_000,
  channelsPerCommunity: 100,
  communitiesPerUser: 100,
  communityNameLength: 300,
  communityNoticeLength: 500,
  monthlyDownstreamQuota: 200_000_000,
  overQuotaMode: "REFUSE",
  directAddInvites: false,
} as const;

const expectedCodes = new Set<number>(Object.values(ErrorCode).filter((code) => code !== ErrorCode.SERVER));
const RUNS = Number(process.env.FUZZ_DOMAIN_RUNS ?? 30);
const kinds = ["owner", "member", "outsider"] as const;

/** A world per entry point (some calls transfer, dismiss or kick), with rows of every kind to aim at. */
async function fixture() {
  const w: World = await makeWorld();
  const other = await makeWorld();
  const { owner } = w.actors;
  // the owner also administers the app: the admin console's calls get past their first check
  await db.user.update({ where: { id: owner.userId }, data: { isAppAdmin: true } });
  const secret = await createChannel(owner, {
    communityId: w.communityId,
    name: unique("secret").toLowerCase(),
    kind: "PRIVATE",
  });
  const category = await createCategory(owner, { communityId: w.communityId, name: "Talk" });
  const message = await sendMessage(owner, { channelId: w.generalChannelId, content: "hello", nonce: nonce() });
  const elsewhere = await sendMessage(other.actors.owner, {
    channelId: other.generalChannelId,
    content: "elsewhere",
    nonce: nonce(),
  });
  const invite = await createInvite(owner, { communityId: w.communityId });
  const direct = await openDirectConversation(owner, { userId: w.actors.member.userId });
  const group = await startConversation(owner, { userIds: [w.actors.member.userId, w.actors.admin.userId] });
  const userIds = [...Object.values(w.actors).map((actor) => actor.userId), other.actors.owner.userId];
  const idsByField: Record<string, string[]> = {
    communityId: [w.communityId, w.communityId, other.communityId, direct.id],
    conversationId: [direct.id, group.id, w.communityId],
    channelId: [w.generalChannelId, secret.id, other.generalChannelId, group.channelId],
    categoryId: [(category as { id: string }).id],
    messageId: [message.id, elsewhere.id],
    userId: userIds,
    code: [invite.code],
  };
  const all = Object.values(idsByField).flat();
  return { w, arbitrary: hostileArbitraries({ ids: all, idsByField }) };
}

function inputArbitrary(input: Input, arbitrary: ReturnType<typeof hostileArbitraries>) {
  return "field" in input
    ? fc.oneof(
        { weight: 4, arbitrary: arbitrary.shapedFor(idSchema, 0, input.field) },
        { weight: 1, arbitrary: arbitrary.value },
      )
    : arbitrary.forSchema(input);
}

// the admin actions change app-wide state (the plan, disabled communities): not in the database other files share
useOwnDatabase();

let consoleError: MockInstance<typeof console.error>;
let logBaseline = 0;
const unexpectedLogs = () =>
  consoleError.mock.calls.filter(([first]) => first === "[unexpected error]").slice(logBaseline);
beforeAll(() => {
  consoleError = vi.spyOn(console, "error");
});
beforeEach(() => {
  logBaseline = consoleError.mock.calls.filter(([first]) => first === "[unexpected error]").length;
});
afterAll(() => consoleError.mockRestore());

/** Runs the call as its entry point does (toResult) and throws, for fast-check to shrink, unless the result has a known code. */
async function probe(name: string, run: () => Promise<unknown>) {
  const logged = unexpectedLogs().length;
  const result = await toResult(run);
  const logs = unexpectedLogs().slice(logged);
  if (!result.ok && (!expectedCodes.has(result.code) || typeof result.message !== "string")) {
    const error = logs[0]?.[1];
    throw new Error(
      `${name} answered ${describeValue(result)}${error instanceof Error ? `\ncaused by ${error.stack}` : ""}`,
    );
  }
  if (logs.length) throw new Error(`${name} logged an unexpected error: ${describeValue(logs)}`);
  expectPrototypesClean();
}

const fuzz = (
  name: string,
  run: Call,
  input: (arbitrary: ReturnType<typeof hostileArbitraries>) => fc.Arbitrary<unknown>,
) =>
  it(`${name}: never answers 6001002`, { timeout: 120_000 }, async () => {
    const { w, arbitrary } = await fixture();
    try {
      await assertProperty(
        fc.asyncProperty(fc.constantFrom(...kinds), input(arbitrary), async (kind, value) =>
          probe(name, () => run(w.actors[kind], value)),
        ),
        fuzzParameters(RUNS),
      );
    } finally {
      // a valid plan change among the hostile ones (a 10-character name limit, say) must not reach the next world
      await updatePlan(w.actors.owner, specPlan);
    }
  });

describe("server actions and route handlers under hostile input", () => {
  it("covers every route handler (but sign-in's own and the health and readiness checks, which take no input)", () => {
    const api = path.join(import.meta.dirname, "../../app/api");
    const handlers: string[] = [];
    for (const file of readdirSync(api, { recursive: true, encoding: "utf8" })) {
      // /api/v1 has its own fuzz over every documented route (lib/api/fuzz.test.ts)
      if (!file.endsWith("route.ts") || /^(auth|health|ready|v1)\//.test(file)) continue;
      const source = readFileSync(path.join(api, file), "utf8");
      const route = `/api/${path.dirname(file).split(path.sep).join("/")}`;
      for (const [, method] of source.matchAll(/export (?:async function|const) (GET|POST|PUT|PATCH|DELETE)\b/g))
        handlers.push(`${method} ${route}`);
    }
    const covered = Object.keys(routes).filter((name) => !name.startsWith("POST /api/auth/"));
    expect(handlers.sort()).toEqual(covered.sort());
  });

  it("covers every exported server action", async () => {
    const dir = path.join(import.meta.dirname, "../actions");
    const exported: string[] = [];
    for (const file of readdirSync(dir).filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"))) {
      exported.push(...Object.keys((await import(/* @vite-ignore */ path.join(dir, file))) as object));
    }
    expect(Object.keys(actions).sort()).toEqual(exported.sort());
  });

  it(
    "odd inputs to every action: not an object, and each field plain JSON that String() cannot convert",
    { timeout: 120_000 },
    async () => {
      const { w } = await fixture();
      const failures: string[] = [];
      for (const [name, entry] of Object.entries(actions)) {
        const shape =
          "field" in entry.input ? {} : ((entry.input as unknown as { shape?: Record<string, unknown> }).shape ?? {});
        const inputs: unknown[] = [null, undefined, "x", 42, [], { toString: 0, valueOf: 0 }];
        for (const field of Object.keys(shape))
          inputs.push(
            { [field]: { toString: 0, valueOf: 0 } },
            { [field]: [{ toString: 0 }] },
            { [field]: { length: { toString: 0 } } },
          );
        for (const input of inputs) {
          for (const kind of kinds) {
            await probe(name, () => entry.call(w.actors[kind], input)).catch((error: Error) =>
              failures.push(
                `${kind} ${name}(${describeValue(input)}): ${error.message.split("\n").slice(0, 3).join(" | ")}`,
              ),
            );
          }
        }
      }
      expect(failures).toEqual([]);
    },
  );

  for (const [name, entry] of Object.entries(actions))
    fuzz(name, entry.call, (arbitrary) => inputArbitrary(entry.input, arbitrary));
  for (const [name, entry] of Object.entries(routes)) fuzz(name, entry.call, entry.input);
});
