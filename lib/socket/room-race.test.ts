import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addChannelMembers, createChannel } from "../domain/channels";
import { acceptInvite, createInvite } from "../domain/invites";
import { kickMembers, setMemberRole } from "../domain/members";
import { sendMessage } from "../domain/messages";
import type { Actor } from "../domain/actor";
import { flushActivities } from "../realtime/activity-batch";
import { makeCommunity, makeUser, nonce } from "../testing/factories";
import { nextEvent, request, startSocketServer, type TestSocket } from "../testing/socket-client";

let server: Awaited<ReturnType<typeof startSocketServer>>;
beforeAll(async () => {
  server = await startSocketServer();
});
afterAll(async () => {
  await server.close();
});

const ROUNDS = 12;
const CONNECTS = 15;

/** Every event a socket receives, by name, with its payload as text. */
function record(socket: TestSocket) {
  const seen: { event: string; payload: string }[] = [];
  socket.onAny((event: string, ...args: unknown[]) => seen.push({ event, payload: JSON.stringify(args) }));
  return seen;
}

const settled = (socket: TestSocket) =>
  new Promise<void>((resolve) => {
    if (socket.connected) return resolve();
    socket.once("connect", () => resolve());
    socket.once("connect_error", () => resolve());
  });

describe("rooms and removals racing", () => {
  it(`a kick that commits while ${CONNECTS} tabs connect leaves none of them hearing the community (${ROUNDS} rounds)`, async () => {
    const { owner, community, generalChannelId } = await makeCommunity(0);
    const secret = await createChannel(owner, { communityId: community.id, name: "secret", kind: "PRIVATE" });
    const watcher = await server.connected(owner.userId);
    await request(watcher, "channel:subscribe", { channelId: generalChannelId });
    const leaks: string[] = [];

    for (let round = 0; round < ROUNDS; round++) {
      const victim = await makeUser("victim");
      await acceptInvite(victim, (await createInvite(owner, { communityId: community.id })).code);
      await addChannelMembers(owner, { channelId: secret.id, userIds: [victim.userId] });

      // tabs connect (and subscribe to general) while the kick runs
      const tabs = await Promise.all(Array.from({ length: CONNECTS }, () => server.client(victim.userId)));
      const heard = tabs.map(record);
      for (const tab of tabs) tab.emit("channel:subscribe", { channelId: generalChannelId }, () => {});
      await kickMembers(owner, { communityId: community.id, userIds: [victim.userId] });
      await Promise.all(tabs.map(settled));
      const open = tabs.filter((tab) => tab.connected);
      await Promise.all(open.map((tab) => request(tab, "read:states", {}))); // each tab's rooms are joined by now

      // after the removal: a message in each channel and a newcomer
      const marker = `after-kick-${round}-${nonce()}`;
      const activity = nextEvent(watcher, "channel:activities");
      const inGeneral = nextEvent(watcher, "message:new");
      await sendMessage(owner, { channelId: secret.id, content: marker, nonce: nonce() });
      await sendMessage(owner, { channelId: generalChannelId, content: marker, nonce: nonce() });
      flushActivities();
      const newcomer = await makeUser("newcomer");
      const joined = nextEvent(watcher, "member:joined");
      await acceptInvite(newcomer, (await createInvite(owner, { communityId: community.id })).code);
      await Promise.all([activity, inGeneral, joined]);
      await Promise.all(open.map((tab) => request(tab, "read:states", {}))); // everything sent before this answer has arrived

      heard.forEach((events) => {
        for (const { event, payload } of events) {
          if (payload.includes(marker) || payload.includes(secret.id) || payload.includes(newcomer.userId))
            leaks.push(`round ${round}: ${event}`);
        }
      });
      expect(open.length).toBe(CONNECTS);
      for (const tab of tabs) tab.disconnect();
    }
    expect(leaks).toEqual([]);
  });

  it("a demotion that commits while tabs connect leaves none of them in the managers' room", async () => {
    const { owner, community } = await makeCommunity(0);
    const leaks: string[] = [];
    for (let round = 0; round < 6; round++) {
      const admin: Actor = await makeUser("admin");
      await acceptInvite(admin, (await createInvite(owner, { communityId: community.id })).code);
      await setMemberRole(owner, { communityId: community.id, userId: admin.userId, role: "ADMIN" });
      const tabs = await Promise.all(Array.from({ length: CONNECTS }, () => server.client(admin.userId)));
      const heard = tabs.map(record);
      await setMemberRole(owner, { communityId: community.id, userId: admin.userId, role: "MEMBER" });
      await Promise.all(tabs.map(settled));
      await Promise.all(tabs.map((tab) => request(tab, "read:states", {})));

      // managers hear of a new private channel (its readers' room): a member must not
      const ownerTab = await server.connected(owner.userId);
      const created = nextEvent(ownerTab, "channel:created");
      const hidden = await createChannel(owner, {
        communityId: community.id,
        name: `hidden-${round}`,
        kind: "PRIVATE",
      });
      await created;
      await Promise.all(tabs.map((tab) => request(tab, "read:states", {})));
      heard.forEach((events) => {
        for (const { event, payload } of events)
          if (payload.includes(hidden.id)) leaks.push(`round ${round}: ${event}`);
      });
      for (const tab of [...tabs, ownerTab]) tab.disconnect();
    }
    expect(leaks).toEqual([]);
  });
});
