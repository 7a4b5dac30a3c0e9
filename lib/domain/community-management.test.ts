import { describe, expect, it } from "vitest";
import { db } from "../db";
import { ErrorCode } from "../errors";
import { pinClock } from "../testing/clock";
import { makeWorld } from "../testing/world";
import { makeCommunity, makeUser, nonce, unique } from "../testing/factories";
import { listAuditLog } from "./audit";
import { dismissCommunity, getCommunitySettings, setCommunityAttributes, updateCommunity } from "./communities";
import { acceptInvite, createInvite } from "./invites";
import {
  decideJoinRequest,
  discoverCommunities,
  inviteUsers,
  joinOpenCommunity,
  listJoinRequests,
  requestToJoin,
} from "./joining";
import {
  banMember,
  kickMembers,
  leaveCommunity,
  listBans,
  listMembers,
  muteMember,
  transferOwnership,
  unbanMember,
  unmuteMember,
} from "./members";
import { openChannel, sendMessage } from "./messages";
import { currentPlan } from "./internal/plan";

describe("community profile", () => {
  it("names and notices at the limit pass, one over is refused; HTML is stored as typed", async () => {
    const { owner, community } = await makeCommunity();
    const name = "n".repeat((await currentPlan()).communityNameLength!);
    await expect(
      updateCommunity(owner, {
        communityId: community.id,
        name,
        notice: "x".repeat((await currentPlan()).communityNoticeLength!),
      }),
    ).resolves.toMatchObject({ name });
    await expect(updateCommunity(owner, { communityId: community.id, name: name + "n" })).rejects.toThrow(
      "Community name must be at most 300 characters.",
    );
    await expect(updateCommunity(owner, { communityId: community.id, notice: "x".repeat(501) })).rejects.toThrow(
      "Notice must be at most 500 characters.",
    );
    const html = `<img src=x onerror="alert(1)"><script>alert(2)</script>`;
    await expect(
      updateCommunity(owner, { communityId: community.id, name: html, notice: html }),
    ).resolves.toMatchObject({ name: html, notice: html });
    await expect(updateCommunity(owner, { communityId: community.id, joinMode: "NOPE" as never })).rejects.toThrow(
      "Choose open, approval or invite-only.",
    );
  });

  it("attributes: several set and removed at once, failures reported per key, the rest applied", async () => {
    const { owner, community } = await makeCommunity();
    const eight = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`key${i}`, `value${i}`]));
    expect((await setCommunityAttributes(owner, { communityId: community.id, set: eight })).failures).toEqual([]);
    const result = await setCommunityAttributes(owner, {
      communityId: community.id,
      set: {
        key0: "changed",
        ninth: "ok",
        tenth: "ok",
        eleventh: "ok",
        twelfth: "too many",
        ["k".repeat(17)]: "long key",
        longvalue: "v".repeat(1025),
      },
      remove: ["key1"],
    });
    expect(result.failures).toEqual([
      { key: "twelfth", code: ErrorCode.TOO_MANY_ATTRIBUTES, message: "A community can have at most 10 attributes." },
      {
        key: "k".repeat(17),
        code: ErrorCode.ATTRIBUTE_KEY_TOO_LONG,
        message: `Key "${"k".repeat(17)}" is longer than 16 characters.`,
      },
      {
        key: "longvalue",
        code: ErrorCode.ATTRIBUTE_VALUE_TOO_LONG,
        message: 'The value of "longvalue" is longer than 1,024 characters.',
      },
    ]);
    expect(Object.keys(result.attributes)).toHaveLength(10);
    expect(result.attributes).toMatchObject({ key0: "changed", ninth: "ok", tenth: "ok", eleventh: "ok" });
    expect(result.attributes).not.toHaveProperty("key1");
    const edge = await setCommunityAttributes(owner, {
      communityId: community.id,
      set: { ["k".repeat(16)]: "v".repeat(1024) },
      remove: ["key2"],
    });
    expect(edge.failures).toEqual([]);
    expect((await getCommunitySettings(owner, community.id)).attributes["k".repeat(16)]).toHaveLength(1024);
  });

  it("dismiss needs the exact name, frees every member's seat and leaves nothing behind", async () => {
    const { owner, community, members } = await makeCommunity(2);
    await expect(dismissCommunity(owner, { communityId: community.id, confirmName: "wrong" })).rejects.toMatchObject({
      code: ErrorCode.INVALID_INPUT,
    });
    const before = await db.user.findUniqueOrThrow({ where: { id: members[0].userId } });
    await expect(
      dismissCommunity(owner, { communityId: community.id, confirmName: community.name }),
    ).resolves.toMatchObject({ memberCount: 3 });
    expect(await db.community.findUnique({ where: { id: community.id } })).toBeNull();
    expect(await db.member.count({ where: { communityId: community.id } })).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: members[0].userId } })).communityCount).toBe(
      before.communityCount - 1,
    );
  });
});

