import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode } from "../errors";
import { createChannel, removeChannelMembers } from "../domain/channels";
import { setMemberRole } from "../domain/members";
import { listMessages, sendMessage } from "../domain/messages";
import { createThread } from "../domain/threads";
import { nonce } from "../testing/factories";
import { makeWorld } from "../testing/world";
import { collect, nextEvent, request, startSocketServer, type TestSocket } from "../testing/socket-client";

let server: Awaited<ReturnType<typeof startSocketServer>>;
beforeAll(async () => {
  server = await startSocketServer();
});
afterAll(async () => {
  await server.close();
});

/** A round trip on each socket: anything the server sent them before it has arrived. */
const settle = (...sockets: TestSocket[]) => Promise.all(sockets.map((socket) => request(socket, "read:states", {})));

/** A world with a private channel where only the member has a seat, a thread the member opened in it, and their sockets. */
async function privateThreadWorld() {
  const w = await makeWorld();
  const secret = await createChannel(w.actors.owner, {
    communityId: w.communityId,
    name: "staff",
    kind: "PRIVATE",
    memberIds: [w.actors.member.userId],
  });
  const starter = await sendMessage(w.actors.member, {
    channelId: secret.id,
    content: "private plans",
    nonce: nonce(),
  });
  const thread = await createThread(w.actors.member, { messageId: starter.id });
  const [owner, admin, member, member2] = await Promise.all(
    (["owner", "admin", "member", "member2"] as const).map((kind) => server.connected(w.actors[kind].userId)),
  );
  return { w, secret, thread, sockets: { owner, admin, member, member2 } };
}

