import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { ErrorCode, toFailure } from "../errors";
import { newId } from "../ids";
import { pinClock } from "../testing/clock";
import { makeCommunity, makeUser, unique } from "../testing/factories";
import { useOwnDatabase } from "../testing/own-database";
import type { Actor } from "./actor";
import { listAuditLog } from "./audit";
import { setBlocked } from "./blocks";
import { createCommunity, updateCommunity } from "./communities";
import { acceptInvitation, countMyInvitations, declineInvitation, listMyInvitations } from "./invitations";
import { acceptInvite, createInvite } from "./invites";
import { inviteUsers } from "./joining";
import { banMember } from "./members";
import { INVITATIONS_PER_HOUR } from "./internal/invitations";
import { currentPlan } from "./internal/plan";
import { getPlan, listPlanChanges, updatePlan } from "./plan";

// Direct add is an app-wide setting: this file switches it in a database of its own.
useOwnDatabase();

let admin: Actor;
beforeAll(async () => {
  // the first account of the (empty) database administers the app
  admin = await makeUser("admin");
});

afterEach(async () => {
  await db.appPlan.upsert({ where: { id: "app" }, create: { id: "app" }, update: { directAddInvites: false } });
});

const codeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (error) => toFailure(error).code,
  );
const usernameOf = async (actor: Actor) => (await db.user.findUniqueOrThrow({ where: { id: actor.userId } })).username;
const seatsOf = async (actor: Actor) =>
  (await db.user.findUniqueOrThrow({ where: { id: actor.userId } })).communityCount;

/** Users straight into the database (no password hashing): enough of them to reach the hourly limit. */
async function quickUsers(count: number) {
  const rows = Array.from({ length: count }, () => ({
    id: newId(),
    username: unique("guest").toLowerCase(),
    displayName: "Guest",
    passwordHash: "not-a-hash",
  }));
  await db.user.createMany({ data: rows });
  return rows;
}

/** Owner invites a fresh user by username; the pending invitation as the invitee lists it. */
async function invited() {
  const { owner, community, members } = await makeCommunity(1);
  const invitee = await makeUser("Invitee");
  const { results } = await inviteUsers(owner, { communityId: community.id, usernames: [await usernameOf(invitee)] });
  expect(results).toEqual([{ username: await usernameOf(invitee), userId: invitee.userId, ok: true, invited: true }]);
  const [invitation] = (await listMyInvitations(invitee)).invitations;
  return { owner, community, member: members[0], invitee, invitation };
}

