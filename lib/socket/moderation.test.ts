import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dismissCommunity, updateCommunity } from "../domain/communities";
import { decideJoinRequest, requestToJoin } from "../domain/joining";
import { banMember, kickMembers, setMemberRole } from "../domain/members";
import { makeCommunity, makeUser, nonce } from "../testing/factories";
import { collect, nextEvent, request, startSocketServer } from "../testing/socket-client";

let server: Awaited<ReturnType<typeof startSocketServer>>;
beforeAll(async () => {
  server = await startSocketServer();
});
afterAll(async () => {
  await server.close();
});

describe("moderation pushed live", () => {
  it("kicked and banned users' tabs leave the community at once and learn why", async () => {
    const { owner, community, generalChannelId, members } = await makeCommunity(3);
    const [kicked, banned, bystander] = await Promise.all(members.map((m) => server.connected(m.userId)));
    for (const socket of [kicked, banned, bystander])
      await request(socket, "channel:subscribe", { channelId: generalChannelId });
    const kickedMessages = collect(kicked, "message:new");
    const bannedMessages = collect(banned, "message:new");

    const removedKick = nextEvent(kicked, "community:removed");
    const bystanderSaw = nextEvent(bystander, "member:left");
    await kickMembers(owner, { communityId: community.id, userIds: [members[0].userId] });
    expect(await removedKick).toEqual({
      communityId: community.id,
      reason: "kicked",
      message: `You were removed from ${community.name}.`,
      conversation: false,
    });
    expect(await bystanderSaw).toEqual({ communityId: community.id, userId: members[0].userId, reason: "kicked" });

    const removedBan = nextEvent(banned, "community:removed");
    await banMember(owner, { communityId: community.id, userId: members[1].userId, reason: "spam" });
    expect(await removedBan).toMatchObject({ reason: "banned", message: `You were banned from ${community.name}.` });

    const ownerSocket = await server.connected(owner.userId);
    const delivered = nextEvent(bystander, "message:new");
    await request(ownerSocket, "message:send", {
      channelId: generalChannelId,
      content: "after the removals",
      nonce: nonce(),
    });
    await delivered;
    await request(kicked, "read:states", {});
    await request(banned, "read:states", {});
    expect(kickedMessages).toHaveLength(0);
    expect(bannedMessages).toHaveLength(0);
    // and they cannot simply subscribe again
    expect(await request(kicked, "channel:subscribe", { channelId: generalChannelId })).toMatchObject({ ok: false });
  });

  it("join requests reach owner and admins only; the requester hears the answer live", async () => {
    const { owner, community, members } = await makeCommunity(2);
    await updateCommunity(owner, { communityId: community.id, joinMode: "APPROVAL" });
    const ownerSocket = await server.connected(owner.userId);
    const plain = await server.connected(members[0].userId);
    const plainGot = collect(plain, "joinRequest:created");
    const promoted = await server.connected(members[1].userId);
    const updated = nextEvent(plain, "member:updated");
    await setMemberRole(owner, { communityId: community.id, userId: members[1].userId, role: "ADMIN" });
    expect((await updated).member).toMatchObject({ id: members[1].userId, role: "ADMIN" });

    const requester = await makeUser("requester");
    const requesterSocket = await server.connected(requester.userId);
    const toOwner = nextEvent(ownerSocket, "joinRequest:created");
    const toAdmin = nextEvent(promoted, "joinRequest:created");
    const created = await requestToJoin(requester, { communityId: community.id, message: "hello" });
    expect(await toOwner).toEqual(created);
    expect(await toAdmin).toEqual(created);

    const decided = nextEvent(requesterSocket, "joinRequest:decided");
    const joined = nextEvent(requesterSocket, "community:joined");
    await decideJoinRequest(owner, { requestId: created.id, accept: true });
    expect(await decided).toMatchObject({ accepted: true, communityId: community.id, communityName: community.name });
    expect(await joined).toMatchObject({ id: community.id, role: "MEMBER" });
    await request(plain, "read:states", {});
    expect(plainGot).toHaveLength(0);
  });

  it("dismissing a community tells every member's tabs and empties its rooms", async () => {
    const { owner, community, generalChannelId, members } = await makeCommunity(2);
    const sockets = await Promise.all(members.map((m) => server.connected(m.userId)));
    for (const socket of sockets) await request(socket, "channel:subscribe", { channelId: generalChannelId });
    const notices = sockets.map((socket) => nextEvent(socket, "community:removed"));
    await dismissCommunity(owner, { communityId: community.id, confirmName: community.name });
    for (const notice of await Promise.all(notices)) {
      expect(notice).toEqual({
        communityId: community.id,
        reason: "dismissed",
        message: `${community.name} was deleted by its owner.`,
      });
    }
  });
});
