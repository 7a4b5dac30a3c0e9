import { afterEach, describe, expect, it } from "vitest";
import { now } from "../clock";
import { db } from "../db";
import { ErrorCode, toFailure } from "../errors";
import { makeCommunity, makeUser, nonce, unique } from "../testing/factories";
import { useOwnDatabase } from "../testing/own-database";
import type { Actor } from "./actor";
import { getCommunityForAdmin, listAllCommunities, setCommunityDisabled } from "./admin-communities";
import { listAuditLog } from "./audit";
import { addChannelMembers, createChannel, deleteChannel, updateChannel } from "./channels";
import { createCommunity, getCommunityView, setCommunityAttributes, updateCommunity } from "./communities";
import { acceptInvite, createInvite, listInvites } from "./invites";
import { inviteUsers, joinOpenCommunity, listJoinRequests, requestToJoin } from "./joining";
import { banMember, kickMembers, leaveCommunity, listBans, listMembers, muteMember, setMemberRole } from "./members";
import { deleteMessage, editMessage, listMessages, sendMessage } from "./messages";
import { pinMessage } from "./pins";
import { reactToMessage } from "./reactions";
import { markChannelRead } from "./read-state";
import { createThread, updateThread } from "./threads";

// "The first account" is app-wide: this file has a database of its own, so its first user is the app administrator.
useOwnDatabase();

const codeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (error) => toFailure(error).code,
  );

/** A kick answers per user: the refusal is either thrown or the user's own result. */
const kickCodeOf = async (promise: Promise<{ results: { ok: boolean; code?: number }[] }>) =>
  promise.then(
    ({ results }) => (results.every((r) => r.ok) ? "ok" : results.find((r) => !r.ok)!.code),
    (error) => toFailure(error).code,
  );

/** The first account of this (empty) database administers it. */
let adminActor: (Actor & { username: string }) | null = null;
async function appAdmin() {
  adminActor ??= await makeUser("first");
  return adminActor;
}

afterEach(() => {
  delete process.env.APP_ADMINS;
});

const DISABLED = ErrorCode.COMMUNITY_DISABLED;

/**
 * A community with an owner, an admin, members (one to act as a target, one to leave), a message
 * of each of owner/admin/member, a thread, a public and a private channel, a pending join request,
 * a ban, an invite link and member invites allowed; open to join; then disabled by the app admin.
 */
async function disabledCommunity() {
  const admin = await appAdmin();
  const { owner, community, generalChannelId, members } = await makeCommunity(4);
  const [manager, member, target, leaver] = members;
  const communityId = community.id;
  await setMemberRole(owner, { communityId, userId: manager.userId, role: "ADMIN" });

  await updateCommunity(owner, { communityId, joinMode: "APPROVAL", allowMemberInvites: true });
  const requester = await makeUser("requester");
  await requestToJoin(requester, { communityId, message: "let me in" });
  await updateCommunity(owner, { communityId, joinMode: "OPEN" });
  const banned = await makeUser("banned");
  await banMember(owner, { communityId, userId: banned.userId, reason: "spam" });
  const invite = await createInvite(owner, { communityId });

  const send = (actor: Actor, content: string) =>
    sendMessage(actor, { channelId: generalChannelId, content, nonce: nonce() });
  const said = {
    owner: await send(owner, "from the owner"),
    admin: await send(manager, "from the admin"),
    member: await send(member, "from a member"),
  };
  const starter = await send(owner, "start a thread here");
  const thread = await createThread(member, { messageId: starter.id, name: "The thread" });
  const reply = await sendMessage(member, { channelId: thread.id, content: "first reply", nonce: nonce() });
  const channel = await createChannel(owner, { communityId, name: "side", topic: "before" });
  const secret = await createChannel(owner, { communityId, name: "secret", kind: "PRIVATE" });

  const disabled = await setCommunityDisabled(admin, { communityId, disabled: true });
  return {
    admin,
    owner,
    manager,
    member,
    target,
    leaver,
    requester,
    banned,
    communityId,
    communityName: community.name,
    generalChannelId,
    invite,
    said,
    starter,
    thread,
    reply,
    channel,
    secret,
    disabled,
  };
}

