import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { addChannelMembers, createChannel, removeChannelMembers } from "../domain/channels";
import { nonce } from "../testing/factories";
import { makeWorld } from "../testing/world";
import { collect, nextEvent, request, startSocketServer } from "../testing/socket-client";

let server: Awaited<ReturnType<typeof startSocketServer>>;
beforeAll(async () => {
  server = await startSocketServer();
});
afterAll(async () => {
  await server.close();
});

describe("unread activity and read state over sockets", () => {
  it("a public channel's activity reaches members not viewing it; viewers get the message itself, outsiders nothing", async () => {
    const w = await makeWorld();
    const member2Name = (await db.user.findUniqueOrThrow({ where: { id: w.actors.member2.userId } })).username;
    const [owner, viewer, elsewhere, outsider] = await Promise.all(
      (["owner", "member", "member2", "outsider"] as const).map((kind) => server.connected(w.actors[kind].userId)),
    );
    await request(viewer, "channel:subscribe", { channelId: w.generalChannelId });
    const viewerActivity = collect(viewer, "channel:activity");
    const outsiderActivity = collect(outsider, "channel:activity");
    const viewerMessage = nextEvent(viewer, "message:new");
    const activity = nextEvent(elsewhere, "channel:activity");
    const sent = await request(owner, "message:send", {
      channelId: w.generalChannelId,
      content: `hi @${member2Name}`,
      nonce: nonce(),
    });
    expect(sent.ok).toBe(true);
    expect(await activity).toEqual({
      communityId: w.communityId,
      channelId: w.generalChannelId,
      parentId: null,
      messageId: sent.ok ? sent.data.id : "",
      authorId: w.actors.owner.userId,
      kind: "new",
      mentionIds: [w.actors.member2.userId],
      mentionsEveryone: false,
    });
    expect((await viewerMessage).id).toBe(sent.ok && sent.data.id);

    // deletion is announced to everyone who counts, viewers included
    const goneForViewer = nextEvent(viewer, "channel:activity");
    const goneElsewhere = nextEvent(elsewhere, "channel:activity");
    await request(owner, "message:delete", { messageId: sent.ok ? sent.data.id : "" });
    expect(await goneForViewer).toMatchObject({ kind: "gone", mentionIds: [w.actors.member2.userId] });
    expect(await goneElsewhere).toMatchObject({ kind: "gone" });
    await request(outsider, "read:states", {}); // a round trip: a leak would have arrived
    expect(viewerActivity.map(([a]) => a.kind)).toEqual(["gone"]);
    expect(outsiderActivity).toHaveLength(0);
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
    const unseatedGot = collect(unseated, "channel:activity");
    const toAdmin = nextEvent(admin, "channel:activity");
    const toSeated = nextEvent(seated, "channel:activity");
    await request(owner, "message:send", { channelId: secret.id, content: "quiet", nonce: nonce() });
    expect(await toAdmin).toMatchObject({ channelId: secret.id, kind: "new" });
    expect(await toSeated).toMatchObject({ channelId: secret.id, kind: "new" });

    await removeChannelMembers(w.actors.owner, { channelId: secret.id, userIds: [w.actors.member.userId] });
    const seatedGot = collect(seated, "channel:activity");
    const adminAgain = nextEvent(admin, "channel:activity");
    await request(owner, "message:send", { channelId: secret.id, content: "quieter", nonce: nonce() });
    await adminAgain;
    await request(seated, "read:states", {});
    await request(unseated, "read:states", {});
    expect(seatedGot).toHaveLength(0);
    expect(unseatedGot).toHaveLength(0);

    // seated again: the activity comes back without reconnecting
    await addChannelMembers(w.actors.owner, { channelId: secret.id, userIds: [w.actors.member2.userId] });
    const toNewSeat = nextEvent(unseated, "channel:activity");
    await request(owner, "message:send", { channelId: secret.id, content: "welcome", nonce: nonce() });
    expect(await toNewSeat).toMatchObject({ channelId: secret.id });
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
    const activity = nextEvent(seated, "channel:activity");
    await request(owner, "message:send", { channelId: secret.id, content: "hello", nonce: nonce() });
    expect(await activity).toMatchObject({ channelId: secret.id });
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
