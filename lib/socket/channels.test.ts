import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { setChannelAvatar } from "../domain/avatars";
import {
  addChannelMembers,
  createCategory,
  createChannel,
  deleteCategory,
  deleteChannel,
  removeChannelMembers,
  renameCategory,
} from "../domain/channels";
import { setMemberRole } from "../domain/members";
import { sendMessage } from "../domain/messages";
import { ErrorCode } from "../errors";
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

describe("private channels over sockets", () => {
  it("are announced to their members and managers only; a removed member's tabs lose them at once", async () => {
    const w = await makeWorld();
    const [owner, admin, member, member2] = await Promise.all(
      (["owner", "admin", "member", "member2"] as const).map((kind) => server.connected(w.actors[kind].userId)),
    );
    const outsiderGot = collect(member2, "channel:created");
    const toAdmin = nextEvent(admin, "channel:created");
    const toMember = nextEvent(member, "channel:created");
    const secret = await createChannel(w.actors.owner, {
      communityId: w.communityId,
      name: "secret",
      kind: "PRIVATE",
      memberIds: [w.actors.member.userId],
    });
    expect(await toAdmin).toMatchObject({ id: secret.id, kind: "PRIVATE" });
    expect(await toMember).toMatchObject({ id: secret.id });

    expect(await request(member, "channel:subscribe", { channelId: secret.id })).toMatchObject({ ok: true });
    expect(await request(member2, "channel:subscribe", { channelId: secret.id })).toMatchObject({ ok: false });
    const member2Messages = collect(member2, "message:new");
    const memberMessages = collect(member, "message:new");
    const ownerGot = nextEvent(owner, "message:new");
    await request(owner, "channel:subscribe", { channelId: secret.id });
    await request(owner, "message:send", { channelId: secret.id, content: "for the few", nonce: nonce() });
    await ownerGot;
    await request(member2, "read:states", {});
    expect(member2Messages).toHaveLength(0);
    expect(outsiderGot).toHaveLength(0);

    const lost = nextEvent(member, "channel:deleted");
    await removeChannelMembers(w.actors.admin, { channelId: secret.id, userIds: [w.actors.member.userId] });
    expect(await lost).toEqual({ communityId: w.communityId, channelId: secret.id });
    const afterRemoval = memberMessages.length;
    const again = nextEvent(owner, "message:new");
    await request(owner, "message:send", { channelId: secret.id, content: "after removal", nonce: nonce() });
    await again;
    await request(member, "read:states", {});
    expect(memberMessages).toHaveLength(afterRemoval);

    const added = nextEvent(member2, "channel:created");
    await addChannelMembers(w.actors.owner, { channelId: secret.id, userIds: [w.actors.member2.userId] });
    expect(await added).toMatchObject({ id: secret.id });
    const deleted = nextEvent(member2, "channel:deleted");
    await deleteChannel(w.actors.owner, secret.id);
    expect(await deleted).toMatchObject({ channelId: secret.id });
  });

  it("a demoted admin's tabs lose the private channels they hold no seat in; a promoted member's gain them", async () => {
    const w = await makeWorld();
    const [owner, admin, member] = await Promise.all(
      (["owner", "admin", "member"] as const).map((kind) => server.connected(w.actors[kind].userId)),
    );
    const secret = await createChannel(w.actors.owner, {
      communityId: w.communityId,
      name: "war-room",
      kind: "PRIVATE",
      memberIds: [],
    });
    const seated = await createChannel(w.actors.owner, {
      communityId: w.communityId,
      name: "seated",
      kind: "PRIVATE",
      memberIds: [w.actors.admin.userId],
    });
    expect(await request(admin, "channel:subscribe", { channelId: secret.id })).toMatchObject({ ok: true });
    await request(owner, "channel:subscribe", { channelId: secret.id });

    const lost = collect(admin, "channel:deleted");
    const lostFirst = nextEvent(admin, "channel:deleted");
    await setMemberRole(w.actors.owner, { communityId: w.communityId, userId: w.actors.admin.userId, role: "MEMBER" });
    expect(await lostFirst).toEqual({ communityId: w.communityId, channelId: secret.id });
    const adminMessages = collect(admin, "message:new");
    const ownerGot = nextEvent(owner, "message:new");
    await request(owner, "message:send", { channelId: secret.id, content: "admins only now", nonce: nonce() });
    await ownerGot;
    // a round trip (any leak would have arrived), on the channel the admin still holds a seat in
    expect(await request(admin, "channel:subscribe", { channelId: seated.id })).toMatchObject({ ok: true });
    expect(adminMessages).toHaveLength(0);
    expect(lost.map(([event]) => event.channelId)).toEqual([secret.id]); // the seated channel stays
    expect(await request(admin, "channel:subscribe", { channelId: secret.id })).toMatchObject({ ok: false });

    const gained = nextEvent(member, "channel:created");
    await setMemberRole(w.actors.owner, { communityId: w.communityId, userId: w.actors.member.userId, role: "ADMIN" });
    expect(await gained).toMatchObject({ id: secret.id, kind: "PRIVATE" });
    expect(await request(member, "channel:subscribe", { channelId: secret.id })).toMatchObject({ ok: true });
  });

  it("a new channel avatar reaches the channel's readers, and nobody else", async () => {
    const w = await makeWorld();
    const [admin, member, member2] = await Promise.all(
      (["admin", "member", "member2"] as const).map((kind) => server.connected(w.actors[kind].userId)),
    );
    const secret = await createChannel(w.actors.owner, {
      communityId: w.communityId,
      name: "portraits",
      kind: "PRIVATE",
      memberIds: [w.actors.member.userId],
    });
    const outsiderGot = collect(member2, "channel:updated");
    const toAdmin = nextEvent(admin, "channel:updated");
    const toMember = nextEvent(member, "channel:updated");
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#ff9800" } })
      .png()
      .toBuffer();
    const updated = await setChannelAvatar(w.actors.owner, secret.id, png);
    expect(await toAdmin).toEqual(updated);
    expect(await toMember).toMatchObject({
      id: secret.id,
      avatarUrl: expect.stringMatching(/^\/api\/channels\/.+\/avatar\?v=/),
    });
    // a public event afterwards proves member2's socket was listening all along
    const publicEvent = nextEvent(member2, "category:changed");
    await createCategory(w.actors.owner, { communityId: w.communityId, name: "later" });
    await publicEvent;
    expect(outsiderGot).toHaveLength(0);
  });

  it("category renames and deletions reach every member of the community", async () => {
    const w = await makeWorld();
    const member = await server.connected(w.actors.member.userId);
    const category = await createCategory(w.actors.owner, { communityId: w.communityId, name: "Old" });
    let changed = nextEvent(member, "category:changed");
    await renameCategory(w.actors.admin, { communityId: w.communityId, categoryId: category.id, name: "New" });
    expect(await changed).toEqual({ communityId: w.communityId });
    changed = nextEvent(member, "category:changed");
    await deleteCategory(w.actors.admin, { communityId: w.communityId, categoryId: category.id });
    expect(await changed).toEqual({ communityId: w.communityId });
  });
});