/** What a refused change must leave as it was. */
async function snapshot(communityId: string) {
  const [
    community,
    members,
    messages,
    reactions,
    threads,
    channels,
    channelSeats,
    attributes,
    bans,
    mutes,
    invites,
    audit,
  ] = await Promise.all([
    db.community.findUniqueOrThrow({
      where: { id: communityId },
      select: {
        name: true,
        notice: true,
        joinMode: true,
        allowMemberInvites: true,
        memberCount: true,
        channelCount: true,
        disabledAt: true,
        disabledById: true,
      },
    }),
    db.member.findMany({
      where: { communityId },
      orderBy: { userId: "asc" },
      select: { userId: true, role: true, mutedUntil: true },
    }),
    db.message.findMany({
      where: { channel: { communityId } },
      orderBy: { id: "asc" },
      select: { id: true, content: true, editedAt: true, deletedAt: true, removedAt: true, pinnedAt: true },
    }),
    db.reaction.count({ where: { message: { channel: { communityId } } } }),
    db.thread.findMany({
      where: { parent: { communityId } },
      orderBy: { id: "asc" },
      include: { channel: { select: { name: true } } },
    }),
    db.channel.findMany({
      where: { communityId },
      orderBy: { id: "asc" },
      select: { id: true, name: true, topic: true },
    }),
    db.channelMember.count({ where: { channel: { communityId } } }),
    db.communityAttribute.count({ where: { communityId } }),
    db.ban.count({ where: { communityId } }),
    db.channelMute.count({ where: { channel: { communityId } } }),
    db.invite.findMany({ where: { communityId }, orderBy: { code: "asc" }, select: { code: true, uses: true } }),
    db.auditEntry.count({ where: { communityId } }),
  ]);
  return {
    community,
    members,
    messages,
    reactions,
    threads,
    channels,
    channelSeats,
    attributes,
    bans,
    mutes,
    invites,
    audit,
  };
}

describe("only app administrators", () => {
  it("list, look at, disable and enable communities; anyone else gets APP_ADMIN_ONLY and nothing changes", async () => {
    const admin = await appAdmin();
    const { owner, community } = await makeCommunity(1);
    const stranger = await makeUser("stranger");

    for (const actor of [owner, stranger]) {
      expect(await codeOf(listAllCommunities(actor)), "listAllCommunities").toBe(ErrorCode.APP_ADMIN_ONLY);
      expect(
        await codeOf(listAllCommunities(actor, { query: community.name })),
        "listAllCommunities with a query",
      ).toBe(ErrorCode.APP_ADMIN_ONLY);
      expect(await codeOf(getCommunityForAdmin(actor, community.id)), "getCommunityForAdmin").toBe(
        ErrorCode.APP_ADMIN_ONLY,
      );
      expect(await codeOf(setCommunityDisabled(actor, { communityId: community.id, disabled: true })), "disable").toBe(
        ErrorCode.APP_ADMIN_ONLY,
      );
      // even for an id that does not exist: nothing leaks to a non-admin
      expect(await codeOf(getCommunityForAdmin(actor, "no-such-community"))).toBe(ErrorCode.APP_ADMIN_ONLY);
    }
    const row = await db.community.findUniqueOrThrow({ where: { id: community.id } });
    expect(row.disabledAt).toBeNull();
    expect(row.disabledById).toBeNull();
    // the owner still changes their community as usual
    expect(await codeOf(updateCommunity(owner, { communityId: community.id, notice: "still mine" }))).toBe("ok");

    // nor can a non-admin enable a community the admin disabled
    await setCommunityDisabled(admin, { communityId: community.id, disabled: true });
    expect(await codeOf(setCommunityDisabled(owner, { communityId: community.id, disabled: false }))).toBe(
      ErrorCode.APP_ADMIN_ONLY,
    );
    expect(await codeOf(setCommunityDisabled(stranger, { communityId: community.id, disabled: false }))).toBe(
      ErrorCode.APP_ADMIN_ONLY,
    );
    const still = await db.community.findUniqueOrThrow({ where: { id: community.id } });
    expect(still.disabledAt).not.toBeNull();
    expect(still.disabledById).toBe(admin.userId);

    // whoever APP_ADMINS names is an app administrator too
    process.env.APP_ADMINS = `someone-else, ${stranger.username.toUpperCase()}`;
    expect(await codeOf(listAllCommunities(stranger))).toBe("ok");
    expect(
      (await setCommunityDisabled(stranger, { communityId: community.id, disabled: false })).disabledAt,
    ).toBeNull();
  });
});