describe("invitations by username", () => {
  it("are pending: the user is not a member and no seat is taken until they accept", async () => {
    const { owner, community, invitee, invitation } = await invited();
    expect(invitation).toMatchObject({
      community: { id: community.id, name: community.name, avatarUrl: null, memberCount: 2 },
      inviter: { id: owner.userId, displayName: "owner" },
    });
    expect(await db.member.count({ where: { communityId: community.id, userId: invitee.userId } })).toBe(0);
    expect(await seatsOf(invitee)).toBe(0);
    expect((await db.community.findUniqueOrThrow({ where: { id: community.id } })).memberCount).toBe(2);
    expect(await countMyInvitations(invitee)).toBe(1);
    // the audit log says invited, not added
    const { entries } = await listAuditLog(owner, community.id);
    expect(entries[0]).toMatchObject({ action: "invitation.create", target: { id: invitee.userId } });
  });

  it("inviting twice is idempotent: one invitation, the first one", async () => {
    const { owner, community, member, invitee, invitation } = await invited();
    const name = await usernameOf(invitee);
    expect((await inviteUsers(owner, { communityId: community.id, usernames: [name] })).results).toEqual([
      { username: name, userId: invitee.userId, ok: true, invited: true },
    ]);
    // another member inviting them too changes nothing either
    expect((await inviteUsers(member, { communityId: community.id, usernames: [name] })).results[0]).toMatchObject({
      ok: true,
      invited: true,
    });
    expect((await listMyInvitations(invitee)).invitations.map((i) => i.id)).toEqual([invitation.id]);
    expect(await db.invitation.count({ where: { userId: invitee.userId } })).toBe(1);
  });

  it("accepting joins the community and uses the invitation up", async () => {
    const { community, invitee, invitation } = await invited();
    const result = await acceptInvitation(invitee, { invitationId: invitation.id });
    expect(result).toEqual({
      joined: true,
      community: expect.objectContaining({ id: community.id, role: "MEMBER", memberCount: 3 }),
    });
    expect(
      await db.member.findUnique({
        where: { communityId_userId: { communityId: community.id, userId: invitee.userId } },
      }),
    ).toMatchObject({ role: "MEMBER" });
    expect(await seatsOf(invitee)).toBe(1);
    expect((await listMyInvitations(invitee)).invitations).toEqual([]);
    expect(await codeOf(acceptInvitation(invitee, { invitationId: invitation.id }))).toBe(
      ErrorCode.INVITATION_NOT_FOUND,
    );
  });

  it("accepting when already a member (joined by a link meanwhile) answers the community and takes nothing", async () => {
    const { owner, community, invitee, invitation } = await invited();
    await acceptInvite(invitee, (await createInvite(owner, { communityId: community.id })).code);
    expect(await acceptInvitation(invitee, { invitationId: invitation.id })).toMatchObject({
      joined: false,
      community: { id: community.id },
    });
    expect(await seatsOf(invitee)).toBe(1);
    expect(await db.invitation.count({ where: { id: invitation.id } })).toBe(0);
  });

  it("declining removes it; nobody joins", async () => {
    const { community, invitee, invitation } = await invited();
    expect(await declineInvitation(invitee, { invitationId: invitation.id })).toEqual({ invitationId: invitation.id });
    expect((await listMyInvitations(invitee)).invitations).toEqual([]);
    expect(await db.member.count({ where: { communityId: community.id, userId: invitee.userId } })).toBe(0);
    expect(await codeOf(declineInvitation(invitee, { invitationId: invitation.id }))).toBe(
      ErrorCode.INVITATION_NOT_FOUND,
    );
    expect(await codeOf(acceptInvitation(invitee, { invitationId: invitation.id }))).toBe(
      ErrorCode.INVITATION_NOT_FOUND,
    );
  });

  it("only the invited person sees or answers it: the inviter, members and strangers get 6002023 like an unknown id", async () => {
    const { owner, community, member, invitee, invitation } = await invited();
    const stranger = await makeUser("stranger");
    for (const other of [owner, member, stranger]) {
      expect(await codeOf(acceptInvitation(other, { invitationId: invitation.id }))).toBe(
        ErrorCode.INVITATION_NOT_FOUND,
      );
      expect(await codeOf(declineInvitation(other, { invitationId: invitation.id }))).toBe(
        ErrorCode.INVITATION_NOT_FOUND,
      );
      expect((await listMyInvitations(other)).invitations).toEqual([]);
      expect(await countMyInvitations(other)).toBe(0);
    }
    const unknown = await acceptInvitation(stranger, { invitationId: newId() }).catch((error) => toFailure(error));
    const theirs = await acceptInvitation(stranger, { invitationId: invitation.id }).catch((error) => toFailure(error));
    expect(theirs).toEqual(unknown);
    expect(await codeOf(acceptInvitation(stranger, { invitationId: "" }))).toBe(ErrorCode.INVALID_INPUT);
    expect(await codeOf(listMyInvitations(invitee, { cursor: "not-a-cursor" }))).toBe(ErrorCode.INVALID_INPUT);
    // nothing happened to the invitation or the community
    expect(await db.member.count({ where: { communityId: community.id } })).toBe(2);
    expect((await listMyInvitations(invitee)).invitations.map((i) => i.id)).toEqual([invitation.id]);
  });

  it("banned users are refused when invited, and when they accept an invitation that predates the ban (which ends it)", async () => {
    const { owner, community, invitee, invitation } = await invited();
    await banMember(owner, { communityId: community.id, userId: invitee.userId, reason: "spam" });
    // hidden from their list at once
    expect((await listMyInvitations(invitee)).invitations).toEqual([]);
    expect(await countMyInvitations(invitee)).toBe(0);
    expect(await codeOf(acceptInvitation(invitee, { invitationId: invitation.id }))).toBe(ErrorCode.BANNED);
    expect(await db.member.count({ where: { communityId: community.id, userId: invitee.userId } })).toBe(0);
    expect(await seatsOf(invitee)).toBe(0);
    expect(await db.invitation.count({ where: { id: invitation.id } })).toBe(0);
    const name = await usernameOf(invitee);
    expect((await inviteUsers(owner, { communityId: community.id, usernames: [name] })).results).toEqual([
      expect.objectContaining({ ok: false, code: ErrorCode.BANNED, message: `${name} is banned from this community.` }),
    ]);
    expect(await db.invitation.count({ where: { userId: invitee.userId } })).toBe(0);
  });

  it("accepting checks the user's community quota, the member limit and a disabled community; the invitation waits", async () => {
    const { community, invitee, invitation } = await invited();
    const { communitiesPerUser, membersPerCommunity } = await currentPlan();
    await db.user.update({ where: { id: invitee.userId }, data: { communityCount: communitiesPerUser } });
    expect(await codeOf(acceptInvitation(invitee, { invitationId: invitation.id }))).toBe(
      ErrorCode.COMMUNITY_COUNT_LIMIT,
    );
    expect(await seatsOf(invitee)).toBe(communitiesPerUser);
    await db.user.update({ where: { id: invitee.userId }, data: { communityCount: 0 } });

    await db.community.update({ where: { id: community.id }, data: { memberCount: membersPerCommunity! } });
    expect(await codeOf(acceptInvitation(invitee, { invitationId: invitation.id }))).toBe(ErrorCode.MEMBER_COUNT_LIMIT);
    await db.community.update({ where: { id: community.id }, data: { memberCount: 2 } });

    await db.community.update({ where: { id: community.id }, data: { disabledAt: new Date() } });
    expect(await codeOf(acceptInvitation(invitee, { invitationId: invitation.id }))).toBe(ErrorCode.COMMUNITY_DISABLED);
    await db.community.update({ where: { id: community.id }, data: { disabledAt: null } });

    // nothing was taken by the refusals, and the invitation is still there to accept
    expect(await seatsOf(invitee)).toBe(0);
    expect(await db.member.count({ where: { communityId: community.id, userId: invitee.userId } })).toBe(0);
    await expect(acceptInvitation(invitee, { invitationId: invitation.id })).resolves.toMatchObject({ joined: true });
    expect(await seatsOf(invitee)).toBe(1);
  });

  it("a victim's quota stays untouched however many communities invite them", async () => {
    const victim = await makeUser("victim");
    const name = await usernameOf(victim);
    const owner = await makeUser("pest");
    for (let i = 0; i < 10; i++) {
      const { community } = await createCommunity(owner, { name: unique("Spam") });
      await inviteUsers(owner, { communityId: community.id, usernames: [name] });
    }
    expect(await seatsOf(victim)).toBe(0);
    expect(await db.member.count({ where: { userId: victim.userId } })).toBe(0);
    expect(await countMyInvitations(victim)).toBe(10);
  });

  it("are listed newest first, a keyset page at a time", async () => {
    const clock = pinClock("2028-02-29T12:00:00.000Z");
    const invitee = await makeUser("popular");
    const name = await usernameOf(invitee);
    const communities = [];
    for (let i = 0; i < 3; i++) {
      const { owner, community } = await makeCommunity();
      await inviteUsers(owner, { communityId: community.id, usernames: [name] });
      communities.push(community);
      clock.advance(1_000);
    }
    const first = await listMyInvitations(invitee, { limit: 2 });
    expect(first.invitations.map((i) => i.community.id)).toEqual([communities[2].id, communities[1].id]);
    expect(first.invitations[0].createdAt).toBe("2028-02-29T12:00:02.000Z");
    const second = await listMyInvitations(invitee, { limit: 2, cursor: first.nextCursor! });
    expect(second.invitations.map((i) => i.community.id)).toEqual([communities[0].id]);
    expect(second.nextCursor).toBeNull();
  });

  it("from someone the user blocked: nothing reaches them, and the inviter is not told", async () => {
    const { owner, community } = await makeCommunity();
    const invitee = await makeUser("private");
    await setBlocked(invitee, { userId: owner.userId, blocked: true });
    const name = await usernameOf(invitee);
    expect((await inviteUsers(owner, { communityId: community.id, usernames: [name] })).results).toEqual([
      { username: name, userId: invitee.userId, ok: true, invited: true },
    ]);
    expect(await db.invitation.count({ where: { userId: invitee.userId } })).toBe(0);
  });

  it("members may invite only when the community allows it", async () => {
    const { owner, community, member } = await invited();
    await updateCommunity(owner, { communityId: community.id, allowMemberInvites: false });
    const guest = await makeUser("guest");
    expect(await codeOf(inviteUsers(member, { communityId: community.id, usernames: [await usernameOf(guest)] }))).toBe(
      ErrorCode.NO_PERMISSION,
    );
    expect(await db.invitation.count({ where: { userId: guest.userId } })).toBe(0);
  });
});