describe("joining", () => {
  it("join modes: open joins at once, approval takes a request, invite-only refuses both", async () => {
    const { owner, community } = await makeCommunity();
    const alice = await makeUser("alice");
    await expect(joinOpenCommunity(alice, community.id)).rejects.toMatchObject({ code: ErrorCode.JOIN_MODE_MISMATCH });
    await expect(requestToJoin(alice, { communityId: community.id })).rejects.toMatchObject({
      code: ErrorCode.JOIN_MODE_MISMATCH,
    });

    await updateCommunity(owner, { communityId: community.id, joinMode: "OPEN" });
    const found = await discoverCommunities(alice, { query: community.name.slice(-6) });
    expect(found.communities).toEqual([
      expect.objectContaining({ id: community.id, isMember: false, joinMode: "OPEN" }),
    ]);
    await expect(joinOpenCommunity(alice, community.id)).resolves.toMatchObject({ id: community.id, role: "MEMBER" });
    await expect(joinOpenCommunity(alice, community.id)).rejects.toMatchObject({
      code: ErrorCode.ALREADY_IN_COMMUNITY,
    });

    await updateCommunity(owner, { communityId: community.id, joinMode: "APPROVAL" });
    const bob = await makeUser("bob");
    const carol = await makeUser("carol");
    const bobRequest = await requestToJoin(bob, { communityId: community.id, message: "<b>hi</b> let me in" });
    expect(bobRequest).toMatchObject({ status: "PENDING", message: "<b>hi</b> let me in" });
    expect((await requestToJoin(bob, { communityId: community.id })).id).toBe(bobRequest.id); // one pending request
    const carolRequest = await requestToJoin(carol, { communityId: community.id });
    expect((await listJoinRequests(owner, community.id)).requests.map((r) => r.user.id)).toEqual([
      bob.userId,
      carol.userId,
    ]);
    await decideJoinRequest(owner, { requestId: bobRequest.id, accept: true });
    await decideJoinRequest(owner, { requestId: carolRequest.id, accept: false });
    await expect(decideJoinRequest(owner, { requestId: carolRequest.id, accept: true })).rejects.toMatchObject({
      code: ErrorCode.JOIN_REQUEST_NOT_FOUND,
    });
    expect(
      await db.member.findUnique({ where: { communityId_userId: { communityId: community.id, userId: bob.userId } } }),
    ).not.toBeNull();
    expect(
      await db.member.findUnique({
        where: { communityId_userId: { communityId: community.id, userId: carol.userId } },
      }),
    ).toBeNull();
    expect((await listJoinRequests(owner, community.id)).requests).toEqual([]);
  });

  it("a banned user cannot come back by link, request, open join or invite; unban lets them", async () => {
    const { owner, community, members } = await makeCommunity(1);
    const [victim] = members;
    const link = await createInvite(owner, { communityId: community.id });
    await banMember(owner, { communityId: community.id, userId: victim.userId, reason: "spam" });
    expect(await db.member.count({ where: { communityId: community.id, userId: victim.userId } })).toBe(0);
    await expect(acceptInvite(victim, link.code)).rejects.toMatchObject({ code: ErrorCode.BANNED });
    await updateCommunity(owner, { communityId: community.id, joinMode: "OPEN" });
    await expect(joinOpenCommunity(victim, community.id)).rejects.toMatchObject({ code: ErrorCode.BANNED });
    await updateCommunity(owner, { communityId: community.id, joinMode: "APPROVAL" });
    await expect(requestToJoin(victim, { communityId: community.id })).rejects.toMatchObject({
      code: ErrorCode.BANNED,
    });
    const username = (await db.user.findUniqueOrThrow({ where: { id: victim.userId } })).username;
    expect((await inviteUsers(owner, { communityId: community.id, usernames: [username] })).results).toEqual([
      expect.objectContaining({
        ok: false,
        code: ErrorCode.BANNED,
        message: `${username} is banned from this community.`,
      }),
    ]);
    // bans page by cursor: every ban once
    const more = await Promise.all([1, 2, 3].map((i) => makeUser(`spammer${i}`)));
    for (const user of more) await banMember(owner, { communityId: community.id, userId: user.userId });
    const first = await listBans(owner, community.id, { limit: 2 });
    const second = await listBans(owner, community.id, { limit: 2, cursor: first.nextCursor! });
    expect([...first.bans, ...second.bans].map((b) => b.user.id).sort()).toEqual(
      [victim.userId, ...more.map((u) => u.userId)].sort(),
    );
    expect(second.nextCursor).toBeNull();
    await unbanMember(owner, { communityId: community.id, userId: victim.userId });
    await expect(acceptInvite(victim, link.code)).resolves.toMatchObject({ joined: true });
  });

  it("invites by username report per user: invited (pending, nobody joins yet), unknown, already a member", async () => {
    const { owner, community, members } = await makeCommunity(1);
    const fresh = await makeUser("fresh");
    const full = await makeUser("full");
    await db.user.update({
      where: { id: full.userId },
      data: { communityCount: (await currentPlan()).communitiesPerUser! },
    });
    const memberName = (await db.user.findUniqueOrThrow({ where: { id: members[0].userId } })).username;
    const { results } = await inviteUsers(owner, {
      communityId: community.id,
      usernames: [fresh.username, "no_such_user_x", memberName, full.username],
    });
    expect(results).toEqual([
      { username: fresh.username, userId: fresh.userId, ok: true, invited: true },
      {
        username: "no_such_user_x",
        ok: false,
        code: ErrorCode.USER_NOT_FOUND,
        message: "No user is called no_such_user_x.",
      },
      expect.objectContaining({ username: memberName, ok: false, code: ErrorCode.ALREADY_IN_COMMUNITY }),
      // a full quota is checked when they accept, not when someone invites them
      { username: full.username, userId: full.userId, ok: true, invited: true },
    ]);
    expect(
      await db.member.count({ where: { communityId: community.id, userId: { in: [fresh.userId, full.userId] } } }),
    ).toBe(0);
    await expect(
      inviteUsers(owner, { communityId: community.id, usernames: ["ghost_one", "ghost_two"] }),
    ).rejects.toMatchObject({
      code: ErrorCode.INVITED_USERS_NOT_FOUND,
    });
    await expect(
      inviteUsers(owner, { communityId: community.id, usernames: Array.from({ length: 101 }, (_, i) => `u${i}`) }),
    ).rejects.toThrow("At most 100 users per invitation.");
  });
});

