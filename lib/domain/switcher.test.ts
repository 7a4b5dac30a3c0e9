import { afterEach, describe, expect, it, vi } from "vitest";
import { db, sqlPool } from "../db";
import { nonce, unique } from "../testing/factories";
import { now } from "../clock";
import { newId } from "../ids";
import { makeWorld } from "../testing/world";
import type { Actor } from "./actor";
import { createChannel, deleteChannel, removeChannelMembers } from "./channels";
import { createCommunity } from "./communities";
import { banMember, findMember, kickMembers } from "./members";
import { ErrorCode } from "../errors";
import { sendMessage } from "./messages";
import { listSwitchTargets, peopleLimit, searchPeople } from "./switcher";
import { createThread, followThread } from "./threads";

const openThread = async (actor: Actor, channelId: string, content: string) =>
  createThread(actor, { messageId: (await sendMessage(actor, { channelId, content, nonce: nonce() })).id });

/** What the actor's switcher lists, as ids per kind. */
async function targetsOf(actor: Actor) {
  const targets = await listSwitchTargets(actor);
  return {
    communities: targets.communities.map((c) => c.id),
    channels: targets.channels.map((c) => c.id),
    threads: targets.threads.map((t) => t.id),
  };
}

afterEach(() => vi.restoreAllMocks());

describe("quick switcher targets", () => {
  it("lists the actor's communities, readable channels and followed threads, with their community", async () => {
    const w = await makeWorld();
    const { owner, admin, member, member2 } = w.actors;
    const seated = await createChannel(owner, {
      communityId: w.communityId,
      name: "seated",
      kind: "PRIVATE",
      memberIds: [member.userId],
    });
    const open = await createChannel(owner, { communityId: w.communityId, name: "open" });
    const thread = await openThread(member, w.generalChannelId, "Where do we meet?");

    const mine = await listSwitchTargets(member);
    expect(mine.communities).toEqual([{ id: w.communityId, name: w.community.name, avatarUrl: null }]);
    expect(mine.channels).toEqual([
      {
        id: w.generalChannelId,
        name: "general",
        kind: "GENERAL",
        communityId: w.communityId,
        communityName: w.community.name,
      },
      { id: seated.id, name: "seated", kind: "PRIVATE", communityId: w.communityId, communityName: w.community.name },
      { id: open.id, name: "open", kind: "PUBLIC", communityId: w.communityId, communityName: w.community.name },
    ]);
    expect(mine.threads).toEqual([
      {
        id: thread.id,
        name: thread.name,
        channelId: w.generalChannelId,
        channelName: "general",
        communityId: w.communityId,
        communityName: w.community.name,
        archived: false,
      },
    ]);

    // no seat: the private channel is not there (the owner and admins read every channel)
    expect((await targetsOf(member2)).channels).toEqual([w.generalChannelId, open.id]);
    expect((await targetsOf(admin)).channels).toContain(seated.id);
    // a thread someone does not follow is not theirs to jump to until they do
    expect((await targetsOf(member2)).threads).toEqual([]);
    await followThread(member2, { threadId: thread.id, follow: true });
    expect((await targetsOf(member2)).threads).toEqual([thread.id]);
    // a deleted channel is gone
    await deleteChannel(owner, open.id);
    expect((await targetsOf(member2)).channels).toEqual([w.generalChannelId]);
  });

  it("never lists another community's channels, nor a private channel's threads once the seat is gone", async () => {
    const w = await makeWorld();
    const other = await makeWorld();
    const { owner, member } = w.actors;
    expect(await targetsOf(w.actors.outsider)).toEqual({ communities: [], channels: [], threads: [] });
    const mine = await targetsOf(member);
    expect(mine.communities).toEqual([w.communityId]);
    expect(mine.channels).not.toContain(other.generalChannelId);

    const secret = await createChannel(owner, {
      communityId: w.communityId,
      name: "secret",
      kind: "PRIVATE",
      memberIds: [member.userId],
    });
    const thread = await openThread(member, secret.id, "Just between us");
    expect((await targetsOf(member)).threads).toEqual([thread.id]);
    await removeChannelMembers(owner, { channelId: secret.id, userIds: [member.userId] });
    const after = await targetsOf(member);
    expect(after.channels).not.toContain(secret.id);
    expect(after.threads).toEqual([]); // the follow remains, the access does not
  });

  it("drops a community the actor was kicked or banned from, its channels and followed threads", async () => {
    const w = await makeWorld();
    const { owner, member, member2, banned } = w.actors;
    const elsewhere = await createCommunity(member, { name: "Elsewhere" });
    const thread = await openThread(member, w.generalChannelId, "Kept after a kick?");
    await followThread(member2, { threadId: thread.id, follow: true });
    expect((await targetsOf(member)).communities.sort()).toEqual([w.communityId, elsewhere.community.id].sort());
    expect(await targetsOf(banned)).toEqual({ communities: [], channels: [], threads: [] });

    await kickMembers(owner, { communityId: w.communityId, userIds: [member.userId] });
    expect(await targetsOf(member)).toEqual({
      communities: [elsewhere.community.id],
      channels: [elsewhere.generalChannelId],
      threads: [],
    });
    await banMember(owner, { communityId: w.communityId, userId: member2.userId });
    expect(await targetsOf(member2)).toEqual({ communities: [], channels: [], threads: [] });
  });

  it("reads everything in the same three statements however many communities there are", async () => {
    const w = await makeWorld();
    const count = async (actor: Actor) => {
      const spy = vi.spyOn(sqlPool(), "query");
      await listSwitchTargets(actor);
      const calls = spy.mock.calls.length;
      spy.mockRestore();
      return calls;
    };
    const one = await count(w.actors.member);
    for (const name of ["Second", "Third", "Fourth"]) await createCommunity(w.actors.member, { name });
    expect((await targetsOf(w.actors.member)).communities).toHaveLength(4);
    expect(await count(w.actors.member)).toBe(one);
    expect(one).toBe(3);
  });
});

