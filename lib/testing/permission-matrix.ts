// The permission matrix shared by the domain's test and the API's.
import { ErrorCode as E } from "../errors";
import { makeWorld, type ActorKind, type World } from "./world";
import { nonce } from "./factories";
import type { Actor } from "../domain/actor";
import { listAuditLog } from "../domain/audit";
import sharp from "sharp";
import { setChannelAvatar } from "../domain/avatars";
import {
  createCategory,
  createChannel,
  deleteCategory,
  renameCategory,
  setChannelAttributes,
} from "../domain/channels";
import { dismissCommunity, setCommunityAttributes, updateCommunity } from "../domain/communities";
import { acceptInvite, createInvite, listInvites } from "../domain/invites";
import { inviteUsers, listJoinRequests } from "../domain/joining";
import {
  banMember,
  kickMembers,
  leaveCommunity,
  listBans,
  listMembers,
  muteMember,
  setMemberRole,
  transferOwnership,
  unbanMember,
} from "../domain/members";
import { listMessages, sendMessage } from "../domain/messages";
import { listSubscriptions } from "../domain/subscriptions";
import { createWebhook } from "../domain/webhooks";
import { db } from "../db";

export type Outcome = "ok" | number;
type Action = (actor: Actor, world: World) => Promise<unknown>;
/** The same action as a request to /api/v1: method, path, JSON body. */
export type ApiCall = [method: string, path: string, body?: unknown];
type ApiAction = (actor: Actor, world: World) => ApiCall | Promise<ApiCall>;

export const OK = "ok" as const;
const targetOf = (world: World, kind: ActorKind) => world.actors[kind].userId;

/**
 * Each action × actor → allowed ("ok") or the exact SPEC code. Every cell runs in a fresh world:
 * through the domain (lib/domain/permissions.test.ts) and, where the action has a route, through
 * /api/v1 with the actor's token (lib/api/permissions.test.ts).
 */