describe("members and moderation", () => {
  it("kicks up to 100 at once with per-user results; kicked users may rejoin", async () => {
    const world = await makeWorld();
    const { owner, admin2, member, member2, outsider } = world.actors;
    const { results } = await kickMembers(owner, {
      communityId: world.communityId,
      userIds: [member.userId, member2.userId, outsider.userId, owner.userId, "unknown"],
      reason: "cleanup",
    });
    expect(results.map((r) => [r.ok, r.code])).toEqual([
      [true, undefined],
      [true, undefined],
      [false, ErrorCode.NOT_IN_COMMUNITY],
      [false, ErrorCode.CANNOT_KICK_SELF],
      [false, ErrorCode.NOT_IN_COMMUNITY],
    ]);
    await expect(
      kickMembers(owner, { communityId: world.communityId, userIds: Array.from({ length: 101 }, () => admin2.userId) }),
    ).rejects.toThrow("At most 100 members at once.");
    const link = await createInvite(owner, { communityId: world.communityId });
    await expect(acceptInvite(member, link.code)).resolves.toMatchObject({ joined: true });
    const log = await listAuditLog(owner, world.communityId);
    expect(log.entries.filter((e) => e.action === "member.kick")).toHaveLength(2);
    expect(log.entries.find((e) => e.action === "member.kick")).toMatchObject({
      reason: "cleanup",
      actor: { id: owner.userId },
    });
  });

  it("ids of another community's members are not members here: every action answers 6001005", async () => {
    const here = await makeWorld();
    const there = await makeWorld();
    const stranger = there.actors.member.userId;
    const { owner } = here.actors;
    const communityId = here.communityId;
    expect((await kickMembers(owner, { communityId, userIds: [stranger] })).results[0]).toMatchObject({
      ok: false,
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
    await expect(muteMember(owner, { communityId, userId: stranger, durationSeconds: 60 })).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
    await expect(transferOwnership(owner, { communityId, userId: stranger })).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
    await expect(unmuteMember(owner, { communityId, userId: stranger })).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
    // and a request id of another community cannot be decided by this community's owner
    await updateCommunity(there.actors.owner, { communityId: there.communityId, joinMode: "APPROVAL" });
    const request = await requestToJoin(await makeUser("asker"), { communityId: there.communityId });
    await expect(decideJoinRequest(owner, { requestId: request.id, accept: true })).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
    await expect(banMember(owner, { communityId, userId: "no-such-user" })).rejects.toMatchObject({
      code: ErrorCode.USER_NOT_FOUND,
    });
  });

  it("transfer makes the target owner and the former owner an admin; only then can they leave", async () => {
    const world = await makeWorld();
    const { owner, member } = world.actors;
    await expect(leaveCommunity(owner, world.communityId)).rejects.toMatchObject({
      code: ErrorCode.OWNER_CANNOT_LEAVE,
    });
    await transferOwnership(owner, { communityId: world.communityId, userId: member.userId });
    const roles = await db.member.findMany({
      where: { communityId: world.communityId, userId: { in: [owner.userId, member.userId] } },
    });
    expect(Object.fromEntries(roles.map((r) => [r.userId, r.role]))).toEqual({
      [owner.userId]: "ADMIN",
      [member.userId]: "OWNER",
    });
    expect((await db.community.findUniqueOrThrow({ where: { id: world.communityId } })).ownerId).toBe(member.userId);
    await expect(leaveCommunity(owner, world.communityId)).resolves.toMatchObject({ communityId: world.communityId });
  });

  it("nobody can ban or mute themselves: each answers its own code, not 'cannot kick yourself', and nothing changes", async () => {
    const world = await makeWorld();
    const { communityId } = world;
    for (const actor of [world.actors.owner, world.actors.admin]) {
      await expect(banMember(actor, { communityId, userId: actor.userId, reason: "oops" })).rejects.toMatchObject({
        code: ErrorCode.CANNOT_BAN_SELF,
        message: "You cannot ban yourself.",
      });
      await expect(
        muteMember(actor, { communityId, userId: actor.userId, durationSeconds: 600 }),
      ).rejects.toMatchObject({
        code: ErrorCode.CANNOT_MUTE_SELF,
        message: "You cannot mute yourself.",
      });
      await expect(
        muteMember(actor, {
          communityId,
          userId: actor.userId,
          durationSeconds: null,
          channelId: world.generalChannelId,
        }),
      ).rejects.toMatchObject({
        code: ErrorCode.CANNOT_MUTE_SELF,
      });
    }
    const selves = [world.actors.owner.userId, world.actors.admin.userId];
    expect(await db.ban.count({ where: { communityId, userId: { in: selves } } })).toBe(0);
    expect(await db.channelMute.count({ where: { channelId: world.generalChannelId, userId: { in: selves } } })).toBe(
      0,
    );
    const seats = await db.member.findMany({ where: { communityId, userId: { in: selves } } });
    expect(seats).toHaveLength(2);
    expect(seats.every((seat) => seat.mutedUntil === null)).toBe(true);
    expect(
      (await listAuditLog(world.actors.owner, communityId)).entries.filter(
        (e) => e.action === "member.ban" || e.action === "member.mute",
      ),
    ).toEqual([]);
  });

  it("a mute blocks sending until it ends; a channel mute blocks only that channel", async () => {
    const world = await makeWorld();
    const { owner, member } = world.actors;
    const clock = pinClock("2027-03-14T09:26:00.000Z");
    await muteMember(owner, { communityId: world.communityId, userId: member.userId, durationSeconds: 3600 });
    await expect(
      sendMessage(member, { channelId: world.generalChannelId, content: "hi", nonce: nonce() }),
    ).rejects.toMatchObject({
      code: ErrorCode.MUTED,
      message: "You are muted in this community until 2027-03-14 10:26 UTC.",
    });
    expect((await openChannel(member, { channelId: world.generalChannelId })).restriction).toMatchObject({
      mutedUntil: "2027-03-14T10:26:00.000Z",
    });
    clock.advance(3600_000 - 1);
    await expect(
      sendMessage(member, { channelId: world.generalChannelId, content: "still muted", nonce: nonce() }),
    ).rejects.toMatchObject({ code: ErrorCode.MUTED });
    clock.advance(1);
    await expect(
      sendMessage(member, { channelId: world.generalChannelId, content: "free again", nonce: nonce() }),
    ).resolves.toBeTruthy();
    expect((await openChannel(member, { channelId: world.generalChannelId })).restriction).toMatchObject({
      mutedUntil: null,
    });

    const other = await db.channel.create({
      data: { id: unique("ch"), communityId: world.communityId, name: "other" },
    });
    await muteMember(owner, {
      communityId: world.communityId,
      userId: member.userId,
      durationSeconds: null,
      channelId: world.generalChannelId,
    });
    await expect(
      sendMessage(member, { channelId: world.generalChannelId, content: "x", nonce: nonce() }),
    ).rejects.toThrow("You are muted in this channel permanently.");
    await expect(
      sendMessage(member, { channelId: other.id, content: "elsewhere", nonce: nonce() }),
    ).resolves.toBeTruthy();
    await unmuteMember(owner, {
      communityId: world.communityId,
      userId: member.userId,
      channelId: world.generalChannelId,
    });
    await expect(
      sendMessage(member, { channelId: world.generalChannelId, content: "back", nonce: nonce() }),
    ).resolves.toBeTruthy();
    await expect(
      muteMember(owner, { communityId: world.communityId, userId: member.userId, durationSeconds: 59 }),
    ).rejects.toThrow("A mute lasts at least 1 minute.");
    await expect(
      muteMember(owner, { communityId: world.communityId, userId: member.userId, durationSeconds: 30 * 86_400 + 1 }),
    ).rejects.toThrow(/at most 30 days/);
  });

  it("the member list pages every member exactly once, grouped by role, and searches by name prefix", async () => {
    const world = await makeWorld();
    const names = Array.from({ length: 230 }, (_, i) => `Person ${String(i).padStart(3, "0")}`);
    await db.user.createMany({
      data: names.map((displayName, i) => ({
        id: `U${world.communityId}${i}`,
        username: unique("p"),
        displayName,
        passwordHash: "x",
      })),
    });
    await db.member.createMany({
      data: names.map((name, i) => ({
        communityId: world.communityId,
        userId: `U${world.communityId}${i}`,
        sortName: name.toLowerCase(),
      })),
    });
    const seen: string[] = [];
    const roles: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listMembers(world.actors.member, { communityId: world.communityId, cursor, limit: 100 });
      seen.push(...page.members.map((m) => m.id));
      roles.push(...page.members.map((m) => m.role));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(230 + 6);
    expect(new Set(seen).size).toBe(seen.length);
    expect(roles.slice(0, 3)).toEqual(["OWNER", "ADMIN", "ADMIN"]);
    expect(roles.slice(3).every((r) => r === "MEMBER")).toBe(true);

    const search = await listMembers(world.actors.member, {
      communityId: world.communityId,
      query: "PERSON 1",
      limit: 60,
    });
    expect(search.members).toHaveLength(60);
    expect(search.members[0].displayName).toBe("Person 100");
    const rest = await listMembers(world.actors.member, {
      communityId: world.communityId,
      query: "person 1",
      cursor: search.nextCursor!,
    });
    expect(rest.members.map((m) => m.displayName)).toEqual(Array.from({ length: 40 }, (_, i) => `Person ${160 + i}`));
    expect((await listMembers(world.actors.member, { communityId: world.communityId, query: "%" })).members).toEqual(
      [],
    );
    await expect(
      listMembers(world.actors.member, { communityId: world.communityId, cursor: "garbage" }),
    ).rejects.toMatchObject({ code: ErrorCode.INVALID_INPUT });
    await expect(listMembers(world.actors.member, { communityId: world.communityId, limit: 101 })).rejects.toThrow();
  });
});
