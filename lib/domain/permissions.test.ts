import { describe, expect, it } from "vitest";
import { AppError, ErrorCode as E } from "../errors";
import { makeWorld, type ActorKind, type World } from "../testing/world";
import { nonce } from "../testing/factories";
import type { Actor } from "./actor";
import { listAuditLog } from "./audit";
import sharp from "sharp";
import { setChannelAvatar } from "./avatars";
import { createCategory, createChannel, deleteCategory, renameCategory, setChannelAttributes } from "./channels";
import { dismissCommunity, setCommunityAttributes, updateCommunity } from "./communities";
import { acceptInvite, createInvite, listInvites } from "./invites";
import { inviteUsers, listJoinRequests } from "./joining";
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
} from "./members";
import { listMessages, sendMessage } from "./messages";
import { db } from "../db";

type Outcome = "ok" | number;
type Action = (actor: Actor, world: World) => Promise<unknown>;

const OK = "ok" as const;
const targetOf = (world: World, kind: ActorKind) => world.actors[kind].userId;

/** Each action × actor → allowed ("ok") or the exact SPEC code. Every cell runs in a fresh world. */
const matrix: Array<[string, Action, Partial<Record<ActorKind, Outcome>>]> = [
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
  ],
  [
    "kick an admin",
    (a, w) => kickMembers(a, { communityId: w.communityId, userIds: [targetOf(w, "admin2")] }),
    { owner: OK, admin: E.TARGET_RANK_NOT_LOWER, member: E.NO_KICK_PERMISSION },
  ],
  [
    "kick the owner",
    (a, w) => kickMembers(a, { communityId: w.communityId, userIds: [targetOf(w, "owner")] }),
    { admin: E.TARGET_RANK_NOT_LOWER, member: E.NO_KICK_PERMISSION },
  ],
  [
    "kick oneself",
    (a, w) => kickMembers(a, { communityId: w.communityId, userIds: [a.userId] }),
    { owner: E.CANNOT_KICK_SELF, admin: E.CANNOT_KICK_SELF, member: E.NO_KICK_PERMISSION },
  ],
  [
    "kick a non-member",
    (a, w) => kickMembers(a, { communityId: w.communityId, userIds: [targetOf(w, "outsider")] }),
    { owner: E.NOT_IN_COMMUNITY, admin: E.NOT_IN_COMMUNITY },
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
  ],
  [
    "ban an admin",
    (a, w) => banMember(a, { communityId: w.communityId, userId: targetOf(w, "admin2") }),
    { owner: OK, admin: E.TARGET_RANK_NOT_LOWER },
  ],
  [
    "ban oneself",
    (a, w) => banMember(a, { communityId: w.communityId, userId: a.userId }),
    { owner: E.CANNOT_BAN_SELF, admin: E.CANNOT_BAN_SELF, member: E.CANNOT_BAN_SELF },
  ],
  [
    "unban",
    (a, w) => unbanMember(a, { communityId: w.communityId, userId: targetOf(w, "banned") }),
    { owner: OK, admin: OK, member: E.NO_PERMISSION, banned: E.NOT_IN_COMMUNITY, outsider: E.NOT_IN_COMMUNITY },
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
  ],
  [
    "mute an admin",
    (a, w) => muteMember(a, { communityId: w.communityId, userId: targetOf(w, "admin2"), durationSeconds: 600 }),
    { owner: OK, admin: E.TARGET_RANK_NOT_LOWER },
  ],
  [
    "mute oneself",
    (a, w) => muteMember(a, { communityId: w.communityId, userId: a.userId, durationSeconds: 600 }),
    { owner: E.CANNOT_MUTE_SELF, admin: E.CANNOT_MUTE_SELF, member: E.CANNOT_MUTE_SELF },
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
  ],
  [
    "set someone to owner",
    (a, w) => setMemberRole(a, { communityId: w.communityId, userId: targetOf(w, "member2"), role: "OWNER" }),
    { owner: E.CANNOT_SET_OWNER, admin: E.CANNOT_SET_OWNER, member: E.CANNOT_SET_OWNER },
  ],
  [
    "change one's own role",
    (a, w) => setMemberRole(a, { communityId: w.communityId, userId: a.userId, role: "MEMBER" }),
    { owner: E.CANNOT_CHANGE_OWN_ROLE, admin: E.CANNOT_CHANGE_OWN_ROLE, member: E.CANNOT_CHANGE_OWN_ROLE },
  ],
  [
    "set the role of a non-member",
    (a, w) => setMemberRole(a, { communityId: w.communityId, userId: targetOf(w, "outsider"), role: "ADMIN" }),
    { owner: E.NOT_IN_COMMUNITY },
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
    "list members",
    (a, w) => listMembers(a, { communityId: w.communityId }),
    { owner: OK, admin: OK, member: OK, muted: OK, banned: E.NOT_IN_COMMUNITY, outsider: E.NOT_IN_COMMUNITY },
  ],
  [
    "send a message",
    (a, w) => sendMessage(a, { channelId: w.generalChannelId, content: "hi", nonce: nonce() }),
    { owner: OK, admin: OK, member: OK, muted: E.MUTED, banned: E.NOT_IN_COMMUNITY, outsider: E.NOT_IN_COMMUNITY },
  ],
  [
    "read history",
    (a, w) => listMessages(a, { channelId: w.generalChannelId }),
    { owner: OK, admin: OK, member: OK, muted: OK, banned: E.NOT_IN_COMMUNITY, outsider: E.NOT_IN_COMMUNITY },
  ],
  [
    "join by invite link",
    async (a, w) => acceptInvite(a, (await createInvite(w.actors.owner, { communityId: w.communityId })).code),
    { outsider: OK, banned: E.BANNED },
  ],
];

async function outcomeOf(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    const result = (await run()) as { results?: Array<{ ok: boolean; code?: number }> } | undefined;
    const first = result?.results?.[0];
    if (first && !first.ok) return first.code!;
    return OK;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

const cells = matrix.flatMap(([name, action, expected]) =>
  Object.entries(expected).map(([kind, outcome]) => ({ name, action, kind: kind as ActorKind, outcome })),
);

describe("permission matrix", () => {
  it.each(cells)("$name as $kind → $outcome", async ({ action, kind, outcome }) => {
    const world = await makeWorld();
    expect(await outcomeOf(() => action(world.actors[kind], world))).toBe(outcome);
  });
});
