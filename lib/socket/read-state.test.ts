import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { addChannelMembers, createChannel, removeChannelMembers } from "../domain/channels";
import { nonce } from "../testing/factories";
import { makeWorld } from "../testing/world";
import { flushActivities } from "../realtime/activity-batch";
import { collect, nextEvent, request, startSocketServer } from "../testing/socket-client";

let server: Awaited<ReturnType<typeof startSocketServer>>;
beforeAll(async () => {
  server = await startSocketServer();
});
afterAll(async () => {
  await server.close();
});

describe("unread activity and read state over sockets", () => {
  it("a public channel's new messages reach members in one batch; the mentioned alone hear of their mention; viewers get the message itself, outsiders nothing", async () => {
    const w = await makeWorld();
    const member2Name = (await db.user.findUniqueOrThrow({ where: { id: w.actors.member2.userId } })).username;
    const [owner, viewer, elsewhere, mentioned, outsider] = await Promise.all(
      (["owner", "member", "admin", "member2", "outsider"] as const).map((kind) =>
        server.connected(w.actors[kind].userId),
      ),
    );
    await request(viewer, "channel:subscribe", { channelId: w.generalChannelId });
    const heard = Object.fromEntries(
      (["channel:activities", "channel:activity", "mention:activity"] as const).map((event) => [
        event,
        {
          elsewhere: collect(elsewhere, event),
          mentioned: collect(mentioned, event),
          outsider: collect(outsider, event),
        },
      ]),
    );
    const viewerMessages = collect(viewer, "message:new");
    const first = await request(owner, "message:send", {
      channelId: w.generalChannelId,
      content: `hi @${member2Name}`,
      nonce: nonce(),
    });
    const second = await request(owner, "message:send", {
      channelId: w.generalChannelId,
      content: "and",
      nonce: nonce(),
    });
    const batch = nextEvent(elsewhere, "channel:activities");
    flushActivities();
    const ids = [first, second].map((sent) => (sent.ok ? sent.data.id : ""));
    // one event for both messages, without the mentioned ids
    expect(await batch).toEqual({
      communityId: w.communityId,
      channels: [
        {
          channelId: w.generalChannelId,
          parentId: null,
          messages: ids.map((id) => [id, w.actors.owner.userId, 0]),
        },
      ],
    });
    await request(mentioned, "read:states", {}); // a round trip: what was sent before has arrived
    expect(heard["channel:activities"].mentioned).toEqual([[await batch]]);
    expect(heard["mention:activity"].mentioned).toEqual([
      [
        {
          communityId: w.communityId,
          channelId: w.generalChannelId,
          parentId: null,
          messageId: ids[0],
          authorId: w.actors.owner.userId,
          kind: "new",
          mentionIds: [w.actors.member2.userId],
          mentionsEveryone: false,
        },
      ],
    ]);
    expect(heard["mention:activity"].elsewhere).toHaveLength(0);
    expect(viewerMessages.map(([message]) => message.id)).toEqual(ids);

    // deletion is announced at once to everyone who counts, viewers included; its mention to the mentioned
    const goneForViewer = nextEvent(viewer, "channel:activity");
    const goneElsewhere = nextEvent(elsewhere, "channel:activity");
    const mentionGone = nextEvent(mentioned, "mention:activity");
    await request(owner, "message:delete", { messageId: ids[0] });
    expect(await goneForViewer).toMatchObject({ kind: "gone", messageId: ids[0], mentionIds: [] });
    expect(await goneElsewhere).toMatchObject({ kind: "gone", mentionIds: [] });
    expect(await mentionGone).toMatchObject({ kind: "gone", mentionIds: [w.actors.member2.userId] });
    await request(outsider, "read:states", {});
    await request(elsewhere, "read:states", {});
    for (const event of ["channel:activities", "channel:activity", "mention:activity"] as const)
      expect(heard[event].outsider).toHaveLength(0);
    expect(heard["mention:activity"].elsewhere).toHaveLength(0);
  });

  it("an edit tells only the users whose mention it adds or takes away; @everyone tells every reader", async () => {
    const w = await makeWorld();
    const names = await db.user.findMany({
      where: { id: { in: [w.actors.member.userId, w.actors.member2.userId] } },
      select: { id: true, username: true },
    });
    const nameOf = (id: string) => names.find((u) => u.id === id)!.username;
    const [owner, member, member2, admin] = await Promise.all(
      (["owner", "member", "member2", "admin"] as const).map((kind) => server.connected(w.actors[kind].userId)),
    );
    const sent = await request(owner, "message:send", {
      channelId: w.generalChannelId,
      content: `hi @${nameOf(w.actors.member.userId)}`,
      nonce: nonce(),
    });
    const messageId = sent.ok ? sent.data.id : "";
    flushActivities();
    const mentionsOf = [member, member2, admin].map((socket) => collect(socket, "mention:activity"));
    const adminActivity = collect(admin, "channel:activity");
    await request(owner, "message:edit", {
      messageId,
      content: `hi @${nameOf(w.actors.member2.userId)}`,
    });
    await request(owner, "message:edit", { messageId, content: `hi @${nameOf(w.actors.member2.userId)} @everyone` });
    await Promise.all([member, member2, admin].map((socket) => request(socket, "read:states", {})));
    expect(mentionsOf[0].map(([a]) => [a.kind, a.mentionIds, a.before?.mentionIds])).toEqual([
      ["edited", [], [w.actors.member.userId]],
    ]);
    expect(mentionsOf[1].map(([a]) => [a.kind, a.mentionIds, a.before?.mentionIds])).toEqual([
      ["edited", [w.actors.member2.userId], []],
    ]);
    expect(mentionsOf[2]).toHaveLength(0);
    // the first edit changed no @everyone: nothing to the room; the second did
    expect(adminActivity.map(([a]) => [a.kind, a.mentionIds, a.mentionsEveryone, a.before])).toEqual([
      ["edited", [], true, { mentionIds: [], mentionsEveryone: false }],
    ]);
  });

  it("a private channel's activity reaches its readers only, and stops when a seat is taken away", async () => {
    const w = await makeWorld();
    const [owner, admin, seated, unseated] = await Promise.all(
      (["owner", "admin", "member", "member2"] as const).map((kind) => server.connected(w.actors[kind].userId)),
    );
    const secret = await createChannel(w.actors.owner, {
      communityId: w.communityId,
      name: "secret",
      kind: "PRIVATE",
      memberIds: [w.actors.member.userId],
    });
    const unseatedGot = collect(unseated, "channel:activities");
    const toAdmin = nextEvent(admin, "channel:activities");
    const toSeated = nextEvent(seated, "channel:activities");
    await request(owner, "message:send", { channelId: secret.id, content: "quiet", nonce: nonce() });
    flushActivities();
    expect((await toAdmin).channels).toMatchObject([{ channelId: secret.id }]);
    expect((await toSeated).channels).toMatchObject([{ channelId: secret.id }]);

    await removeChannelMembers(w.actors.owner, { channelId: secret.id, userIds: [w.actors.member.userId] });
    const seatedGot = collect(seated, "channel:activities");
    const adminAgain = nextEvent(admin, "channel:activities");
    await request(owner, "message:send", { channelId: secret.id, content: "quieter", nonce: nonce() });
    flushActivities();
    await adminAgain;
    await request(seated, "read:states", {});
    await request(unseated, "read:states", {});
    expect(seatedGot).toHaveLength(0);
    expect(unseatedGot).toHaveLength(0);

    // seated again: the activity comes back without reconnecting
    await addChannelMembers(w.actors.owner, { channelId: secret.id, userIds: [w.actors.member2.userId] });
    const toNewSeat = nextEvent(unseated, "channel:activities");
    await request(owner, "message:send", { channelId: secret.id, content: "welcome", nonce: nonce() });
    flushActivities();
    expect((await toNewSeat).channels).toMatchObject([{ channelId: secret.id }]);
  });

  it("a private channel a socket could read when it connected keeps its activity flowing", async () => {
    const w = await makeWorld();
    const secret = await createChannel(w.actors.owner, {
      communityId: w.communityId,
      name: "secret",
      kind: "PRIVATE",
      memberIds: [w.actors.member.userId],
    });
    const [owner, seated] = await Promise.all(
      (["owner", "member"] as const).map((kind) => server.connected(w.actors[kind].userId)),
    );
    const activity = nextEvent(seated, "channel:activities");
    await request(owner, "message:send", { channelId: secret.id, content: "hello", nonce: nonce() });
    flushActivities();
    expect((await activity).channels).toMatchObject([{ channelId: secret.id }]);
  });

  it("reading in one tab moves the read state in the user's other tabs, nobody else's", async () => {
    const w = await makeWorld();
    const [owner, tabA, tabB, other] = await Promise.all(
      [w.actors.owner, w.actors.member, w.actors.member, w.actors.member2].map((actor) =>
        server.connected(actor.userId),
      ),
    );
    const sent = await request(owner, "message:send", {
      channelId: w.generalChannelId,
      content: "read me @everyone",
      nonce: nonce(),
    });
    if (!sent.ok) throw new Error(sent.message);
    const states = await request(tabB, "read:states", {});
    expect(
      states.ok &&
        states.data
          .find((c) => c.communityId === w.communityId)
          ?.channels.find((c) => c.channelId === w.generalChannelId),
    ).toMatchObject({
      unread: 1,
      mentions: 1,
    });
    const otherGot = collect(other, "read:updated");
    const inTabB = nextEvent(tabB, "read:updated");
    const answer = await request(tabA, "channel:read", { channelId: w.generalChannelId, messageId: sent.data.id });
    expect(answer).toMatchObject({ ok: true, data: { unread: 0, mentions: 0, lastReadId: sent.data.id } });
    expect(await inTabB).toEqual([
      expect.objectContaining({ channelId: w.generalChannelId, unread: 0, lastReadId: sent.data.id }),
    ]);

    const notify = nextEvent(tabB, "notify:updated");
    expect(
      await request(tabA, "notify:set", { scope: "channel", channelId: w.generalChannelId, notify: "MENTIONS" }),
    ).toMatchObject({ ok: true });
    expect(await notify).toEqual({ communityId: w.communityId, channelId: w.generalChannelId, notify: "MENTIONS" });
    await request(other, "read:states", {});
    expect(otherGot).toHaveLength(0);

    expect(
      await request(tabA, "channel:read", { channelId: w.generalChannelId, messageId: "<img src=x>" }),
    ).toMatchObject({ ok: false, code: 6002001 });
    expect(await request(tabA, "community:read", { communityId: "nope" })).toMatchObject({ ok: false, code: 6001004 });
    expect(await request(tabA, "notify:set", null as never)).toMatchObject({ ok: false, code: 6002001 });
  });
});