describe("rate limit per inviter", () => {
  it(`${INVITATIONS_PER_HOUR} invitations an hour across communities; then 6002029 with the wait, per user within a batch`, async () => {
    const clock = pinClock("2028-03-01T09:00:00.000Z");
    const owner = await makeUser("busy");
    const { community: first } = await createCommunity(owner, { name: unique("First") });
    const { community: second } = await createCommunity(owner, { name: unique("Second") });
    const guests = await quickUsers(INVITATIONS_PER_HOUR + 2);
    const names = guests.map((g) => g.username);

    const a = await inviteUsers(owner, { communityId: first.id, usernames: names.slice(0, 60) });
    expect(a.results.every((r) => r.ok && r.invited)).toBe(true);
    clock.advance(10 * 60_000);
    // the batch crossing the limit: the first 40 are invited, the rest answer 6002029 each
    const b = await inviteUsers(owner, {
      communityId: second.id,
      usernames: names.slice(60, INVITATIONS_PER_HOUR + 1),
    });
    expect(b.results.slice(0, 40).every((r) => r.ok && r.invited)).toBe(true);
    expect(b.results[40]).toMatchObject({ ok: false, code: ErrorCode.RATE_LIMITED });
    expect(b.results[40].message).toMatch(
      /^You have sent 100 invitations in the last hour\. Try again in 50 minutes\.$/,
    );
    expect(await db.invitation.count({ where: { inviterId: owner.userId } })).toBe(INVITATIONS_PER_HOUR);

    // a whole call over the limit is refused with the wait until the oldest one ages out
    const refused = await inviteUsers(owner, {
      communityId: first.id,
      usernames: [names[INVITATIONS_PER_HOUR + 1]],
    }).catch((error) => toFailure(error));
    expect(refused).toMatchObject({ ok: false, code: ErrorCode.RATE_LIMITED, retryAfterMs: 50 * 60_000 });
    expect(await db.invitation.count({ where: { userId: guests[INVITATIONS_PER_HOUR + 1].id } })).toBe(0);

    // another inviter is not affected
    const other = await makeUser("calm");
    const { community: third } = await createCommunity(other, { name: unique("Third") });
    expect((await inviteUsers(other, { communityId: third.id, usernames: [names[0]] })).results[0]).toMatchObject({
      ok: true,
      invited: true,
    });

    // an hour after the first batch, its 60 slots are free again
    clock.advance(50 * 60_000);
    const later = await inviteUsers(owner, { communityId: first.id, usernames: [names[INVITATIONS_PER_HOUR + 1]] });
    expect(later.results[0]).toMatchObject({ ok: true, invited: true });
  });
});

