import { z } from "zod";
import { getMyAccount } from "../domain/account";
import {
  addChannelMembers,
  createChannel,
  deleteChannel,
  listChannelMembers,
  removeChannelMembers,
  updateChannel,
} from "../domain/channels";
import {
  createCommunity,
  getCommunityView,
  listMyCommunities,
  setCommunityAttributes,
  updateCommunity,
} from "../domain/communities";
import { inviteUsers, joinOpenCommunity } from "../domain/joining";
import {
  banMember,
  findMember,
  kickMembers,
  leaveCommunity,
  listMembers,
  muteMember,
  setMemberRole,
  unbanMember,
  unmuteMember,
} from "../domain/members";
import { deleteMessage, editMessage, listMessages, sendMessage } from "../domain/messages";
import { listPins, pinMessage } from "../domain/pins";
import { reactToMessage } from "../domain/reactions";
import { listReadStates, markChannelRead } from "../domain/read-state";
import { searchInputSchema, searchMessages } from "../domain/search";
import {
  createSubscription,
  deleteSubscription,
  listDeliveries,
  listSubscriptions,
  sendTestEvent,
} from "../domain/subscriptions";
import { createThread, getThread, listThreads, updateThread } from "../domain/threads";
import { AppError, ErrorCode } from "../errors";
import {
  attributeChangesSchema,
  channelMembersSchema,
  createChannelSchema,
  createCommunitySchema,
  idSchema,
  inviteUsersSchema,
  kickSchema,
  memberListSchema,
  muteSchema,
  setRoleSchema,
  targetSchema,
  updateChannelSchema,
  updateCommunitySchema,
} from "../schemas/community";
import { editMessageSchema, historyQuerySchema, reactionSchema, sendMessageSchema } from "../schemas/message";
import { markReadSchema } from "../schemas/read-state";
import { createSubscriptionSchema } from "../schemas/subscription";
import { createThreadSchema, listThreadsSchema, updateThreadSchema } from "../schemas/thread";
import { defineRoute, queryBoolean, queryNumber, type ApiRoute } from "./define";
import * as shape from "./responses";

const communityParams = z.object({ communityId: idSchema });
const memberParams = z.object({ communityId: idSchema, userId: idSchema });
const channelParams = z.object({ channelId: idSchema });
const messageParams = z.object({ messageId: idSchema });
const threadParams = z.object({ threadId: idSchema });
const channelsOf = z.array(shape.channel);

/** A community as GET /communities/{id} answers: its settings everyone may see, and the reader's role. */
const communityWithRole = z.strictObject({ ...shape.communityInfo.shape, role: shape.community.shape.role });

/** Conversations are communities underneath; the API speaks of communities only. */
async function communityView(actor: Parameters<typeof getCommunityView>[0], communityId: string) {
  const view = await getCommunityView(actor, communityId);
  if (view.kind !== "COMMUNITY") throw new AppError(ErrorCode.COMMUNITY_NOT_FOUND, "This community does not exist.");
  return view;
}

const communities = [
  defineRoute({
    method: "get",
    path: "/communities",
    operationId: "queryMyCommunities",
    summary: "The communities the caller belongs to",
    tag: "Communities",
    response: z.array(shape.community),
    run: (actor) => listMyCommunities(actor),
  }),
  defineRoute({
    method: "post",
    path: "/communities",
    operationId: "createCommunity",
    summary: "Create a community (the caller owns it)",
    tag: "Communities",
    body: createCommunitySchema,
    response: z.strictObject({ community: shape.community, generalChannelId: z.string() }),
    run: (actor, { body }) => createCommunity(actor, body),
  }),
  defineRoute({
    method: "get",
    path: "/communities/{communityId}",
    operationId: "getCommunity",
    summary: "A community the caller belongs to",
    tag: "Communities",
    params: communityParams,
    response: communityWithRole,
    run: async (actor, { params }) => (await communityView(actor, params.communityId)).community,
  }),
  defineRoute({
    method: "patch",
    path: "/communities/{communityId}",
    operationId: "updateCommunityInfo",
    summary: "Change a community's name, notice, join mode or member invites (owner and admins)",
    tag: "Communities",
    params: communityParams,
    body: updateCommunitySchema.omit({ communityId: true }),
    response: shape.communityInfo,
    run: (actor, { params, body }) => updateCommunity(actor, { ...body, communityId: params.communityId }),
  }),
  defineRoute({
    method: "patch",
    path: "/communities/{communityId}/attributes",
    operationId: "updateCommunityAttributes",
    summary: "Set and remove a community's custom attributes (owner and admins); each key is judged on its own",
    tag: "Communities",
    params: communityParams,
    body: attributeChangesSchema,
    response: shape.attributeChanges,
    run: (actor, { params, body }) => setCommunityAttributes(actor, { ...body, communityId: params.communityId }),
  }),
  defineRoute({
    method: "post",
    path: "/communities/{communityId}/join",
    operationId: "joinCommunity",
    summary: "Join an open community",
    tag: "Communities",
    params: communityParams,
    response: shape.community,
    run: (actor, { params }) => joinOpenCommunity(actor, params.communityId),
  }),
  defineRoute({
    method: "post",
    path: "/communities/{communityId}/leave",
    operationId: "leaveCommunity",
    summary: "Leave a community (its owner hands it over first)",
    tag: "Communities",
    params: communityParams,
    response: z.strictObject({ communityId: z.string() }),
    run: (actor, { params }) => leaveCommunity(actor, params.communityId),
  }),
];