describe("quick switcher people", () => {
  /** A user with this display name and a username of their own, who joins the given communities. */
  async function person(displayName: string, usernameStart: string, ...communityIds: string[]) {
    const username = unique(usernameStart).toLowerCase();
    const user = await db.user.create({ data: { id: newId(), username, displayName, passwordHash: "not-a-hash" } });
    for (const communityId of communityIds)
      await db.member.create({ data: memberRow(communityId, user.id, displayName) });
    return { userId: user.id, username };
  }
  const memberRow = (communityId: string, userId: string, displayName: string) => ({
    communityId,
    userId,
    role: "MEMBER" as const,
    sortName: displayName.toLowerCase(),
    joinedAt: now(),
  });
  const ids = async (actor: Actor, query: string) => (await searchPeople(actor, { query })).map((p) => p.id);

  it("finds people sharing a community by display name or username prefix, each once, never oneself", async () => {
    const w = await makeWorld();
    const tag = nonce().slice(0, 6).toLowerCase();
    const ada = await person(`Ada${tag} Lovelace`, `countess${tag}`, w.communityId);
    const adam = await person(`Ada${tag}m`, `adam${tag}`, w.communityId);
    const zed = await person(`Zed${tag}`, `ada${tag}zz`, w.communityId); // only the username starts with it
    const stranger = await person(`Ada${tag} Stranger`, `stranger${tag}`); // in no shared community
    const me = await person(`Ada${tag} Myself`, `me${tag}`, w.communityId);

    const found = await searchPeople(me, { query: `ADA${tag}` });
    expect(found.map((p) => p.id)).toEqual([ada.userId, adam.userId, zed.userId]); // by display name
    expect(found[0]).toEqual({
      id: ada.userId,
      displayName: `Ada${tag} Lovelace`,
      username: ada.username,
      communityId: w.communityId,
      communityName: w.community.name,
    });
    expect(await ids(me, `countess${tag}`)).toEqual([ada.userId]);
    expect(await ids(me, `ada${tag} l`)).toEqual([ada.userId]);
    expect(found.map((p) => p.id)).not.toContain(stranger.userId);
    expect(await ids(w.actors.outsider, `ada${tag}`)).toEqual([]);
    expect(await ids(w.actors.banned, `ada${tag}`)).toEqual([]);

    // in two shared communities: listed once, with the first one of the rail
    const second = await createCommunity(me, { name: "Second place" });
    await db.member.create({ data: memberRow(second.community.id, adam.userId, `Ada${tag}m`) });
    const adams = (await searchPeople(me, { query: `ada${tag}m` })).filter((p) => p.id === adam.userId);
    expect(adams.map((p) => p.communityId)).toEqual([w.communityId]);

    // kicked: gone from everyone's people
    await kickMembers(w.actors.owner, { communityId: w.communityId, userIds: [ada.userId] });
    expect(await ids(me, `ada${tag}`)).toEqual([adam.userId, zed.userId]);
  });

  it("takes % _ and \\ literally, refuses an empty query and stops at the limit", async () => {
    const w = await makeWorld();
    const me = w.actors.member;
    expect(await ids(me, "%")).toEqual([]);
    expect(await ids(me, "_")).toEqual([]);
    expect(await ids(me, "\\")).toEqual([]);
    await expect(searchPeople(me, { query: "  " })).rejects.toMatchObject({ issues: expect.anything() });
    const tag = nonce().slice(0, 6).toLowerCase();
    for (let i = 0; i < peopleLimit + 3; i++)
      await person(`Many${tag} ${String(i).padStart(2, "0")}`, `many${tag}${i}`, w.communityId);
    const many = await searchPeople(me, { query: `many${tag}` });
    expect(many).toHaveLength(peopleLimit);
    expect(many[0].displayName).toBe(`Many${tag} 00`);
  });

  it("opens a person's card only inside a community both share (findMember)", async () => {
    const w = await makeWorld();
    const other = await makeWorld();
    const { member, member2, outsider } = w.actors;
    expect(await findMember(member, { communityId: w.communityId, userId: member2.userId })).toMatchObject({
      id: member2.userId,
      role: "MEMBER",
    });
    // someone of another community, or nobody: no card
    expect(await findMember(member, { communityId: w.communityId, userId: other.actors.member.userId })).toBeNull();
    expect(await findMember(member, { communityId: w.communityId, userId: "no-such-user" })).toBeNull();
    // not a member oneself: refused, whoever is asked about
    await expect(findMember(outsider, { communityId: w.communityId, userId: member.userId })).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
    await expect(
      findMember(member, { communityId: other.communityId, userId: other.actors.owner.userId }),
    ).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
  });
});
