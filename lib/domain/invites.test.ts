import { describe, expect, it } from "vitest";
import { db } from "../db";
import { ErrorCode } from "../errors";
import { pinClock } from "../testing/clock";
import { makeCommunity, makeUser } from "../testing/factories";
import { requireMember } from "./access";
import { acceptInvite, createInvite, getInvitePreview, listInvites, revokeInvite } from "./invites";

describe("invites", () => {
  it("joining by invite link makes the user a Member and counts the use", async () => {
    const { owner, community } = await makeCommunity();
    const invite = await createInvite(owner, { communityId: community.id, expiresIn: "1d", maxUses: 5 });
    expect(invite.code).toMatch(/^[A-Za-z0-9]{10}$/);
    await expect(getInvitePreview(invite.code)).resolves.toMatchObject({
      community: { id: community.id, name: community.name },
    });

    const bob = await makeUser("bob");
    const result = await acceptInvite(bob, invite.code);
    expect(result).toMatchObject({ joined: true, community: { id: community.id, role: "MEMBER", memberCount: 2 } });
    await expect(requireMember(bob, community.id)).resolves.toMatchObject({ role: "MEMBER" });
    // accepting again is harmless and does not use the link twice
    await expect(acceptInvite(bob, invite.code)).resolves.toMatchObject({ joined: false });
    expect(await db.invite.findUnique({ where: { code: invite.code } })).toMatchObject({ uses: 1 });
  });

  it("unknown, expired, revoked and used-up codes give clear errors", async () => {
    const { owner, community } = await makeCommunity();
    const bob = await makeUser("bob");
    await expect(acceptInvite(bob, "doesNotExist")).rejects.toMatchObject({
      code: ErrorCode.INVITE_NOT_FOUND,
      message: "This invite link is invalid or has been revoked.",
    });
    await expect(acceptInvite(bob, "")).rejects.toThrow("Invite code is required.");

    const clock = pinClock("2027-06-30T23:45:00.000Z");
    const expired = await createInvite(owner, { communityId: community.id, expiresIn: "30m" });
    expect(expired.expiresAt).toEqual(new Date("2027-07-01T00:15:00.000Z"));
    clock.advance(30 * 60_000 - 1);
    await expect(getInvitePreview(expired.code)).resolves.toMatchObject({ community: { id: community.id } });
    expect((await listInvites(owner, community.id)).map((i) => i.code)).toContain(expired.code);
    clock.advance(1);
    expect((await listInvites(owner, community.id)).map((i) => i.code)).not.toContain(expired.code);
    await expect(acceptInvite(bob, expired.code)).rejects.toMatchObject({
      code: ErrorCode.INVITE_EXPIRED,
      message: "This invite link has expired. Ask for a new one.",
    });
    await expect(getInvitePreview(expired.code)).rejects.toMatchObject({ code: ErrorCode.INVITE_EXPIRED });

    const revoked = await createInvite(owner, { communityId: community.id });
    await revokeInvite(owner, revoked.code);
    await expect(acceptInvite(bob, revoked.code)).rejects.toMatchObject({ code: ErrorCode.INVITE_NOT_FOUND });

    const once = await createInvite(owner, { communityId: community.id, maxUses: 1 });
    await acceptInvite(bob, once.code);
    await expect(acceptInvite(await makeUser("carol"), once.code)).rejects.toMatchObject({
      code: ErrorCode.INVITE_USED_UP,
    });
  });

  it("a single-use link raced by several users admits exactly one", async () => {
    const { owner, community } = await makeCommunity();
    const invite = await createInvite(owner, { communityId: community.id, maxUses: 1 });
    const users = await Promise.all([1, 2, 3, 4].map((i) => makeUser(`racer${i}`)));
    const results = await Promise.allSettled(users.map((user) => acceptInvite(user, invite.code)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: ErrorCode.INVITE_USED_UP });
    }
    expect(await db.community.findUnique({ where: { id: community.id } })).toMatchObject({ memberCount: 2 });
  });

  it("members may create links while the community allows it; outsiders never", async () => {
    const { community, members } = await makeCommunity(1);
    await expect(createInvite(members[0], { communityId: community.id })).resolves.toHaveProperty("code");
    await db.community.update({ where: { id: community.id }, data: { allowMemberInvites: false } });
    await expect(createInvite(members[0], { communityId: community.id })).rejects.toMatchObject({
      code: ErrorCode.NO_PERMISSION,
    });
    await expect(createInvite(await makeUser("outsider"), { communityId: community.id })).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
  });

  it("refuses a maxUses outside 1..100", async () => {
    const { owner, community } = await makeCommunity();
    await expect(createInvite(owner, { communityId: community.id, maxUses: 0 })).rejects.toThrow("At least 1 use.");
    await expect(createInvite(owner, { communityId: community.id, maxUses: 101 })).rejects.toThrow(/At most 100/);
  });
});