const members = [
  defineRoute({
    method: "get",
    path: "/communities/{communityId}/members",
    operationId: "queryCommunityMemberList",
    summary: "Members by role then name, a page at a time; `query` filters by name prefix",
    tag: "Members",
    params: communityParams,
    query: memberListSchema.omit({ communityId: true }),
    response: z.strictObject({ members: z.array(shape.member), nextCursor: z.string().nullable() }),
    run: (actor, { params, query }) => listMembers(actor, { ...query, communityId: params.communityId }),
  }),
  defineRoute({
    method: "get",
    path: "/communities/{communityId}/members/{userId}",
    operationId: "getCommunityMember",
    summary: "One member (6002005 when that user is not a member)",
    tag: "Members",
    params: memberParams,
    response: shape.member,
    run: async (actor, { params }) => {
      const member = await findMember(actor, params);
      if (!member) throw new AppError(ErrorCode.USER_NOT_FOUND, "This user is not a member of the community.");
      return member;
    },
  }),
  defineRoute({
    method: "post",
    path: "/communities/{communityId}/invitations",
    operationId: "inviteUsersIntoCommunity",
    summary: "Invite up to 100 users by username; the answer says per user what happened",
    tag: "Members",
    params: communityParams,
    body: inviteUsersSchema.omit({ communityId: true }),
    response: z.strictObject({ results: z.array(shape.batchResult) }),
    run: (actor, { params, body }) => inviteUsers(actor, { ...body, communityId: params.communityId }),
  }),
  defineRoute({
    method: "post",
    path: "/communities/{communityId}/kicks",
    operationId: "kickUsersFromCommunity",
    summary: "Remove up to 100 members ranked below the caller; the answer says per user what happened",
    tag: "Members",
    params: communityParams,
    body: kickSchema.omit({ communityId: true }),
    response: z.strictObject({ results: z.array(shape.batchResult) }),
    run: (actor, { params, body }) => kickMembers(actor, { ...body, communityId: params.communityId }),
  }),
  defineRoute({
    method: "put",
    path: "/communities/{communityId}/members/{userId}/role",
    operationId: "setCommunityMemberRole",
    summary: "Make a member an admin or a member (owner only)",
    tag: "Members",
    params: memberParams,
    body: setRoleSchema.pick({ role: true }),
    response: z.strictObject({ userId: z.string(), role: shape.community.shape.role }),
    // the same role again changes nothing (and answers the same)
    run: async (actor, { params, body }) =>
      (await setMemberRole(actor, { ...params, ...body })) ?? { userId: params.userId, role: body.role },
  }),
  defineRoute({
    method: "put",
    path: "/communities/{communityId}/members/{userId}/mute",
    operationId: "muteCommunityMember",
    summary: "Mute a member ranked below the caller, in the community or one channel (null duration: until lifted)",
    tag: "Members",
    params: memberParams,
    body: muteSchema.omit({ communityId: true, userId: true }),
    response: shape.muteResult,
    run: (actor, { params, body }) => muteMember(actor, { ...body, ...params }),
  }),
  defineRoute({
    method: "delete",
    path: "/communities/{communityId}/members/{userId}/mute",
    operationId: "unmuteCommunityMember",
    summary: "Lift a member's mute (community-wide, or in `channelId`)",
    tag: "Members",
    params: memberParams,
    query: z.object({ channelId: idSchema.optional() }),
    response: shape.muteResult,
    run: (actor, { params, query }) => unmuteMember(actor, { ...params, channelId: query.channelId }),
  }),
  defineRoute({
    method: "put",
    path: "/communities/{communityId}/bans/{userId}",
    operationId: "banCommunityMember",
    summary: "Ban a user ranked below the caller (removed, and cannot join again until unbanned)",
    tag: "Members",
    params: memberParams,
    body: targetSchema.pick({ reason: true }),
    response: z.strictObject({ userId: z.string(), banned: z.boolean() }),
    run: (actor, { params, body }) => banMember(actor, { ...params, ...body }),
  }),
  defineRoute({
    method: "delete",
    path: "/communities/{communityId}/bans/{userId}",
    operationId: "unbanCommunityMember",
    summary: "Lift a ban",
    tag: "Members",
    params: memberParams,
    response: z.strictObject({ userId: z.string(), banned: z.boolean() }),
    run: (actor, { params }) => unbanMember(actor, params),
  }),
];

