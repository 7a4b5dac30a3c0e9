import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { ErrorCode } from "../errors";
import { newId } from "../ids";
import type { Actor } from "../domain/actor";
import { createCommunity } from "../domain/communities";
import {
  addToConversation,
  leaveConversation,
  openDirectConversation,
  removeFromConversation,
  renameConversation,
  startConversation,
} from "../domain/conversations";
import { acceptInvite, createInvite } from "../domain/invites";
import { sendMessage } from "../domain/messages";
import type { ChannelActivities } from "../dto";
import { flushActivities } from "../realtime/activity-batch";
import { nonce, unique } from "../testing/factories";
import { nextEvent, request, startSocketServer, type TestSocket } from "../testing/socket-client";

let server: Awaited<ReturnType<typeof startSocketServer>>;
beforeAll(async () => {
  server = await startSocketServer();
});
afterAll(async () => {
  await server.close();
});

async function quickUser(name: string): Promise<Actor> {
  const id = newId();
  await db.user.create({
    data: { id, username: unique(name).toLowerCase(), displayName: name, passwordHash: "not-a-hash" },
  });
  return { userId: id };
}

/** A host and `count` people sharing a community with them; a stranger who shares nothing. */
async function circle(count: number) {
  const host = await quickUser("Host");
  const { community } = await createCommunity(host, { name: unique("Circle") });
  const { code } = await createInvite(host, { communityId: community.id });
  const people: Actor[] = [];
  for (let i = 0; i < count; i++) {
    const person = await quickUser(`Person${i}`);
    await acceptInvite(person, code);
    people.push(person);
  }
  return { host, community, people, stranger: await quickUser("Stranger") };
}

const say = (actor: Actor, channelId: string, content: string) =>
  sendMessage(actor, { channelId, content, nonce: nonce() });

/** The next unread-activity batch about one community (or conversation): others (a community's joins) pass by. */
function activityOf(socket: TestSocket, communityId: string) {
  return new Promise<ChannelActivities>((resolve) => {
    const listener = (batch: ChannelActivities) => {
      if (batch.communityId !== communityId) return;
      socket.off("channel:activities", listener);
      resolve(batch);
    };
    socket.on("channel:activities", listener);
  });
}

/** Every event a socket receives from now on; `about` keeps those that name a conversation (its id or its channel's). */
function collectAll(socket: TestSocket) {
  const heard: [string, string][] = [];
  socket.onAny((event: string, ...args: unknown[]) => heard.push([event, JSON.stringify(args)]));
  return {
    about: (conversation: { id: string; channelId: string }) =>
      heard.filter(([, text]) => text.includes(conversation.id) || text.includes(conversation.channelId)),
  };
}

/** A round trip: whatever the server sent this socket before has arrived. */
const settled = (socket: TestSocket) => request(socket, "read:states", {});