describe("listAllCommunities", () => {
  it("lists newest first, in keyset pages, finds names by a case-insensitive substring", async () => {
    const admin = await appAdmin();
    const tag = nonce(); // hex: letters a-f and digits
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      const owner = await makeUser(`lister${i}`);
      created.push((await createCommunity(owner, { name: `Great Hall ${tag} no.${i}` })).community.id);
    }
    const decoy = await createCommunity(await makeUser("decoy"), { name: `Other ${tag}` });
    const newestFirst = [...created].reverse();

    // a query: 5 matches, pages of 2 → 2, 2, 1, each community exactly once, newest first
    const query = `eAT hALL ${tag.toUpperCase()}`;
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await listAllCommunities(admin, { query, cursor, limit: 2 });
      sizes.push(result.communities.length);
      seen.push(...result.communities.map((c) => c.id));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual(newestFirst);
    expect(seen).not.toContain(decoy.community.id);

    // the tag alone finds the decoy too, newest first
    expect(
      (await listAllCommunities(admin, { query: `  ${tag.toUpperCase()} ` })).communities.map((c) => c.id),
    ).toEqual([decoy.community.id, ...newestFirst]);
    // a name that matches nothing
    expect(await listAllCommunities(admin, { query: `no such hall ${tag}` })).toEqual({
      communities: [],
      nextCursor: null,
    });
    // what the database cannot store is refused as input, not a server error
    expect(await codeOf(listAllCommunities(admin, { query: "hall\u0000" }))).toBe(ErrorCode.INVALID_INPUT);
    expect(await codeOf(listAllCommunities(admin, { cursor: "\u0000" }))).toBe(ErrorCode.INVALID_INPUT);

    // no query: every community of the installation, exactly once, newest first
    const all: string[] = [];
    cursor = undefined;
    for (let page = 0; page < 1000; page++) {
      const result = await listAllCommunities(admin, { cursor, limit: 2 });
      expect(result.communities.length).toBeLessThanOrEqual(2);
      all.push(...result.communities.map((c) => c.id));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    const stored = await db.community.findMany({
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true },
    });
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual(stored.map((c) => c.id));
    expect(all.length).toBeGreaterThanOrEqual(6);
    expect(all.slice(0, 6)).toEqual([decoy.community.id, ...newestFirst]);
  });

  it("entries carry the owner, member and channel counts, the creation time and who disabled it", async () => {
    const admin = await appAdmin();
    const before = Date.now();
    const { owner, community } = await makeCommunity(2);
    await createChannel(owner, { communityId: community.id, name: "extra" });
    await updateCommunity(owner, { communityId: community.id, notice: "Welcome", joinMode: "APPROVAL" });
    const ownerRow = await db.user.findUniqueOrThrow({ where: { id: owner.userId } });

    const [entry] = (await listAllCommunities(admin, { query: community.name })).communities;
    expect(entry).toEqual({
      id: community.id,
      name: community.name,
      notice: "Welcome",
      owner: { id: owner.userId, username: ownerRow.username, displayName: ownerRow.displayName },
      memberCount: 3,
      channelCount: 2,
      joinMode: "APPROVAL",
      createdAt: expect.any(String),
      disabledAt: null,
      disabledBy: null,
    });
    const createdAt = new Date(entry.createdAt).getTime();
    expect(entry.createdAt).toBe(new Date(createdAt).toISOString());
    expect(createdAt).toBeGreaterThanOrEqual(before - 1_000);
    expect(createdAt).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(await getCommunityForAdmin(admin, community.id)).toEqual(entry);

    const adminRow = await db.user.findUniqueOrThrow({ where: { id: admin.userId } });
    const disabled = await setCommunityDisabled(admin, { communityId: community.id, disabled: true });
    const [listed] = (await listAllCommunities(admin, { query: community.name })).communities;
    expect(listed).toEqual(disabled);
    expect(listed.disabledBy).toEqual({
      id: admin.userId,
      username: adminRow.username,
      displayName: adminRow.displayName,
    });
    expect(new Date(listed.disabledAt!).getTime()).toBeGreaterThanOrEqual(createdAt);
    expect(new Date(listed.disabledAt!).getTime()).toBeLessThanOrEqual(now().getTime() + 1_000);
  });
});