const channels = [
  defineRoute({
    method: "get",
    path: "/communities/{communityId}/channels",
    operationId: "queryChannelList",
    summary: "The channels of a community the caller can read",
    tag: "Channels",
    params: communityParams,
    response: channelsOf,
    run: async (actor, { params }) => (await communityView(actor, params.communityId)).channels,
  }),
  defineRoute({
    method: "post",
    path: "/communities/{communityId}/channels",
    operationId: "createChannel",
    summary: "Create a public or private channel (owner and admins)",
    tag: "Channels",
    params: communityParams,
    body: createChannelSchema.omit({ communityId: true }),
    response: shape.channel,
    run: (actor, { params, body }) => createChannel(actor, { ...body, communityId: params.communityId }),
  }),
  defineRoute({
    method: "patch",
    path: "/channels/{channelId}",
    operationId: "updateChannel",
    summary: "Change a channel's name, topic, category, mute mode or slowmode (owner and admins)",
    tag: "Channels",
    params: channelParams,
    body: updateChannelSchema.omit({ channelId: true }),
    response: shape.channel,
    run: (actor, { params, body }) => updateChannel(actor, { ...body, channelId: params.channelId }),
  }),
  defineRoute({
    method: "delete",
    path: "/channels/{channelId}",
    operationId: "deleteChannel",
    summary: "Delete a channel and its messages (owner and admins; not #general)",
    tag: "Channels",
    params: channelParams,
    response: z.strictObject({ channelId: z.string() }),
    run: (actor, { params }) => deleteChannel(actor, params.channelId),
  }),
  defineRoute({
    method: "get",
    path: "/channels/{channelId}/members",
    operationId: "queryPrivateChannelMembers",
    summary: "Who holds a seat in a private channel",
    tag: "Channels",
    params: channelParams,
    response: z.array(shape.userSummary),
    run: (actor, { params }) => listChannelMembers(actor, params.channelId),
  }),
  defineRoute({
    method: "post",
    path: "/channels/{channelId}/members",
    operationId: "addPrivateChannelMembers",
    summary: "Give up to 100 members a seat in a private channel (owner and admins)",
    tag: "Channels",
    params: channelParams,
    body: channelMembersSchema.omit({ channelId: true }),
    response: z.strictObject({ channelId: z.string(), added: z.number().int() }),
    run: (actor, { params, body }) => addChannelMembers(actor, { ...body, channelId: params.channelId }),
  }),
  defineRoute({
    method: "delete",
    path: "/channels/{channelId}/members",
    operationId: "removePrivateChannelMembers",
    summary: "Take up to 100 members' seats in a private channel away (owner and admins)",
    tag: "Channels",
    params: channelParams,
    body: channelMembersSchema.omit({ channelId: true }),
    response: z.strictObject({ channelId: z.string(), removed: z.number().int() }),
    run: (actor, { params, body }) => removeChannelMembers(actor, { ...body, channelId: params.channelId }),
  }),
];