describe("direct conversations over sockets", () => {
  it("the recipient's open tab hears of a new conversation, joins its room at once and gets its messages", async () => {
    const { host, people } = await circle(1);
    const [ann] = people;
    const [hostTab, annTab] = await Promise.all([server.connected(host.userId), server.connected(ann.userId)]);
    const toAnn = nextEvent(annTab, "conversation:joined");
    const toHost = nextEvent(hostTab, "conversation:joined");
    const direct = await openDirectConversation(host, { userId: ann.userId });
    expect(await toAnn).toEqual(direct);
    expect(await toHost).toEqual(direct);

    // the conversation's room, joined without reconnecting: unread activity arrives
    const activity = activityOf(annTab, direct.id);
    const first = await say(host, direct.channelId, "are you there?");
    flushActivities();
    expect(await activity).toEqual({
      communityId: direct.id,
      channels: [{ channelId: direct.channelId, parentId: null, messages: [[first.id, host.userId, 0]] }],
    });

    // viewing the channel: the message itself
    expect(await request(annTab, "channel:subscribe", { channelId: direct.channelId })).toEqual({
      ok: true,
      data: { channelId: direct.channelId },
    });
    const message = nextEvent(annTab, "message:new");
    const sent = await request(hostTab, "message:send", {
      channelId: direct.channelId,
      content: "there you are",
      nonce: nonce(),
    });
    expect(sent).toMatchObject({ ok: true });
    expect(await message).toMatchObject({ channelId: direct.channelId, content: "there you are" });
    // and she answers over her socket
    const reply = activityOf(hostTab, direct.id);
    expect(
      await request(annTab, "message:send", { channelId: direct.channelId, content: "hi!", nonce: nonce() }),
    ).toMatchObject({ ok: true, data: { content: "hi!" } });
    flushActivities();
    expect((await reply).channels).toMatchObject([{ channelId: direct.channelId }]);
  });

  it("a tab that connects later is in the conversation's room from its handshake", async () => {
    const { host, people } = await circle(1);
    const [ann] = people;
    const direct = await openDirectConversation(host, { userId: ann.userId });
    const annTab = await server.connected(ann.userId);
    await settled(annTab); // its handshake's rooms are joined before it answers anything
    const activity = activityOf(annTab, direct.id);
    const message = await say(host, direct.channelId, "later");
    flushActivities();
    expect((await activity).channels).toEqual([
      { channelId: direct.channelId, parentId: null, messages: [[message.id, host.userId, 0]] },
    ]);
  });

  it("an outsider's and a stranger's sockets cannot subscribe to the direct conversation's channel, and hear nothing of it", async () => {
    const { host, people, stranger } = await circle(2);
    const [ann, outsider] = people;
    const [hostTab, annTab, outsiderTab, strangerTab] = await Promise.all(
      [host, ann, outsider, stranger].map((actor) => server.connected(actor.userId)),
    );
    const heard = [collectAll(outsiderTab), collectAll(strangerTab)];
    const direct = await openDirectConversation(host, { userId: ann.userId });
    await say(host, direct.channelId, "before");
    for (const tab of [outsiderTab, strangerTab]) {
      const refused = await request(tab, "channel:subscribe", { channelId: direct.channelId });
      expect(refused).toMatchObject({ ok: false, code: ErrorCode.NOT_IN_COMMUNITY });
      // with a starting point too: no page rides on a refusal
      const caughtUp = await request(tab, "channel:subscribe", { channelId: direct.channelId, after: direct.id });
      expect(caughtUp).toMatchObject({ ok: false, code: ErrorCode.NOT_IN_COMMUNITY });
      expect(JSON.stringify(caughtUp)).not.toContain("before");
      expect(
        await request(tab, "message:send", { channelId: direct.channelId, content: "let me in", nonce: nonce() }),
      ).toMatchObject({ ok: false, code: ErrorCode.NOT_IN_COMMUNITY });
    }
    for (const tab of [hostTab, annTab]) await request(tab, "channel:subscribe", { channelId: direct.channelId });
    const annGot = nextEvent(annTab, "message:new");
    const annActivity = activityOf(annTab, direct.id);
    await request(hostTab, "message:send", { channelId: direct.channelId, content: "private", nonce: nonce() });
    expect(await annGot).toMatchObject({ content: "private" });
    flushActivities();
    await annActivity;
    const annTyping = nextEvent(annTab, "typing");
    hostTab.emit("typing:start", { channelId: direct.channelId });
    await annTyping;
    await Promise.all([settled(outsiderTab), settled(strangerTab)]);
    // the refusals' own answers aside, nothing about the conversation reached them
    for (const collected of heard) expect(collected.about(direct)).toEqual([]);
  });
});