describe("threads over sockets", () => {
  it("viewers of the channel hear a new thread and its reply count; viewers of the thread get its messages", async () => {
    const w = await makeWorld();
    const [viewer, creator, follower] = await Promise.all(
      (["admin", "member", "member2"] as const).map((kind) => server.connected(w.actors[kind].userId)),
    );
    await request(viewer, "channel:subscribe", { channelId: w.generalChannelId });
    const starter = await request(creator, "message:send", {
      channelId: w.generalChannelId,
      content: "Who brings the snacks?",
      nonce: nonce(),
    });
    if (!starter.ok) throw new Error(starter.message);

    // the creator opens a thread over the socket: the channel's viewer hears its summary
    const opened = nextEvent(viewer, "thread:updated");
    const created = await request(creator, "thread:create", { messageId: starter.data.id });
    if (!created.ok) throw new Error(created.message);
    const thread = created.data;
    expect(await opened).toMatchObject({
      id: thread.id,
      parentId: w.generalChannelId,
      starterMessageId: starter.data.id,
      name: "Who brings the snacks?",
      replyCount: 0,
    });

    // a member viewing the thread gets its messages; the channel's viewer only the summary change
    expect(await request(follower, "channel:subscribe", { channelId: thread.id })).toEqual({
      ok: true,
      data: { channelId: thread.id },
    });
    const viewerMessages = collect(viewer, "message:new");
    const inThread = nextEvent(follower, "message:new");
    const summary = nextEvent(viewer, "thread:updated");
    const sent = await request(creator, "message:send", { channelId: thread.id, content: "I will", nonce: nonce() });
    expect(sent).toMatchObject({ ok: true, data: { channelId: thread.id } });
    expect(await inThread).toMatchObject({
      channelId: thread.id,
      content: "I will",
      author: { id: w.actors.member.userId },
    });
    expect(await summary).toMatchObject({
      id: thread.id,
      replyCount: 1,
      participants: [{ id: w.actors.member.userId }],
    });
    await settle(viewer);
    expect(viewerMessages).toHaveLength(0);

    // thread:get / thread:list / thread:follow for a reader; a follow reaches every tab of the user
    const otherTab = await server.connected(w.actors.member2.userId);
    const followed = nextEvent(otherTab, "thread:followed");
    expect(await request(follower, "thread:follow", { threadId: thread.id, follow: true })).toEqual({
      ok: true,
      data: { threadId: thread.id, following: true },
    });
    expect(await followed).toEqual({ threadId: thread.id, following: true });
    expect(await request(follower, "thread:get", { threadId: thread.id })).toMatchObject({
      ok: true,
      data: { following: true, thread: { id: thread.id, replyCount: 1 } },
    });
    const list = await request(follower, "thread:list", { channelId: w.generalChannelId });
    expect(list).toMatchObject({ ok: true, data: { threads: [{ id: thread.id }], nextCursor: null } });
  });

  it("a member without a seat can neither subscribe to a private channel's thread nor get, list, follow or change it", async () => {
    const { w, secret, thread, sockets } = await privateThreadWorld();
    const { member, member2: unseated } = sockets;
    const notFound = { ok: false, code: ErrorCode.CHANNEL_NOT_FOUND };
    expect(await request(unseated, "channel:subscribe", { channelId: thread.id })).toMatchObject(notFound);
    expect(await request(unseated, "thread:get", { threadId: thread.id })).toMatchObject(notFound);
    expect(await request(unseated, "thread:list", { channelId: secret.id })).toMatchObject(notFound);
    expect(await request(unseated, "thread:follow", { threadId: thread.id, follow: true })).toMatchObject(notFound);
    expect(await request(unseated, "thread:update", { threadId: thread.id, name: "mine now" })).toMatchObject(notFound);
    await expect(listMessages(w.actors.member2, { channelId: thread.id })).rejects.toMatchObject({
      code: ErrorCode.CHANNEL_NOT_FOUND,
    }); // history is read over HTTP
    expect(
      await request(unseated, "message:send", { channelId: thread.id, content: "let me in", nonce: nonce() }),
    ).toMatchObject(notFound);

    // the seated member reads it; nothing of its traffic reaches the unseated socket
    expect(await request(member, "channel:subscribe", { channelId: thread.id })).toMatchObject({ ok: true });
    expect(await request(member, "thread:get", { threadId: thread.id })).toMatchObject({
      ok: true,
      data: { following: true },
    });
    const unseatedMessages = collect(unseated, "message:new");
    const unseatedSummaries = collect(unseated, "thread:updated");
    const echoed = nextEvent(member, "message:new");
    await request(member, "message:send", { channelId: thread.id, content: "just us", nonce: nonce() });
    await echoed;
    await settle(unseated);
    expect(unseatedMessages).toHaveLength(0);
    expect(unseatedSummaries).toHaveLength(0);
  });

  it("a member taken out of the private channel stops hearing its thread at once", async () => {
    const { w, secret, thread, sockets } = await privateThreadWorld();
    const { owner, member } = sockets;
    expect(await request(member, "channel:subscribe", { channelId: thread.id })).toMatchObject({ ok: true });
    expect(await request(owner, "channel:subscribe", { channelId: thread.id })).toMatchObject({ ok: true });

    const lost = nextEvent(member, "channel:deleted");
    await removeChannelMembers(w.actors.admin, { channelId: secret.id, userIds: [w.actors.member.userId] });
    expect(await lost).toEqual({ communityId: w.communityId, channelId: secret.id });
    expect(await request(member, "thread:get", { threadId: thread.id })).toMatchObject({
      ok: false,
      code: ErrorCode.CHANNEL_NOT_FOUND,
    });

    const memberMessages = collect(member, "message:new");
    const memberSummaries = collect(member, "thread:updated");
    const ownerGot = nextEvent(owner, "message:new");
    await request(owner, "message:send", { channelId: thread.id, content: "after the removal", nonce: nonce() });
    await ownerGot;
    await settle(member);
    expect(memberMessages.map(([m]) => m.content)).toEqual([]);
    expect(memberSummaries).toHaveLength(0);
  });

  it("an admin demoted without a seat stops hearing the private channel's thread at once", async () => {
    const { w, thread, sockets } = await privateThreadWorld();
    const { owner, admin } = sockets;
    expect(await request(admin, "channel:subscribe", { channelId: thread.id })).toMatchObject({ ok: true });
    expect(await request(owner, "channel:subscribe", { channelId: thread.id })).toMatchObject({ ok: true });

    await setMemberRole(w.actors.owner, { communityId: w.communityId, userId: w.actors.admin.userId, role: "MEMBER" });
    expect(await request(admin, "thread:get", { threadId: thread.id })).toMatchObject({
      ok: false,
      code: ErrorCode.CHANNEL_NOT_FOUND,
    });

    const adminMessages = collect(admin, "message:new");
    const ownerGot = nextEvent(owner, "message:new");
    await request(owner, "message:send", { channelId: thread.id, content: "managers only", nonce: nonce() });
    await ownerGot;
    await settle(admin);
    expect(adminMessages.map(([m]) => m.content)).toEqual([]);
  });
});