describe("getCommunityForAdmin", () => {
  it("answers COMMUNITY_NOT_FOUND for an unknown id (and so does setCommunityDisabled)", async () => {
    const admin = await appAdmin();
    expect(await codeOf(getCommunityForAdmin(admin, "01ZZZZZZZZZZZZZZZZZZZZZZZZ"))).toBe(ErrorCode.COMMUNITY_NOT_FOUND);
    expect(await codeOf(getCommunityForAdmin(admin, unique("missing")))).toBe(ErrorCode.COMMUNITY_NOT_FOUND);
    expect(await codeOf(setCommunityDisabled(admin, { communityId: unique("missing"), disabled: true }))).toBe(
      ErrorCode.COMMUNITY_NOT_FOUND,
    );
  });
});

describe("a disabled community", () => {
  it("is marked disabled by the admin who did it", async () => {
    const f = await disabledCommunity();
    expect(f.disabled.disabledBy?.id).toBe(f.admin.userId);
    expect(f.disabled.disabledAt).not.toBeNull();
    const seen = await getCommunityForAdmin(f.admin, f.communityId);
    expect(seen.disabledBy).toMatchObject({ id: f.admin.userId, username: f.admin.username });
    expect(seen.disabledAt).toBe(f.disabled.disabledAt);
  });

  it("refuses every message change to the owner, an admin and a member: send, edit, delete, react, threads", async () => {
    const f = await disabledCommunity();
    const before = await snapshot(f.communityId);
    const actors = [
      ["owner", f.owner, f.said.owner],
      ["admin", f.manager, f.said.admin],
      ["member", f.member, f.said.member],
    ] as const;
    for (const [who, actor, own] of actors) {
      const attempts: [string, () => Promise<unknown>][] = [
        ["send", () => sendMessage(actor, { channelId: f.generalChannelId, content: "hello?", nonce: nonce() })],
        [
          "reply in the thread",
          () => sendMessage(actor, { channelId: f.thread.id, content: "a reply", nonce: nonce() }),
        ],
        ["edit own", () => editMessage(actor, { messageId: own.id, content: "edited" })],
        ["delete own", () => deleteMessage(actor, own.id)],
        ["react", () => reactToMessage(actor, { messageId: f.said.owner.id, emoji: "👍", add: true })],
        ["create a thread", () => createThread(actor, { messageId: own.id })],
        ["rename the thread", () => updateThread(actor, { threadId: f.thread.id, name: "Renamed" })],
        ["resolve the thread", () => updateThread(actor, { threadId: f.thread.id, resolved: true })],
      ];
      for (const [what, attempt] of attempts) expect(await codeOf(attempt()), `${who}: ${what}`).toBe(DISABLED);
    }
    // the owner and admins cannot remove someone else's message (or lock/archive a thread) either
    expect(await codeOf(deleteMessage(f.owner, f.said.member.id)), "owner removes a member's message").toBe(DISABLED);
    expect(await codeOf(deleteMessage(f.manager, f.said.member.id)), "admin removes a member's message").toBe(DISABLED);
    expect(
      await codeOf(updateThread(f.manager, { threadId: f.thread.id, locked: true })),
      "admin locks the thread",
    ).toBe(DISABLED);
    expect(
      await codeOf(updateThread(f.owner, { threadId: f.thread.id, archived: true })),
      "owner archives the thread",
    ).toBe(DISABLED);

    expect(await snapshot(f.communityId)).toEqual(before);
    expect(before.messages.every((m) => m.editedAt === null && m.deletedAt === null && m.removedAt === null)).toBe(
      true,
    );
    expect(before.threads).toHaveLength(1);
  });

  it("refuses every management change to the owner and an admin; invites to members too", async () => {
    const f = await disabledCommunity();
    const outsider = await makeUser("outsider");
    const before = await snapshot(f.communityId);
    for (const [who, actor] of [
      ["owner", f.owner],
      ["admin", f.manager],
    ] as const) {
      const attempts: [string, () => Promise<unknown>][] = [
        ["pin", () => pinMessage(actor, { messageId: f.said.member.id, pin: true })],
        ["create a channel", () => createChannel(actor, { communityId: f.communityId, name: "new-one" })],
        ["update a channel", () => updateChannel(actor, { channelId: f.channel.id, topic: "after" })],
        ["delete a channel", () => deleteChannel(actor, f.channel.id)],
        [
          "seat a member in a private channel",
          () => addChannelMembers(actor, { channelId: f.secret.id, userIds: [f.member.userId] }),
        ],
        [
          "update the community",
          () => updateCommunity(actor, { communityId: f.communityId, name: "Renamed", notice: "new notice" }),
        ],
        ["close the community", () => updateCommunity(actor, { communityId: f.communityId, joinMode: "INVITE_ONLY" })],
        ["set attributes", () => setCommunityAttributes(actor, { communityId: f.communityId, set: { color: "red" } })],
        ["ban", () => banMember(actor, { communityId: f.communityId, userId: f.target.userId, reason: "x" })],
        ["ban an outsider", () => banMember(actor, { communityId: f.communityId, userId: outsider.userId })],
        [
          "mute",
          () => muteMember(actor, { communityId: f.communityId, userId: f.target.userId, durationSeconds: 600 }),
        ],
        [
          "mute in a channel",
          () =>
            muteMember(actor, {
              communityId: f.communityId,
              userId: f.target.userId,
              durationSeconds: 600,
              channelId: f.channel.id,
            }),
        ],
      ];
      for (const [what, attempt] of attempts) expect(await codeOf(attempt()), `${who}: ${what}`).toBe(DISABLED);
    }
    expect(
      await codeOf(setMemberRole(f.owner, { communityId: f.communityId, userId: f.target.userId, role: "ADMIN" })),
      "owner promotes",
    ).toBe(DISABLED);
    expect(
      await codeOf(setMemberRole(f.owner, { communityId: f.communityId, userId: f.manager.userId, role: "MEMBER" })),
      "owner demotes",
    ).toBe(DISABLED);

    for (const [who, actor] of [
      ["owner", f.owner],
      ["admin", f.manager],
      ["member", f.member],
    ] as const) {
      expect(await codeOf(createInvite(actor, { communityId: f.communityId })), `${who}: create an invite`).toBe(
        DISABLED,
      );
      expect(
        await codeOf(inviteUsers(actor, { communityId: f.communityId, usernames: [outsider.username] })),
        `${who}: invite users`,
      ).toBe(DISABLED);
    }

    expect(await snapshot(f.communityId)).toEqual(before);
    expect(await db.member.count({ where: { userId: outsider.userId } })).toBe(0);
  });

  it("refuses kicking to the owner and an admin", async () => {
    const f = await disabledCommunity();
    const before = await snapshot(f.communityId);
    expect(
      await kickCodeOf(kickMembers(f.manager, { communityId: f.communityId, userIds: [f.target.userId] })),
      "admin kicks",
    ).toBe(DISABLED);
    expect(
      await kickCodeOf(kickMembers(f.owner, { communityId: f.communityId, userIds: [f.target.userId] })),
      "owner kicks",
    ).toBe(DISABLED);
    expect(await snapshot(f.communityId)).toEqual(before);
  });

  it("refuses outsiders joining: an open community, an invite link made before it was disabled", async () => {
    const f = await disabledCommunity();
    const walker = await makeUser("walker");
    const linked = await makeUser("linked");
    const before = await snapshot(f.communityId);
    expect(await codeOf(joinOpenCommunity(walker, f.communityId)), "join an open community").toBe(DISABLED);
    expect(await codeOf(acceptInvite(linked, f.invite.code)), "accept an invite link").toBe(DISABLED);
    expect(await snapshot(f.communityId)).toEqual(before);
    for (const user of [walker, linked]) {
      expect(await db.member.count({ where: { userId: user.userId } })).toBe(0);
      expect((await db.user.findUniqueOrThrow({ where: { id: user.userId } })).communityCount).toBe(0);
    }
  });

  it("stays readable: history, the view (marked disabled), members, invites, bans, requests, the audit log, read positions", async () => {
    const f = await disabledCommunity();
    const history = await listMessages(f.member, { channelId: f.generalChannelId });
    expect(history.messages.map((m) => m.id)).toEqual(
      expect.arrayContaining([f.said.owner.id, f.said.admin.id, f.said.member.id, f.starter.id]),
    );
    expect((await listMessages(f.owner, { channelId: f.thread.id })).messages.map((m) => m.id)).toEqual([f.reply.id]);

    const view = await getCommunityView(f.member, f.communityId);
    expect(view.community).toMatchObject({ id: f.communityId, disabled: true, role: "MEMBER" });
    expect(view.channels.map((c) => c.id)).toEqual(expect.arrayContaining([f.generalChannelId, f.channel.id]));
    expect((await getCommunityView(f.owner, f.communityId)).community.disabled).toBe(true);

    const { members } = await listMembers(f.member, { communityId: f.communityId });
    expect(members.map((m) => m.id).sort()).toEqual(
      [f.owner, f.manager, f.member, f.target, f.leaver].map((a) => a.userId).sort(),
    );

    for (const manager of [f.owner, f.manager]) {
      // makeCommunity's own links (one per member it added) are there too
      const codes = (await listInvites(manager, f.communityId)).map((i) => i.code);
      expect(codes).toContain(f.invite.code);
      expect(codes.sort()).toEqual(
        (await db.invite.findMany({ where: { communityId: f.communityId }, select: { code: true } }))
          .map((i) => i.code)
          .sort(),
      );
      expect((await listBans(manager, f.communityId)).bans.map((b) => b.user.id)).toEqual([f.banned.userId]);
      expect((await listJoinRequests(manager, f.communityId)).requests.map((r) => r.user.id)).toEqual([
        f.requester.userId,
      ]);
      const { entries } = await listAuditLog(manager, f.communityId);
      expect(entries.map((e) => e.action)).toEqual(
        expect.arrayContaining(["member.ban", "invite.create", "member.role", "community.update"]),
      );
    }

    const read = await markChannelRead(f.member, { channelId: f.generalChannelId, messageId: f.said.member.id });
    expect(read).toMatchObject({ channelId: f.generalChannelId, lastReadId: f.said.member.id });
  });

  it("still lets a member leave", async () => {
    const f = await disabledCommunity();
    const { memberCount } = await db.community.findUniqueOrThrow({ where: { id: f.communityId } });
    expect(await codeOf(leaveCommunity(f.leaver, f.communityId))).toBe("ok");
    expect(await db.member.count({ where: { communityId: f.communityId, userId: f.leaver.userId } })).toBe(0);
    expect((await db.community.findUniqueOrThrow({ where: { id: f.communityId } })).memberCount).toBe(memberCount - 1);
    expect((await db.user.findUniqueOrThrow({ where: { id: f.leaver.userId } })).communityCount).toBe(0);
  });
});

