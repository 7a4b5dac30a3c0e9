import { describe, expect, it } from "vitest";
import { db } from "../db";
import { ErrorCode, toFailure } from "../errors";
import { limits } from "../limits";
import { nonce } from "../testing/factories";
import { makeWorld } from "../testing/world";
import { listReadableChannels } from "./access";
import { addChannelMembers, arrangeChannels, createCategory, createChannel, deleteChannel, listChannelMembers, removeChannelMembers, updateChannel } from "./channels";
import { getSendRestriction, listMessages, sendMessage } from "./messages";

const send = (actor: { userId: string }, channelId: string, content = "hello") => sendMessage(actor, { channelId, content, nonce: nonce() });
const codeOf = async (promise: Promise<unknown>) => promise.then(() => "ok", (error) => toFailure(error).code);

describe("channels", () => {
  it("a private channel exists only for its members, the owner and admins", async () => {
    const w = await makeWorld();
    const { owner, admin, member, member2 } = w.actors;
    const secret = await createChannel(admin, { communityId: w.communityId, name: "Staff Room", kind: "PRIVATE", memberIds: [member.userId] });
    expect(secret).toMatchObject({ name: "staff-room", kind: "PRIVATE" });
    await send(owner, secret.id, "plans");

    const visible = async (actor: { userId: string }) => (await listReadableChannels(actor, w.communityId)).channels.map((c) => c.id);
    expect(await visible(member)).toContain(secret.id);
    expect(await visible(owner)).toContain(secret.id);
    expect(await visible(member2)).not.toContain(secret.id);
    expect(await codeOf(listMessages(member2, { channelId: secret.id }))).toBe(ErrorCode.CHANNEL_NOT_FOUND);
    expect(await codeOf(send(member2, secret.id))).toBe(ErrorCode.CHANNEL_NOT_FOUND);
    expect(await codeOf(listChannelMembers(member2, secret.id))).toBe(ErrorCode.CHANNEL_NOT_FOUND);
    expect(await codeOf(getSendRestriction(member2, secret.id))).toBe(ErrorCode.CHANNEL_NOT_FOUND);

    expect(await codeOf(addChannelMembers(member, { channelId: secret.id, userIds: [member2.userId] }))).toBe(ErrorCode.NO_PERMISSION);
    expect(await codeOf(addChannelMembers(admin, { channelId: secret.id, userIds: [w.actors.outsider.userId] }))).toBe(ErrorCode.NOT_IN_COMMUNITY);
    await addChannelMembers(admin, { channelId: secret.id, userIds: [member2.userId] });
    expect((await listMessages(member2, { channelId: secret.id })).messages.map((m) => m.content)).toEqual(["plans"]);
    expect((await listChannelMembers(member2, secret.id)).map((u) => u.id).sort()).toEqual([member.userId, member2.userId].sort());
    await removeChannelMembers(owner, { channelId: secret.id, userIds: [member2.userId] });
    expect(await codeOf(listMessages(member2, { channelId: secret.id }))).toBe(ErrorCode.CHANNEL_NOT_FOUND);
    expect(await codeOf(addChannelMembers(owner, { channelId: w.generalChannelId, userIds: [member2.userId] }))).toBe(ErrorCode.INVALID_INPUT);
  });

  it("General cannot be deleted; others only by owner and admins, freeing a channel seat", async () => {
    const w = await makeWorld();
    const { owner, admin, member } = w.actors;
    expect(await codeOf(deleteChannel(owner, w.generalChannelId))).toBe(ErrorCode.GENERAL_CHANNEL);
    const channel = await createChannel(owner, { communityId: w.communityId, name: "temp" });
    await send(member, channel.id);
    expect(await codeOf(deleteChannel(member, channel.id))).toBe(ErrorCode.NO_PERMISSION);
    expect(await codeOf(deleteChannel(w.actors.outsider, channel.id))).toBe(ErrorCode.NOT_IN_COMMUNITY);
    const before = (await db.community.findUniqueOrThrow({ where: { id: w.communityId } })).channelCount;
    await deleteChannel(admin, channel.id);
    expect((await db.community.findUniqueOrThrow({ where: { id: w.communityId } })).channelCount).toBe(before - 1);
    expect(await db.message.count({ where: { channelId: channel.id } })).toBe(0);
    expect(await codeOf(deleteChannel(admin, channel.id))).toBe(ErrorCode.CHANNEL_NOT_FOUND);
  });

  it("mute modes: normal stops members, all stops everyone but the owner, custom stops the chosen roles; durations end", async () => {
    const w = await makeWorld();
    const { owner, admin, member } = w.actors;
    const channelId = w.generalChannelId;
    const outcome = async () => Promise.all([owner, admin, member].map((actor) => codeOf(send(actor, channelId))));

    await updateChannel(admin, { channelId, muteMode: "NORMAL", muteDurationSeconds: null });
    expect(await outcome()).toEqual(["ok", "ok", ErrorCode.CHANNEL_MUTED]);
    await updateChannel(owner, { channelId, muteMode: "ALL" });
    expect(await outcome()).toEqual(["ok", ErrorCode.CHANNEL_MUTED, ErrorCode.CHANNEL_MUTED]);
    await updateChannel(owner, { channelId, muteMode: "CUSTOM", mutedRoles: ["ADMIN"] });
    expect(await outcome()).toEqual(["ok", ErrorCode.CHANNEL_MUTED, "ok"]);
    await expect(send(admin, channelId)).rejects.toThrow("This channel is muted for you permanently.");

    await updateChannel(owner, { channelId, muteMode: "NORMAL", muteDurationSeconds: 600 });
    await expect(send(member, channelId)).rejects.toThrow(/^This channel is muted for you until \d{4}-/);
    expect((await getSendRestriction(member, channelId)).channelMutedUntil).not.toBeNull();
    await db.channel.update({ where: { id: channelId }, data: { muteUntil: new Date(Date.now() - 1000) } });
    expect(await outcome()).toEqual(["ok", "ok", "ok"]);
    await updateChannel(owner, { channelId, muteMode: "NONE" });
    expect((await db.channel.findUniqueOrThrow({ where: { id: channelId } })).muteUntil).toBeNull();
    expect(await codeOf(updateChannel(member, { channelId, muteMode: "ALL" }))).toBe(ErrorCode.NO_PERMISSION);
  });

  it("slowmode: one send per interval for members, owner and admins exempt, concurrent sends cannot both pass", async () => {
    const w = await makeWorld();
    const { owner, admin, member, member2 } = w.actors;
    const channelId = w.generalChannelId;
    await updateChannel(owner, { channelId, slowmodeSeconds: 30 });
    await send(member, channelId);
    await expect(send(member, channelId)).rejects.toMatchObject({
      code: ErrorCode.SLOWMODE,
      message: expect.stringMatching(/^Slowmode is on: you can send again in (29|30) seconds\.$/),
    });
    expect(await getSendRestriction(member, channelId)).toMatchObject({ slowmodeSeconds: 30, slowmodeWait: expect.any(Number) });
    expect(await Promise.all([send(owner, channelId), send(owner, channelId), send(admin, channelId)])).toHaveLength(3);

    const raced = await Promise.allSettled([1, 2, 3, 4].map(() => send(member2, channelId)));
    expect(raced.filter((r) => r.status === "fulfilled")).toHaveLength(1);

    await db.channelSendState.update({ where: { channelId_userId: { channelId, userId: member.userId } }, data: { lastSentAt: new Date(Date.now() - 31_000) } });
    await expect(send(member, channelId)).resolves.toBeTruthy();
    expect(await codeOf(updateChannel(owner, { channelId, slowmodeSeconds: 21_601 }))).toBe(ErrorCode.INVALID_INPUT);
  });

  it("channels per community hold under concurrency (6001064)", async () => {
    const w = await makeWorld();
    await db.community.update({ where: { id: w.communityId }, data: { channelCount: limits.channelsPerCommunity - 1 } });
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((i) => createChannel(w.actors.owner, { communityId: w.communityId, name: `race-${i}` })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(Array(4).fill(ErrorCode.CHANNEL_COUNT_LIMIT));
  });

  it("categories and order: channels move between groups; foreign ids are refused", async () => {
    const w = await makeWorld();
    const { owner } = w.actors;
    const a = await createChannel(owner, { communityId: w.communityId, name: "a" });
    const b = await createChannel(owner, { communityId: w.communityId, name: "b" });
    const category = await createCategory(owner, { communityId: w.communityId, name: "Voice of reason" });
    await arrangeChannels(owner, { communityId: w.communityId, groups: [{ categoryId: null, channelIds: [w.generalChannelId, b.id] }, { categoryId: category.id, channelIds: [a.id] }] });
    const { channels } = await listReadableChannels(owner, w.communityId);
    expect(channels.map((c) => [c.name, c.categoryId])).toEqual([["general", null], ["b", null], ["a", category.id]]);
    const other = await makeWorld();
    expect(await codeOf(arrangeChannels(owner, { communityId: w.communityId, groups: [{ categoryId: null, channelIds: [other.generalChannelId] }] }))).toBe(ErrorCode.CHANNEL_NOT_IN_COMMUNITY);
    expect(await codeOf(createChannel(owner, { communityId: w.communityId, name: "x", categoryId: "not-a-category" }))).toBe(ErrorCode.INVALID_INPUT);
    expect(await codeOf(createChannel(owner, { communityId: w.communityId, name: "n".repeat(101) }))).toBe(ErrorCode.INVALID_INPUT);
    expect(await codeOf(createChannel(owner, { communityId: w.communityId, name: "n".repeat(100), topic: "t".repeat(501) }))).toBe(ErrorCode.INVALID_INPUT);
    expect(await codeOf(createChannel(w.actors.member, { communityId: w.communityId, name: "nope" }))).toBe(ErrorCode.NO_PERMISSION);
  });
});