const messages = [
  defineRoute({
    method: "get",
    path: "/channels/{channelId}/messages",
    operationId: "queryChannelMessageHistory",
    summary: "A page of history, oldest first: the newest, or `before`, `after` or `around` a message id",
    description: "A thread's replies are the history of the thread's id.",
    tag: "Messages",
    params: channelParams,
    query: historyQuerySchema.omit({ channelId: true }),
    response: shape.messagePage,
    run: (actor, { params, query }) => listMessages(actor, { ...query, channelId: params.channelId }),
  }),
  defineRoute({
    method: "post",
    path: "/channels/{channelId}/messages",
    operationId: "sendChannelMessage",
    summary: "Send a message (markdown). The same `nonce` again returns the first message, never a second",
    description: "Send to a thread's id to reply in the thread.",
    tag: "Messages",
    params: channelParams,
    body: sendMessageSchema.omit({ channelId: true }),
    response: shape.message,
    run: (actor, { params, body }) => sendMessage(actor, { ...body, channelId: params.channelId }),
  }),
  defineRoute({
    method: "patch",
    path: "/messages/{messageId}",
    operationId: "updateChannelMessage",
    summary: "Edit one's own message",
    tag: "Messages",
    params: messageParams,
    body: editMessageSchema.omit({ messageId: true }),
    response: shape.message,
    run: (actor, { params, body }) => editMessage(actor, { ...body, messageId: params.messageId }),
  }),
  defineRoute({
    method: "delete",
    path: "/messages/{messageId}",
    operationId: "deleteChannelMessage",
    summary: "Delete one's own message, or remove another's (owner and admins)",
    tag: "Messages",
    params: messageParams,
    response: z.strictObject({ messageId: z.string(), removed: z.boolean() }),
    run: (actor, { params }) => deleteMessage(actor, params.messageId),
  }),
  defineRoute({
    method: "post",
    path: "/messages/{messageId}/reactions",
    operationId: "reactToMessage",
    summary: "Add (`add: true`) or take back one's reaction",
    tag: "Messages",
    params: messageParams,
    body: reactionSchema.omit({ messageId: true }),
    response: z.strictObject({ messageId: z.string(), emoji: z.string(), added: z.boolean() }),
    run: (actor, { params, body }) => reactToMessage(actor, { ...body, messageId: params.messageId }),
  }),
  defineRoute({
    method: "put",
    path: "/messages/{messageId}/pin",
    operationId: "pinMessage",
    summary: "Pin (`pin: true`) or unpin a message (owner and admins; anyone in a conversation)",
    tag: "Messages",
    params: messageParams,
    body: z.object({ pin: z.boolean() }),
    response: z.strictObject({ messageId: z.string(), pinned: z.boolean() }),
    run: (actor, { params, body }) => pinMessage(actor, { ...body, messageId: params.messageId }),
  }),
  defineRoute({
    method: "get",
    path: "/channels/{channelId}/pins",
    operationId: "queryPinnedMessages",
    summary: "A channel's pinned messages, newest pin first",
    tag: "Messages",
    params: channelParams,
    response: z.array(shape.message),
    run: (actor, { params }) => listPins(actor, params.channelId),
  }),
];

const threads = [
  defineRoute({
    method: "post",
    path: "/messages/{messageId}/thread",
    operationId: "createThread",
    summary: "Open a thread from a message (its replies: the thread id's messages)",
    tag: "Threads",
    params: messageParams,
    body: createThreadSchema.omit({ messageId: true }),
    response: shape.thread,
    run: (actor, { params, body }) => createThread(actor, { ...body, messageId: params.messageId }),
  }),
  defineRoute({
    method: "get",
    path: "/channels/{channelId}/threads",
    operationId: "queryThreadList",
    summary: "A channel's threads by last activity, a page at a time",
    tag: "Threads",
    params: channelParams,
    query: listThreadsSchema.omit({ channelId: true }).extend({
      archived: queryBoolean(listThreadsSchema.shape.archived),
      limit: queryNumber(listThreadsSchema.shape.limit),
    }),
    response: shape.threadPage,
    run: (actor, { params, query }) => listThreads(actor, { ...query, channelId: params.channelId }),
  }),
  defineRoute({
    method: "get",
    path: "/threads/{threadId}",
    operationId: "getThread",
    summary: "A thread, whether the caller follows it, and the message it started from",
    tag: "Threads",
    params: threadParams,
    response: shape.threadView,
    run: (actor, { params }) => getThread(actor, params.threadId),
  }),
  defineRoute({
    method: "patch",
    path: "/threads/{threadId}",
    operationId: "updateThread",
    summary: "Rename, archive, lock or resolve a thread (its starter, or owner and admins)",
    tag: "Threads",
    params: threadParams,
    body: updateThreadSchema.omit({ threadId: true }),
    response: shape.thread,
    run: (actor, { params, body }) => updateThread(actor, { ...body, threadId: params.threadId }),
  }),
];