describe("enabling a community again", () => {
  it("clears who disabled it and when; sends, management and joining work again", async () => {
    const f = await disabledCommunity();
    const whileDisabled = await getCommunityForAdmin(f.admin, f.communityId);
    expect(whileDisabled.disabledBy?.id).toBe(f.admin.userId);
    expect(whileDisabled.disabledAt).not.toBeNull();

    const enabled = await setCommunityDisabled(f.admin, { communityId: f.communityId, disabled: false });
    expect(enabled).toMatchObject({ id: f.communityId, disabledAt: null, disabledBy: null });
    expect(await getCommunityForAdmin(f.admin, f.communityId)).toMatchObject({ disabledAt: null, disabledBy: null });
    const row = await db.community.findUniqueOrThrow({ where: { id: f.communityId } });
    expect(row.disabledAt).toBeNull();
    expect(row.disabledById).toBeNull();
    expect((await getCommunityView(f.member, f.communityId)).community.disabled).toBe(false);

    // messages
    const sent = await sendMessage(f.member, { channelId: f.generalChannelId, content: "back again", nonce: nonce() });
    expect(sent.content).toBe("back again");
    expect((await editMessage(f.member, { messageId: f.said.member.id, content: "edited" })).content).toBe("edited");
    expect(await codeOf(reactToMessage(f.member, { messageId: f.said.owner.id, emoji: "👍", add: true }))).toBe("ok");
    expect(await codeOf(updateThread(f.member, { threadId: f.thread.id, name: "Renamed" }))).toBe("ok");
    expect(await codeOf(pinMessage(f.owner, { messageId: f.said.admin.id, pin: true }))).toBe("ok");
    expect(await codeOf(deleteMessage(f.manager, f.said.admin.id))).toBe("ok");

    // management
    expect(await codeOf(createChannel(f.owner, { communityId: f.communityId, name: "new-one" }))).toBe("ok");
    expect(await codeOf(updateChannel(f.manager, { channelId: f.channel.id, topic: "after" }))).toBe("ok");
    expect(await codeOf(updateCommunity(f.manager, { communityId: f.communityId, notice: "we are back" }))).toBe("ok");
    expect(await codeOf(setCommunityAttributes(f.owner, { communityId: f.communityId, set: { color: "red" } }))).toBe(
      "ok",
    );
    expect(
      await codeOf(
        muteMember(f.manager, { communityId: f.communityId, userId: f.target.userId, durationSeconds: 600 }),
      ),
    ).toBe("ok");
    expect(
      await codeOf(setMemberRole(f.owner, { communityId: f.communityId, userId: f.member.userId, role: "ADMIN" })),
    ).toBe("ok");
    expect(await kickCodeOf(kickMembers(f.owner, { communityId: f.communityId, userIds: [f.target.userId] }))).toBe(
      "ok",
    );

    // joining
    const walker = await makeUser("walker");
    expect(await codeOf(joinOpenCommunity(walker, f.communityId))).toBe("ok");
    const linked = await makeUser("linked");
    expect((await acceptInvite(linked, f.invite.code)).joined).toBe(true);
    expect(await codeOf(createInvite(f.member, { communityId: f.communityId }))).toBe("ok");

    const after = await db.community.findUniqueOrThrow({ where: { id: f.communityId } });
    expect(after.notice).toBe("we are back");
    expect(after.memberCount).toBe(5 - 1 + 2); // owner + 4 members, one kicked, two joined
  });
});