describe("group conversations over sockets", () => {
  it("a participant removed from a group leaves its rooms at once: none of its events reach them any more", async () => {
    const { host, people } = await circle(2);
    const [ann, bob] = people;
    const [hostTab, annTab, bobTab] = await Promise.all(
      [host, ann, bob].map((actor) => server.connected(actor.userId)),
    );
    const joined = nextEvent(bobTab, "conversation:joined");
    const group = await startConversation(host, { userIds: [ann.userId, bob.userId], name: "Crew" });
    expect(await joined).toMatchObject({ id: group.id, kind: "GROUP" });
    for (const tab of [hostTab, annTab, bobTab])
      expect(await request(tab, "channel:subscribe", { channelId: group.channelId })).toMatchObject({ ok: true });
    const before = nextEvent(bobTab, "message:new");
    const beforeActivity = activityOf(bobTab, group.id);
    await say(host, group.channelId, "welcome");
    expect(await before).toMatchObject({ content: "welcome" });
    flushActivities();
    await beforeActivity;

    const told = nextEvent(bobTab, "community:removed");
    const update = nextEvent(annTab, "conversation:updated");
    await removeFromConversation(host, { conversationId: group.id, userId: bob.userId });
    expect(await told).toMatchObject({ communityId: group.id, reason: "kicked", conversation: true });
    // the others hear who is in it now
    expect((await update).participants.map((p) => p.id)).not.toContain(bob.userId);
    await Promise.all([settled(bobTab), settled(annTab)]);

    const bobHeard = collectAll(bobTab);
    const annHeard = collectAll(annTab);
    const annGot = nextEvent(annTab, "message:new");
    const annActivity = activityOf(annTab, group.id);
    await request(hostTab, "message:send", { channelId: group.channelId, content: "without Bob", nonce: nonce() });
    await annGot;
    flushActivities();
    await annActivity;
    const annTyping = nextEvent(annTab, "typing");
    hostTab.emit("typing:start", { channelId: group.channelId });
    expect(await annTyping).toMatchObject({ channelId: group.channelId, userId: host.userId });
    const renamed = nextEvent(annTab, "conversation:updated");
    await renameConversation(ann, { conversationId: group.id, name: "Crew minus one" });
    await renamed;
    await Promise.all([settled(bobTab), settled(annTab)]);
    expect(bobHeard.about(group)).toEqual([]);
    // what Bob would have heard, as Ann did (with the group's presence changes, whenever they come)
    expect(annHeard.about(group).map(([event]) => event)).toEqual(
      expect.arrayContaining(["message:new", "channel:activities", "typing", "conversation:updated"]),
    );
    // and they cannot come back in by subscribing
    expect(await request(bobTab, "channel:subscribe", { channelId: group.channelId })).toMatchObject({
      ok: false,
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
  });

  it("leaving takes the leaver's tabs out too; someone added joins the rooms at once", async () => {
    const { host, people } = await circle(3);
    const [ann, bob, cat] = people;
    const [hostTab, annTab, catTab] = await Promise.all(
      [host, ann, cat].map((actor) => server.connected(actor.userId)),
    );
    const group = await startConversation(host, { userIds: [ann.userId, bob.userId] });
    const gone = nextEvent(annTab, "community:removed");
    await leaveConversation(ann, { conversationId: group.id });
    expect(await gone).toMatchObject({ communityId: group.id, reason: "left" });
    await settled(annTab);
    const annHeard = collectAll(annTab);

    const catJoined = nextEvent(catTab, "conversation:joined");
    const hostUpdate = nextEvent(hostTab, "conversation:updated");
    await addToConversation(host, { conversationId: group.id, userIds: [cat.userId] });
    expect((await catJoined).participants.map((p) => p.id)).toContain(cat.userId);
    expect((await hostUpdate).participants.map((p) => p.id)).toContain(cat.userId);

    const catActivity = activityOf(catTab, group.id);
    await say(host, group.channelId, "hello Cat");
    flushActivities();
    expect((await catActivity).channels).toMatchObject([{ channelId: group.channelId }]);
    await settled(annTab);
    expect(annHeard.about(group)).toEqual([]);
  });

  it("a rename reaches everyone in the group as conversation:updated, and nobody else", async () => {
    const { host, people } = await circle(3);
    const [ann, bob, outsider] = people;
    const tabs = await Promise.all([host, ann, bob, outsider].map((actor) => server.connected(actor.userId)));
    const [hostTab, annTab, bobTab, outsiderTab] = tabs;
    const group = await startConversation(host, { userIds: [ann.userId, bob.userId] });
    const outsiderHeard = collectAll(outsiderTab);
    const updates = [hostTab, annTab, bobTab].map((tab) => nextEvent(tab, "conversation:updated"));
    const renamed = await renameConversation(bob, { conversationId: group.id, name: "Book club" });
    expect(renamed.name).toBe("Book club");
    for (const update of updates) expect(await update).toEqual(renamed);
    // the channel says so too, to whoever views it
    expect(await request(annTab, "channel:subscribe", { channelId: group.channelId })).toMatchObject({ ok: true });
    const system = nextEvent(annTab, "message:new");
    const again = nextEvent(hostTab, "conversation:updated");
    await renameConversation(host, { conversationId: group.id, name: "Book club II" });
    expect(await again).toMatchObject({ id: group.id, name: "Book club II" });
    expect(await system).toMatchObject({
      type: "SYSTEM",
      system: { kind: "conversationRenamed", name: "Book club II" },
    });
    await settled(outsiderTab);
    expect(outsiderHeard.about(group)).toEqual([]);
  });
});