describe("direct add (app administrator's setting)", () => {
  it("is off by default; switched on, an invitation by username adds the user at once; the change is logged", async () => {
    expect((await getPlan(admin)).directAddInvites).toBe(false);
    const outsider = await makeUser("outsider");
    expect(await codeOf(updatePlan(outsider, { directAddInvites: true }))).toBe(ErrorCode.APP_ADMIN_ONLY);
    expect(await codeOf(updatePlan(admin, { directAddInvites: "yes" as never }))).toBe(ErrorCode.INVALID_INPUT);

    expect(await updatePlan(admin, { directAddInvites: true })).toMatchObject({ directAddInvites: true });
    expect((await listPlanChanges(admin)).changes[0]).toMatchObject({
      changes: { directAddInvites: { from: false, to: true } },
    });

    const { owner, community } = await makeCommunity();
    const guest = await makeUser("guest");
    const full = await makeUser("full");
    await db.user.update({
      where: { id: full.userId },
      data: { communityCount: (await currentPlan()).communitiesPerUser },
    });
    const [guestName, fullName] = [await usernameOf(guest), await usernameOf(full)];
    const { results } = await inviteUsers(owner, { communityId: community.id, usernames: [guestName, fullName] });
    expect(results).toEqual([
      { username: guestName, userId: guest.userId, ok: true, invited: false },
      expect.objectContaining({
        username: fullName,
        ok: false,
        code: ErrorCode.COMMUNITY_COUNT_LIMIT,
        message: `${fullName} is already in the most communities allowed.`,
      }),
    ]);
    expect(
      await db.member.findUnique({
        where: { communityId_userId: { communityId: community.id, userId: guest.userId } },
      }),
    ).toMatchObject({ role: "MEMBER" });
    expect(await seatsOf(guest)).toBe(1);
    expect(await db.invitation.count({ where: { userId: { in: [guest.userId, full.userId] } } })).toBe(0);
    expect((await listAuditLog(owner, community.id)).entries[0]).toMatchObject({
      action: "member.invite",
      target: { id: guest.userId },
    });

    // and off again: back to asking
    await updatePlan(admin, { directAddInvites: false });
    const later = await makeUser("later");
    expect(
      (await inviteUsers(owner, { communityId: community.id, usernames: [await usernameOf(later)] })).results[0],
    ).toMatchObject({ ok: true, invited: true });
    expect(await db.member.count({ where: { communityId: community.id, userId: later.userId } })).toBe(0);
  });
});
