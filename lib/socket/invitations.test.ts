import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { acceptInvitation, declineInvitation } from "../domain/invitations";
import { inviteUsers } from "../domain/joining";
import { makeCommunity, makeUser } from "../testing/factories";
import { collect, nextEvent, request, startSocketServer } from "../testing/socket-client";

let server: Awaited<ReturnType<typeof startSocketServer>>;
beforeAll(async () => {
  server = await startSocketServer();
});
afterAll(async () => {
  await server.close();
});

const usernameOf = async (userId: string) => (await db.user.findUniqueOrThrow({ where: { id: userId } })).username;

describe("invitations by username, live", () => {
  it("reach the invited user's tabs only; accepting joins their tabs to the community", async () => {
    const { owner, community, members } = await makeCommunity(1);
    const invitee = await makeUser("Invitee");
    const [inviteeTab, secondTab, ownerTab, memberTab] = await Promise.all([
      server.connected(invitee.userId),
      server.connected(invitee.userId),
      server.connected(owner.userId),
      server.connected(members[0].userId),
    ]);
    const elsewhere = [collect(ownerTab, "invitation:created"), collect(memberTab, "invitation:created")];
    const seen = collect(inviteeTab, "invitation:created");

    const notice = nextEvent(inviteeTab, "invitation:created");
    const inOtherTab = nextEvent(secondTab, "invitation:created");
    await inviteUsers(owner, { communityId: community.id, usernames: [await usernameOf(invitee.userId)] });
    const invitation = await notice;
    expect(invitation).toMatchObject({
      community: { id: community.id, name: community.name },
      inviter: { id: owner.userId, displayName: "owner" },
    });
    expect(await inOtherTab).toEqual(invitation);
    // nobody joined: the community heard nothing
    const joinedSeen = collect(memberTab, "member:joined");

    // inviting again sends no second notice
    await inviteUsers(owner, { communityId: community.id, usernames: [await usernameOf(invitee.userId)] });

    const removed = nextEvent(secondTab, "invitation:removed");
    const joined = nextEvent(inviteeTab, "community:joined");
    const memberSaw = nextEvent(memberTab, "member:joined");
    await acceptInvitation(invitee, { invitationId: invitation.id });
    expect(await removed).toEqual({ invitationId: invitation.id });
    expect(await joined).toMatchObject({ id: community.id, role: "MEMBER" });
    expect(await memberSaw).toMatchObject({ communityId: community.id, member: { id: invitee.userId }, via: "invite" });
    // the new member's tab now reads the community live
    expect(await request(inviteeTab, "community:read", { communityId: community.id })).toMatchObject({ ok: true });

    // round trips: anything sent to the others would have arrived by now
    await request(ownerTab, "read:states", {});
    await request(memberTab, "read:states", {});
    expect(seen).toHaveLength(1);
    expect(elsewhere.flat()).toHaveLength(0);
    expect(joinedSeen).toHaveLength(1);
  });

  it("declining tells the invited user's other tabs, and nobody else", async () => {
    const { owner, community } = await makeCommunity();
    const invitee = await makeUser("Decliner");
    const [tab, ownerTab] = await Promise.all([server.connected(invitee.userId), server.connected(owner.userId)]);
    const ownerHeard = collect(ownerTab, "invitation:removed");
    const notice = nextEvent(tab, "invitation:created");
    await inviteUsers(owner, { communityId: community.id, usernames: [await usernameOf(invitee.userId)] });
    const { id } = await notice;
    const removed = nextEvent(tab, "invitation:removed");
    await declineInvitation(invitee, { invitationId: id });
    expect(await removed).toEqual({ invitationId: id });
    await request(ownerTab, "read:states", {});
    expect(ownerHeard).toHaveLength(0);
  });
});