describe("subscribing with a starting point", () => {
  it("answers the first page of what came after it, to readers only; without one, no page", async () => {
    const w = await makeWorld();
    const [member, member2] = await Promise.all([
      server.connected(w.actors.member.userId),
      server.connected(w.actors.member2.userId),
    ]);
    const sent = [];
    for (const content of ["one", "two", "three"])
      sent.push(await sendMessage(w.actors.owner, { channelId: w.generalChannelId, content, nonce: nonce() }));
    const secret = await createChannel(w.actors.owner, {
      communityId: w.communityId,
      name: "secret",
      kind: "PRIVATE",
      memberIds: [w.actors.member.userId],
    });
    const hidden = await sendMessage(w.actors.owner, { channelId: secret.id, content: "hidden", nonce: nonce() });

    const caughtUp = await request(member, "channel:subscribe", { channelId: w.generalChannelId, after: sent[0].id });
    expect(caughtUp.ok && caughtUp.data.page).toMatchObject({ hasNewer: false });
    expect(caughtUp.ok && caughtUp.data.page!.messages.map((message) => message.content)).toEqual(["two", "three"]);
    // at the present: an empty page
    const current = await request(member, "channel:subscribe", { channelId: w.generalChannelId, after: sent[2].id });
    expect(current).toEqual({
      ok: true,
      data: { channelId: w.generalChannelId, page: expect.objectContaining({ messages: [] }) },
    });
    expect(await request(member, "channel:subscribe", { channelId: w.generalChannelId })).toEqual({
      ok: true,
      data: { channelId: w.generalChannelId },
    });

    // a private channel's messages never ride on a refused subscription, whatever the starting point
    const refused = await request(member2, "channel:subscribe", { channelId: secret.id, after: sent[0].id });
    expect(refused).toMatchObject({ ok: false, code: ErrorCode.CHANNEL_NOT_FOUND });
    expect(JSON.stringify(refused)).not.toContain(hidden.id);
    // a starting point from another channel walks this channel's own range only
    const elsewhere = await request(member2, "channel:subscribe", { channelId: w.generalChannelId, after: hidden.id });
    expect(elsewhere.ok && elsewhere.data.page!.messages.map((message) => message.id)).not.toContain(hidden.id);
    // a malformed starting point is refused like any bad payload; text that is no id finds nothing
    expect(
      await request(member, "channel:subscribe", { channelId: w.generalChannelId, after: "x".repeat(65) }),
    ).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
    const odd = await request(member, "channel:subscribe", { channelId: w.generalChannelId, after: "~<script>" });
    expect(odd).toMatchObject({ ok: true, data: { page: { messages: [] } } });
  });
});
