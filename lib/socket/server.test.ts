import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { ErrorCode } from "../errors";
import type { MessageDTO } from "../dto";
import { makeCommunity, makeUser, nonce, unique } from "../testing/factories";
import { collect, request, startSocketServer } from "../testing/socket-client";

let server: Awaited<ReturnType<typeof startSocketServer>>;
beforeAll(async () => {
  server = await startSocketServer();
});
afterAll(async () => {
  await server.close();
});

const nextMessage = (socket: Awaited<ReturnType<typeof server.connected>>) =>
  new Promise<MessageDTO>((resolve) => socket.once("message:new", resolve));

describe("realtime", () => {
  it("two members receive a message sent by a third, once each, after it is stored", async () => {
    const { owner, generalChannelId, members } = await makeCommunity(2);
    const [alice, bob] = await Promise.all(members.map((m) => server.connected(m.userId)));
    for (const socket of [alice, bob]) {
      expect(await request(socket, "channel:subscribe", { channelId: generalChannelId })).toEqual({
        ok: true,
        data: { channelId: generalChannelId },
      });
    }
    const aliceGot = collect(alice, "message:new");
    const sender = await server.connected(owner.userId);
    const arrivals = Promise.all([nextMessage(alice), nextMessage(bob)]);
    const key = nonce();
    const ack = await request(sender, "message:send", {
      channelId: generalChannelId,
      content: "hello both",
      nonce: key,
    });
    expect(ack).toMatchObject({ ok: true, data: { content: "hello both", nonce: key } });
    const [toAlice, toBob] = await arrivals;
    expect(toAlice).toEqual(ack.ok && ack.data);
    expect(toBob).toEqual(ack.ok && ack.data);
    expect(await db.message.findUnique({ where: { id: toAlice.id } })).not.toBeNull();

    // a retry with the same nonce answers with the original and broadcasts nothing new
    const retry = await request(sender, "message:send", {
      channelId: generalChannelId,
      content: "hello both",
      nonce: key,
    });
    expect(retry.ok && retry.data.id).toBe(toAlice.id);
    await request(alice, "read:states", {}); // a round trip after the retry
    expect(aliceGot).toHaveLength(1);
  });

  it("refuses a handshake without a valid session", async () => {
    const anonymous = await server.client(null);
    const error = await new Promise<Error>((resolve) => anonymous.once("connect_error", resolve));
    expect(error.message).toBe("unauthorized");

    const forged = await server.client(null);
    forged.io.opts.extraHeaders = { cookie: "next-auth.session-token=not-a-jwt" };
    forged.connect();
    await expect(new Promise<Error>((resolve) => forged.once("connect_error", resolve))).resolves.toMatchObject({
      message: "unauthorized",
    });
  });

  it("refuses a handshake started by a page of another site, even with a valid session", async () => {
    const user = await makeUser("victim");
    const socket = await server.client(user.userId, { origin: "http://evil.example" });
    const error = await new Promise<Error>((resolve) => socket.once("connect_error", resolve));
    expect(error.message).toMatch(/websocket error|Forbidden/i);
    expect(socket.connected).toBe(false);

    const sameSite = await server.client(user.userId, { origin: server.url });
    await new Promise<void>((resolve, reject) => {
      sameSite.once("connect", resolve);
      sameSite.once("connect_error", reject);
    });
  });

  it("a non-member's socket receives nothing from the channel, whatever it emits", async () => {
    const { owner, generalChannelId, community, members } = await makeCommunity(1);
    const outsider = await makeUser("outsider");
    const spy = await server.connected(outsider.userId);
    const spied = collect(spy, "message:new");

    expect(await request(spy, "channel:subscribe", { channelId: generalChannelId })).toMatchObject({
      ok: false,
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
    expect(await request(spy, "thread:list", { channelId: generalChannelId })).toMatchObject({
      ok: false,
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
    expect(
      await request(spy, "message:send", { channelId: generalChannelId, content: "let me in", nonce: nonce() }),
    ).toMatchObject({
      ok: false,
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
    // junk payloads and events without acks must not crash the server or open a door
    spy.emit("channel:subscribe", null as never, undefined as never);
    spy.emit("channel:subscribe", { channelId: { $ne: null } } as never, () => {});
    (spy.emit as (...args: unknown[]) => void)("join", `channel:${generalChannelId}`);
    (spy.emit as (...args: unknown[]) => void)("subscribe", { room: `community:${community.id}` });

    const member = await server.connected(members[0].userId);
    await request(member, "channel:subscribe", { channelId: generalChannelId });
    const delivered = nextMessage(member);
    const sender = await server.connected(owner.userId);
    await request(sender, "message:send", { channelId: generalChannelId, content: "members only", nonce: nonce() });
    await delivered;
    // the server emits to rooms synchronously: a round trip on the spy's socket now comes after any leak would
    await request(spy, "read:states", {});
    expect(spied).toHaveLength(0);
  });

  it("a member cannot subscribe to a private channel they are not in", async () => {
    const { owner, community, members } = await makeCommunity(1);
    const secret = await db.channel.create({
      data: { id: unique("ch"), communityId: community.id, name: "staff", kind: "PRIVATE" },
    });
    const member = await server.connected(members[0].userId);
    const got = collect(member, "message:new");
    expect(await request(member, "channel:subscribe", { channelId: secret.id })).toMatchObject({
      ok: false,
      code: ErrorCode.CHANNEL_NOT_FOUND,
    });
    const admin = await server.connected(owner.userId);
    expect(await request(admin, "channel:subscribe", { channelId: secret.id })).toMatchObject({ ok: true });
    const ownerGot = nextMessage(admin);
    await request(admin, "message:send", { channelId: secret.id, content: "staff only", nonce: nonce() });
    await ownerGot;
    await request(member, "read:states", {});
    expect(got).toHaveLength(0);
  });

  it("edits and deletions reach the channel's room", async () => {
    const { owner, generalChannelId, members } = await makeCommunity(1);
    const reader = await server.connected(members[0].userId);
    await request(reader, "channel:subscribe", { channelId: generalChannelId });
    const author = await server.connected(owner.userId);
    const sent = await request(author, "message:send", { channelId: generalChannelId, content: "v1", nonce: nonce() });
    const id = sent.ok ? sent.data.id : "";
    const updated = new Promise<MessageDTO>((resolve) => reader.once("message:updated", resolve));
    expect(await request(author, "message:edit", { messageId: id, content: "v2" })).toMatchObject({
      ok: true,
      data: { content: "v2" },
    });
    expect(await updated).toMatchObject({ id, content: "v2" });
    expect(await request(reader, "message:edit", { messageId: id, content: "mine now" })).toMatchObject({
      ok: false,
      code: ErrorCode.NO_PERMISSION,
    });
    expect(await request(reader, "message:delete", { messageId: id })).toMatchObject({
      ok: false,
      code: ErrorCode.NO_PERMISSION,
    });
    const deleted = new Promise<{ messageId: string }>((resolve) => reader.once("message:deleted", resolve));
    expect(await request(author, "message:delete", { messageId: id })).toEqual({
      ok: true,
      data: { messageId: id, removed: false },
    });
    expect(await deleted).toEqual({ channelId: generalChannelId, messageId: id });
  });

  it("answers bad sends in the result shape", async () => {
    const { owner, generalChannelId } = await makeCommunity();
    const socket = await server.connected(owner.userId);
    expect(
      await request(socket, "message:send", { channelId: generalChannelId, content: "   ", nonce: nonce() }),
    ).toEqual({
      ok: false,
      code: ErrorCode.MESSAGE_EMPTY,
      message: "A message cannot be empty.",
    });
    expect(
      await request(socket, "message:send", { channelId: generalChannelId, content: "x".repeat(4001), nonce: nonce() }),
    ).toMatchObject({
      ok: false,
      code: ErrorCode.MESSAGE_TOO_LONG,
    });
    expect(
      await request(socket, "message:send", { channelId: generalChannelId, content: 42, nonce: nonce() } as never),
    ).toMatchObject({
      ok: false,
      code: ErrorCode.INVALID_INPUT,
    });
  });
});