export const permissionMatrix: Array<[string, Action, Partial<Record<ActorKind, Outcome>>, ApiAction?]> = [
  [
    "update name",
    (a, w) => updateCommunity(a, { communityId: w.communityId, name: "Renamed" }),
    {
      owner: OK,
      admin: OK,
      member: E.NO_PERMISSION,
      muted: E.NO_PERMISSION,
      banned: E.NOT_IN_COMMUNITY,
      outsider: E.NOT_IN_COMMUNITY,
    },
    // the same over /api/v1
    (_, w) => ["PATCH", `/communities/${w.communityId}`, { name: "Renamed" }],
  ],
  [
    "set attributes",
    (a, w) => setCommunityAttributes(a, { communityId: w.communityId, set: { topic: "games" } }),
    {
      owner: OK,
      admin: OK,
      member: E.NO_PERMISSION,
      muted: E.NO_PERMISSION,
      banned: E.NOT_IN_COMMUNITY,
      outsider: E.NOT_IN_COMMUNITY,
    },
    // the same over /api/v1
    (_, w) => ["PATCH", `/communities/${w.communityId}/attributes`, { set: { topic: "games" } }],
  ],
  [
    "create channel",
    (a, w) => createChannel(a, { communityId: w.communityId, name: "new" }),
    {
      owner: OK,
      admin: OK,
      member: E.NO_PERMISSION,
      muted: E.NO_PERMISSION,
      banned: E.NOT_IN_COMMUNITY,
      outsider: E.NOT_IN_COMMUNITY,
    },
    // the same over /api/v1
    (_, w) => ["POST", `/communities/${w.communityId}/channels`, { name: "new" }],
  ],
  [
    "rename a category",
    async (a, w) => {
      const category = await createCategory(w.actors.owner, { communityId: w.communityId, name: "Old" });
      return renameCategory(a, { communityId: w.communityId, categoryId: category.id, name: "New" });
    },
    {
      owner: OK,
      admin: OK,
      member: E.NO_PERMISSION,
      muted: E.NO_PERMISSION,
      banned: E.NOT_IN_COMMUNITY,
      outsider: E.NOT_IN_COMMUNITY,
    },
  ],
  [
    "delete a category",
    async (a, w) => {
      const category = await createCategory(w.actors.owner, { communityId: w.communityId, name: "Old" });
      return deleteCategory(a, { communityId: w.communityId, categoryId: category.id });
    },
    {
      owner: OK,
      admin: OK,
      member: E.NO_PERMISSION,
      muted: E.NO_PERMISSION,
      banned: E.NOT_IN_COMMUNITY,
      outsider: E.NOT_IN_COMMUNITY,
    },
  ],
  [
    "set channel attributes",
    (a, w) => setChannelAttributes(a, { channelId: w.generalChannelId, set: { topic: "games" } }),
    {
      owner: OK,
      admin: OK,
      member: E.NO_PERMISSION,
      muted: E.NO_PERMISSION,
      banned: E.NOT_IN_COMMUNITY,
      outsider: E.NOT_IN_COMMUNITY,
    },
  ],
  [
    "set a private channel's avatar",
    async (a, w) => {
      const secret = await createChannel(w.actors.owner, {
        communityId: w.communityId,
        name: "secret",
        kind: "PRIVATE",
        memberIds: [w.actors.member.userId],
      });
      return setChannelAvatar(
        a,
        secret.id,
        await sharp({ create: { width: 8, height: 8, channels: 3, background: "#000" } })
          .png()
          .toBuffer(),
      );
    },
    {
      owner: OK,
      admin: OK,
      member: E.NO_PERMISSION,
      member2: E.CHANNEL_NOT_FOUND,
      banned: E.NOT_IN_COMMUNITY,
      outsider: E.NOT_IN_COMMUNITY,
    },
  ],
  [
    "list the readers of a private channel",
    async (a, w) => {
      const secret = await createChannel(w.actors.owner, {
        communityId: w.communityId,
        name: "secret",
        kind: "PRIVATE",
        memberIds: [w.actors.member.userId],
      });
      return listMembers(a, { communityId: w.communityId, channelId: secret.id });
    },
    {
      owner: OK,
      admin: OK,
      member: OK,
      member2: E.CHANNEL_NOT_FOUND,
      muted: E.CHANNEL_NOT_FOUND,
      banned: E.NOT_IN_COMMUNITY,
      outsider: E.NOT_IN_COMMUNITY,
    },
    // the same over /api/v1
    async (_, w) => {
      const secret = await createChannel(w.actors.owner, {
        communityId: w.communityId,
        name: "secret",
        kind: "PRIVATE",
        memberIds: [w.actors.member.userId],
      });
      return ["GET", `/communities/${w.communityId}/members?channelId=${secret.id}`];
    },
  ],
  [
    "create invite link",
    (a, w) => createInvite(a, { communityId: w.communityId }),
    { owner: OK, admin: OK, member: OK, muted: OK, banned: E.NOT_IN_COMMUNITY, outsider: E.NOT_IN_COMMUNITY },
  ],
  [
    "list invite links",
    (a, w) => listInvites(a, w.communityId),
    { owner: OK, admin: OK, member: E.NO_PERMISSION, banned: E.NOT_IN_COMMUNITY, outsider: E.NOT_IN_COMMUNITY },
  ],
  [
    "invite users by name",
    async (a, w) => {
      const user = await db.user.create({
        data: { id: nonce(), username: nonce(), displayName: "Guest", passwordHash: "x" },
      });
      return inviteUsers(a, { communityId: w.communityId, usernames: [user.username] });
    },
    { owner: OK, admin: OK, member: OK, banned: E.NOT_IN_COMMUNITY, outsider: E.NOT_IN_COMMUNITY },
    // the same over /api/v1
    async (_, w) => {
      const user = await db.user.create({
        data: { id: nonce(), username: nonce(), displayName: "Guest", passwordHash: "x" },
      });
      return ["POST", `/communities/${w.communityId}/invitations`, { usernames: [user.username] }];
    },
  ],
  [
    "kick a member",
    (a, w) => kickMembers(a, { communityId: w.communityId, userIds: [targetOf(w, "member2")] }),
    {
      owner: OK,
      admin: OK,
      member: E.NO_KICK_PERMISSION,
      muted: E.NO_KICK_PERMISSION,
      banned: E.NOT_IN_COMMUNITY,
      outsider: E.NOT_IN_COMMUNITY,
    },
    // the same over /api/v1
    (_, w) => ["POST", `/communities/${w.communityId}/kicks`, { userIds: [targetOf(w, "member2")] }],
  ],
  [
    "kick an admin",
    (a, w) => kickMembers(a, { communityId: w.communityId, userIds: [targetOf(w, "admin2")] }),
    { owner: OK, admin: E.TARGET_RANK_NOT_LOWER, member: E.NO_KICK_PERMISSION },
    // the same over /api/v1
    (_, w) => ["POST", `/communities/${w.communityId}/kicks`, { userIds: [targetOf(w, "admin2")] }],
  ],
  [
    "kick the owner",
    (a, w) => kickMembers(a, { communityId: w.communityId, userIds: [targetOf(w, "owner")] }),
    { admin: E.TARGET_RANK_NOT_LOWER, member: E.NO_KICK_PERMISSION },
    // the same over /api/v1
    (_, w) => ["POST", `/communities/${w.communityId}/kicks`, { userIds: [targetOf(w, "owner")] }],
  ],
  [
    "kick oneself",
    (a, w) => kickMembers(a, { communityId: w.communityId, userIds: [a.userId] }),
    { owner: E.CANNOT_KICK_SELF, admin: E.CANNOT_KICK_SELF, member: E.NO_KICK_PERMISSION },
    // the same over /api/v1
    (a, w) => ["POST", `/communities/${w.communityId}/kicks`, { userIds: [a.userId] }],
  ],
  [
    "kick a non-member",
    (a, w) => kickMembers(a, { communityId: w.communityId, userIds: [targetOf(w, "outsider")] }),
    { owner: E.NOT_IN_COMMUNITY, admin: E.NOT_IN_COMMUNITY },
    // the same over /api/v1
    (_, w) => ["POST", `/communities/${w.communityId}/kicks`, { userIds: [targetOf(w, "outsider")] }],
  ],
  [
    "ban a member",
    (a, w) => banMember(a, { communityId: w.communityId, userId: targetOf(w, "member2"), reason: "spam" }),
    {
      owner: OK,
      admin: OK,
      member: E.NO_PERMISSION,
      muted: E.NO_PERMISSION,
      banned: E.NOT_IN_COMMUNITY,
      outsider: E.NOT_IN_COMMUNITY,
    },
    // the same over /api/v1
    (_, w) => ["PUT", `/communities/${w.communityId}/bans/${targetOf(w, "member2")}`, { reason: "spam" }],
  ],
  [
    "ban an admin",
    (a, w) => banMember(a, { communityId: w.communityId, userId: targetOf(w, "admin2") }),
    { owner: OK, admin: E.TARGET_RANK_NOT_LOWER },
    // the same over /api/v1
    (_, w) => ["PUT", `/communities/${w.communityId}/bans/${targetOf(w, "admin2")}`, {}],
  ],
  [
    "ban oneself",
    (a, w) => banMember(a, { communityId: w.communityId, userId: a.userId }),
    { owner: E.CANNOT_BAN_SELF, admin: E.CANNOT_BAN_SELF, member: E.CANNOT_BAN_SELF },
    // the same over /api/v1
    (a, w) => ["PUT", `/communities/${w.communityId}/bans/${a.userId}`, {}],
  ],
  [
    "unban",
    (a, w) => unbanMember(a, { communityId: w.communityId, userId: targetOf(w, "banned") }),
    { owner: OK, admin: OK, member: E.NO_PERMISSION, banned: E.NOT_IN_COMMUNITY, outsider: E.NOT_IN_COMMUNITY },
    // the same over /api/v1
    (_, w) => ["DELETE", `/communities/${w.communityId}/bans/${targetOf(w, "banned")}`],
  ],
  [
    "list bans",
    (a, w) => listBans(a, w.communityId),
    { owner: OK, admin: OK, member: E.NO_PERMISSION, banned: E.NOT_IN_COMMUNITY, outsider: E.NOT_IN_COMMUNITY },
  ],
  [
    "mute a member",
    (a, w) => muteMember(a, { communityId: w.communityId, userId: targetOf(w, "member2"), durationSeconds: 600 }),
    {
      owner: OK,
      admin: OK,
      member: E.NO_PERMISSION,
      muted: E.NO_PERMISSION,
      banned: E.NOT_IN_COMMUNITY,
      outsider: E.NOT_IN_COMMUNITY,
    },
    // the same over /api/v1
    (_, w) => ["PUT", `/communities/${w.communityId}/members/${targetOf(w, "member2")}/mute`, { durationSeconds: 600 }],
  ],
  [
    "mute an admin",
    (a, w) => muteMember(a, { communityId: w.communityId, userId: targetOf(w, "admin2"), durationSeconds: 600 }),
    { owner: OK, admin: E.TARGET_RANK_NOT_LOWER },
    // the same over /api/v1
    (_, w) => ["PUT", `/communities/${w.communityId}/members/${targetOf(w, "admin2")}/mute`, { durationSeconds: 600 }],
  ],
  [
    "mute oneself",
    (a, w) => muteMember(a, { communityId: w.communityId, userId: a.userId, durationSeconds: 600 }),
    { owner: E.CANNOT_MUTE_SELF, admin: E.CANNOT_MUTE_SELF, member: E.CANNOT_MUTE_SELF },
    // the same over /api/v1
    (a, w) => ["PUT", `/communities/${w.communityId}/members/${a.userId}/mute`, { durationSeconds: 600 }],
  ],
  [
    "mute in a channel of another community",
    async (a, w) => {
      const other = await makeWorld();
      return muteMember(a, {
        communityId: w.communityId,
        userId: targetOf(w, "member2"),
        durationSeconds: 600,
        channelId: other.generalChannelId,
      });
    },
    { owner: E.CHANNEL_NOT_IN_COMMUNITY, admin: E.CHANNEL_NOT_IN_COMMUNITY },
  ],
  [
    "make a member admin",
    (a, w) => setMemberRole(a, { communityId: w.communityId, userId: targetOf(w, "member2"), role: "ADMIN" }),
    {
      owner: OK,
      admin: E.OWNER_ONLY,
      member: E.OWNER_ONLY,
      muted: E.OWNER_ONLY,
      banned: E.NOT_IN_COMMUNITY,
      outsider: E.NOT_IN_COMMUNITY,
    },
    // the same over /api/v1
    (_, w) => ["PUT", `/communities/${w.communityId}/members/${targetOf(w, "member2")}/role`, { role: "ADMIN" }],
  ],
  [
    "set someone to owner",
    (a, w) => setMemberRole(a, { communityId: w.communityId, userId: targetOf(w, "member2"), role: "OWNER" }),
    { owner: E.CANNOT_SET_OWNER, admin: E.CANNOT_SET_OWNER, member: E.CANNOT_SET_OWNER },
    // the same over /api/v1
    (_, w) => ["PUT", `/communities/${w.communityId}/members/${targetOf(w, "member2")}/role`, { role: "OWNER" }],
  ],
  [
    "change one's own role",
    (a, w) => setMemberRole(a, { communityId: w.communityId, userId: a.userId, role: "MEMBER" }),
    { owner: E.CANNOT_CHANGE_OWN_ROLE, admin: E.CANNOT_CHANGE_OWN_ROLE, member: E.CANNOT_CHANGE_OWN_ROLE },
    // the same over /api/v1
    (a, w) => ["PUT", `/communities/${w.communityId}/members/${a.userId}/role`, { role: "MEMBER" }],
  ],
  [
    "set the role of a non-member",
    (a, w) => setMemberRole(a, { communityId: w.communityId, userId: targetOf(w, "outsider"), role: "ADMIN" }),
    { owner: E.NOT_IN_COMMUNITY },
    // the same over /api/v1
    (_, w) => ["PUT", `/communities/${w.communityId}/members/${targetOf(w, "outsider")}/role`, { role: "ADMIN" }],
  ],
  [
    "transfer ownership",
    (a, w) => transferOwnership(a, { communityId: w.communityId, userId: targetOf(w, "member2") }),
    { owner: OK, admin: E.OWNER_ONLY, member: E.OWNER_ONLY, banned: E.NOT_IN_COMMUNITY, outsider: E.NOT_IN_COMMUNITY },
  ],
  [
    "dismiss",
    (a, w) => dismissCommunity(a, { communityId: w.communityId, confirmName: w.community.name }),
    { owner: OK, admin: E.OWNER_ONLY, member: E.OWNER_ONLY, banned: E.NOT_IN_COMMUNITY, outsider: E.NOT_IN_COMMUNITY },
  ],
  [
    "leave",
    (a, w) => leaveCommunity(a, w.communityId),
    {
      owner: E.OWNER_CANNOT_LEAVE,
      admin: OK,
      member: OK,
      muted: OK,
      banned: E.NOT_IN_COMMUNITY,
      outsider: E.NOT_IN_COMMUNITY,
    },
    // the same over /api/v1
    (_, w) => ["POST", `/communities/${w.communityId}/leave`],
  ],
  [
    "list join requests",
    (a, w) => listJoinRequests(a, w.communityId),
    { owner: OK, admin: OK, member: E.NO_PERMISSION, banned: E.NOT_IN_COMMUNITY, outsider: E.NOT_IN_COMMUNITY },
  ],
  [
    "read the audit log",
    (a, w) => listAuditLog(a, w.communityId),
    {
      owner: OK,
      admin: OK,
      member: E.NO_PERMISSION,
      muted: E.NO_PERMISSION,
      banned: E.NOT_IN_COMMUNITY,
      outsider: E.NOT_IN_COMMUNITY,
    },
  ],
  [
    "list event subscriptions",
    (a, w) => listSubscriptions(a, w.communityId),
    {
      owner: OK,
      admin: OK,
      member: E.NO_PERMISSION,
      muted: E.NO_PERMISSION,
      banned: E.NOT_IN_COMMUNITY,
      outsider: E.NOT_IN_COMMUNITY,
    },
    // the same over /api/v1
    (_, w) => ["GET", `/communities/${w.communityId}/subscriptions`],
  ],
  [
    "make an incoming webhook",
    (a, w) => createWebhook(a, { channelId: w.generalChannelId, name: "Hook" }),
    {
      owner: OK,
      admin: OK,
      member: E.NO_PERMISSION,
      muted: E.NO_PERMISSION,
      banned: E.NOT_IN_COMMUNITY,
      outsider: E.NOT_IN_COMMUNITY,
    },
  ],
  [
    "list members",
    (a, w) => listMembers(a, { communityId: w.communityId }),
    { owner: OK, admin: OK, member: OK, muted: OK, banned: E.NOT_IN_COMMUNITY, outsider: E.NOT_IN_COMMUNITY },
    // the same over /api/v1
    (_, w) => ["GET", `/communities/${w.communityId}/members`],
  ],
  [
    "send a message",
    (a, w) => sendMessage(a, { channelId: w.generalChannelId, content: "hi", nonce: nonce() }),
    { owner: OK, admin: OK, member: OK, muted: E.MUTED, banned: E.NOT_IN_COMMUNITY, outsider: E.NOT_IN_COMMUNITY },
    // the same over /api/v1
    (_, w) => ["POST", `/channels/${w.generalChannelId}/messages`, { content: "hi", nonce: nonce() }],
  ],
  [
    "read history",
    (a, w) => listMessages(a, { channelId: w.generalChannelId }),
    { owner: OK, admin: OK, member: OK, muted: OK, banned: E.NOT_IN_COMMUNITY, outsider: E.NOT_IN_COMMUNITY },
    // the same over /api/v1
    (_, w) => ["GET", `/channels/${w.generalChannelId}/messages`],
  ],
  [
    "join by invite link",
    async (a, w) => acceptInvite(a, (await createInvite(w.actors.owner, { communityId: w.communityId })).code),
    { outsider: OK, banned: E.BANNED },
  ],
];