const search = [
  defineRoute({
    method: "get",
    path: "/communities/{communityId}/search",
    operationId: "searchMessages",
    summary: "Messages the caller can read, newest first; words and filters",
    tag: "Search",
    params: communityParams,
    query: searchInputSchema.omit({ communityId: true }).partial({ query: true }),
    response: shape.searchPage,
    run: (actor, { params, query }) =>
      searchMessages(actor, {
        ...query,
        before: query.before?.toISOString(),
        after: query.after?.toISOString(),
        communityId: params.communityId,
      }),
  }),
];

const me = [
  defineRoute({
    method: "get",
    path: "/me",
    operationId: "getMe",
    summary: "The account the token acts for",
    tag: "Me",
    response: shape.myAccount,
    run: (actor) => getMyAccount(actor),
  }),
  defineRoute({
    method: "get",
    path: "/me/read-states",
    operationId: "queryReadStates",
    summary: "The caller's unread and mention counts per channel, for every community or one",
    tag: "Me",
    query: z.object({ communityId: idSchema.optional() }),
    response: z.array(shape.communityReadState),
    run: (actor, { query }) => listReadStates(actor, query.communityId),
  }),
  defineRoute({
    method: "put",
    path: "/channels/{channelId}/read",
    operationId: "markChannelRead",
    summary: "Mark a channel read up to a message",
    tag: "Me",
    params: channelParams,
    body: markReadSchema.omit({ channelId: true }),
    response: shape.channelReadState,
    run: (actor, { params, body }) => markChannelRead(actor, { ...body, channelId: params.channelId }),
  }),
];

const subscriptionParams = z.object({ subscriptionId: idSchema });

const subscriptions = [
  defineRoute({
    method: "get",
    path: "/communities/{communityId}/subscriptions",
    operationId: "queryEventSubscriptions",
    summary: "A community's outgoing event subscriptions (owner and admins)",
    tag: "Events",
    params: communityParams,
    response: z.array(shape.subscription),
    run: (actor, { params }) => listSubscriptions(actor, params.communityId),
  }),
  defineRoute({
    method: "post",
    path: "/communities/{communityId}/subscriptions",
    operationId: "createEventSubscription",
    summary:
      "Subscribe a public http(s) URL to a community's events (owner and admins); the signing secret is answered this once",
    tag: "Events",
    params: communityParams,
    body: createSubscriptionSchema.omit({ communityId: true }),
    response: z.strictObject({ subscription: shape.subscription, secret: z.string() }),
    run: (actor, { params, body }) => createSubscription(actor, { ...body, communityId: params.communityId }),
  }),
  defineRoute({
    method: "delete",
    path: "/subscriptions/{subscriptionId}",
    operationId: "deleteEventSubscription",
    summary: "Delete an event subscription and its delivery log (owner and admins)",
    tag: "Events",
    params: subscriptionParams,
    response: z.strictObject({ subscriptionId: z.string() }),
    run: (actor, { params }) => deleteSubscription(actor, params),
  }),
  defineRoute({
    method: "get",
    path: "/subscriptions/{subscriptionId}/deliveries",
    operationId: "queryEventDeliveries",
    summary: "A subscription's latest 25 deliveries, newest first (owner and admins)",
    tag: "Events",
    params: subscriptionParams,
    response: z.array(shape.delivery),
    run: (actor, { params }) => listDeliveries(actor, params),
  }),
  defineRoute({
    method: "post",
    path: "/subscriptions/{subscriptionId}/test",
    operationId: "sendTestEvent",
    summary: "Queue a ping event to one subscription",
    tag: "Events",
    params: subscriptionParams,
    response: z.strictObject({ queued: z.literal(true) }),
    run: (actor, { params }) => sendTestEvent(actor, params),
  }),
];

/** Every /api/v1 route: what is not here does not exist, and everything here is in the OpenAPI document. */
export const apiRoutes: ApiRoute[] = [
  ...me,
  ...communities,
  ...members,
  ...channels,
  ...messages,
  ...threads,
  ...search,
  ...subscriptions,
];
