import { afterEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { now, setClock } from "../clock";
import { ErrorCode, toFailure } from "../errors";
import { newId } from "../ids";
import { nonce } from "../testing/factories";
import { makeWorld } from "../testing/world";
import type { ThreadDTO } from "../dto";
import { listReadableChannels } from "./access";
import type { Actor } from "./actor";
import { addChannelMembers, arrangeChannels, createChannel, deleteChannel, updateChannel } from "./channels";
import { deleteMessage, listMessages, sendMessage } from "./messages";
import { reactToMessage } from "./reactions";
import { listReadStates, markChannelRead } from "./read-state";
import { channelReadState } from "../testing/reads";
import { listSearchableChannels, searchMessages } from "./search";
import { listMembers, muteMember } from "./members";
import { defaultThreadName } from "./internal/threads";
import { archiveIdleThreads, createThread, followThread, getThread, listThreads, updateThread } from "./threads";

const send = (actor: Actor, channelId: string, content = "hello") =>
  sendMessage(actor, { channelId, content, nonce: nonce() });
/** "ok", or the failure code a caller would see (zod errors become 6002001 like everywhere). */
const codeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (error) => toFailure(error).code,
  );
const ids = (threads: { id: string }[]) => threads.map((t) => t.id);
const MINUTE = 60_000;

/** A world, and a thread the member opened from their own message in #general. */
async function worldWithThread(input: { autoArchiveMinutes?: number } = {}) {
  const w = await makeWorld();
  const starter = await send(w.actors.member, w.generalChannelId, "Where do we meet tomorrow?");
  const thread = await createThread(w.actors.member, { messageId: starter.id, ...input });
  return { ...w, ...w.actors, starter, thread };
}

/** Another thread in the same channel, opened by `actor` from a fresh message of theirs. */
async function openThread(actor: Actor, channelId: string, content = "another topic") {
  const starter = await send(actor, channelId, content);
  return createThread(actor, { messageId: starter.id });
}

/** The domain's clock, moved by hand (never a sleep); afterEach puts the base one back. */
function handClock(start = now().getTime()) {
  let at = start;
  setClock(() => new Date(at));
  return {
    set: (ms: number) => void (at = ms),
    advance: (ms: number) => void (at += ms),
    get now() {
      return at;
    },
  };
}
afterEach(() => setClock());

/** The actor's read state for one channel or thread in a community, if they have one. */
async function stateOf(actor: Actor, communityId: string, channelId: string) {
  const [community] = await listReadStates(actor, communityId);
  return community.channels.find((state) => state.channelId === channelId);
}

const usernameOf = async (actor: Actor) => (await db.user.findUniqueOrThrow({ where: { id: actor.userId } })).username;

describe("opening a thread", () => {
  it("from a member's message: named after its first words, followed by its creator, summarised on the starter", async () => {
    const w = await makeWorld();
    const { member, member2 } = w.actors;
    const starter = await send(
      member,
      w.generalChannelId,
      "Let's plan the **summer** party at the lake house next weekend, everyone welcome",
    );
    const other = await send(member2, w.generalChannelId, "unrelated");
    const thread = await createThread(member, { messageId: starter.id });

    // first words, markdown stripped, cut at a word with an ellipsis, 40 characters at most
    expect(thread.name).toBe("Let's plan the summer party at the lake…");
    expect(Array.from(thread.name).length).toBeLessThanOrEqual(40);
    expect(thread).toMatchObject({
      communityId: w.communityId,
      parentId: w.generalChannelId,
      starterMessageId: starter.id,
      ownerId: member.userId,
      replyCount: 0,
      lastReplyAt: null,
      participants: [],
      autoArchiveMinutes: 1440,
      archived: false,
      locked: false,
      resolved: false,
    });
    expect(await getThread(member, thread.id)).toEqual({
      thread,
      following: true,
      starter: {
        id: starter.id,
        author: expect.objectContaining({ id: member.userId }),
        type: "TEXT",
        content: starter.content,
        unavailable: false,
      },
    });
    expect((await getThread(member2, thread.id)).following).toBe(false);

    // the parent's history carries the summary on the starter message only
    const history = (await listMessages(member2, { channelId: w.generalChannelId })).messages;
    expect(history.find((m) => m.id === starter.id)?.thread).toMatchObject({
      id: thread.id,
      name: thread.name,
      replyCount: 0,
    });
    expect(history.find((m) => m.id === other.id)?.thread).toBeNull();

    // the starter deleted by its author: the thread stays, its starter reads as unavailable
    await deleteMessage(member, starter.id);
    expect((await getThread(member2, thread.id)).starter).toMatchObject({
      id: starter.id,
      unavailable: true,
      content: "",
    });

    // short texts are kept whole; a given name is normalised
    const short = await send(member, w.generalChannelId, "Lunch?");
    expect((await createThread(member, { messageId: short.id })).name).toBe("Lunch?");
    const named = await send(member2, w.generalChannelId, "some long message");
    expect((await createThread(member2, { messageId: named.id, name: "  Trip   plans " })).name).toBe("Trip plans");
  });

  it("the default name stays within 40 characters, even when the first word is longer", () => {
    expect(defaultThreadName("short words here", null)).toBe("short words here");
    expect(defaultThreadName("", "notes.pdf")).toBe("notes.pdf");
    const name = defaultThreadName(`${"x".repeat(60)} tail`, null);
    expect(name.endsWith("…")).toBe(true);
    expect(Array.from(name).length).toBeLessThanOrEqual(40);
  });

  it("asking again for the same message returns the same thread, also when asked at the same moment", async () => {
    const { member, member2, admin, generalChannelId, starter, thread } = await worldWithThread();
    const again = await createThread(member2, { messageId: starter.id, name: "A different name" });
    expect(again).toMatchObject({ id: thread.id, name: thread.name, ownerId: member.userId });
    expect((await getThread(member2, thread.id)).following).toBe(false); // asking is not opening

    const contested = await send(member2, generalChannelId, "who opens this one?");
    const raced = await Promise.all(
      [member, member2, admin].map((actor) => createThread(actor, { messageId: contested.id })),
    );
    expect(new Set(ids(raced)).size).toBe(1);
    expect(await db.thread.count({ where: { starterMessageId: contested.id } })).toBe(1);
    expect(await db.channel.count({ where: { parentId: generalChannelId } })).toBe(2);
  });

  it("never from a system message, a removed or deleted one, or a message inside a thread", async () => {
    const { owner, member, member2, generalChannelId, thread } = await worldWithThread();
    const system = await db.message.create({
      data: {
        id: newId(),
        channelId: generalChannelId,
        authorId: owner.userId,
        type: "SYSTEM",
        content: "",
        systemEvent: { kind: "memberJoined" },
      },
    });
    expect(await codeOf(createThread(owner, { messageId: system.id }))).toBe(ErrorCode.INVALID_INPUT);

    const removed = await send(member2, generalChannelId, "spam");
    expect((await deleteMessage(owner, removed.id)).removed).toBe(true);
    expect(await codeOf(createThread(member, { messageId: removed.id }))).toBe(ErrorCode.INVALID_INPUT);

    const deleted = await send(member2, generalChannelId, "oops");
    await deleteMessage(member2, deleted.id);
    expect(await codeOf(createThread(member2, { messageId: deleted.id }))).toBe(ErrorCode.MESSAGE_NOT_FOUND);

    const reply = await send(member2, thread.id, "a reply");
    expect(await codeOf(createThread(member2, { messageId: reply.id }))).toBe(ErrorCode.INVALID_INPUT);
    expect(
      await db.thread.count({ where: { starterMessageId: { in: [system.id, removed.id, deleted.id, reply.id] } } }),
    ).toBe(0);
  });

  it("a muted member and an outsider cannot open one; the name is 1 … 100 characters, auto-archive one of the offered times", async () => {
    const w = await makeWorld();
    const { member, muted, outsider } = w.actors;
    const starter = await send(member, w.generalChannelId, "open me");
    expect(await codeOf(createThread(muted, { messageId: starter.id }))).toBe(ErrorCode.MUTED);
    expect(await codeOf(createThread(outsider, { messageId: starter.id }))).toBe(ErrorCode.NOT_IN_COMMUNITY);

    const long = toFailure(
      await createThread(member, { messageId: starter.id, name: "x".repeat(101) }).catch((error) => error),
    );
    expect(long).toMatchObject({
      code: ErrorCode.INVALID_INPUT,
      message: "Thread name must be at most 100 characters.",
      fieldErrors: { name: expect.any(Array) },
    });
    expect(await codeOf(createThread(member, { messageId: starter.id, name: "   " }))).toBe(ErrorCode.INVALID_INPUT);
    expect(await codeOf(createThread(member, { messageId: starter.id, autoArchiveMinutes: 30 }))).toBe(
      ErrorCode.INVALID_INPUT,
    );
    expect(await db.thread.count({ where: { starterMessageId: starter.id } })).toBe(0);

    const exact = await createThread(member, {
      messageId: starter.id,
      name: "y".repeat(100),
      autoArchiveMinutes: 10080,
    });
    expect(exact).toMatchObject({ name: "y".repeat(100), autoArchiveMinutes: 10080 });
  });
});

describe("replies", () => {
  it("at the same moment from three people: every reply counts and every poster shows; a mentioned reader follows", async () => {
    const { owner, admin, admin2, member2, communityId, thread } = await worldWithThread();
    await Promise.all([owner, admin, member2].map((actor, i) => send(actor, thread.id, `together ${i}`)));
    const { thread: after } = await getThread(owner, thread.id);
    expect(after.replyCount).toBe(3);
    expect(after.participants.map((p) => p.id).sort()).toEqual([owner.userId, admin.userId, member2.userId].sort());

    // mentioned in a reply: they follow it, so it counts for them (as on Discord)
    expect((await getThread(admin2, thread.id)).following).toBe(false);
    await send(admin, thread.id, `@${await usernameOf(admin2)} have a look`);
    expect((await getThread(admin2, thread.id)).following).toBe(true);
    expect(await stateOf(admin2, communityId, thread.id)).toMatchObject({
      parentId: thread.parentId,
      unread: 1,
      mentions: 1,
    });
  });

  it("count on the summary, move the last reply and the participants (newest first, at most 3), and make the poster follow", async () => {
    const { owner, admin, member, member2, generalChannelId, starter, thread } = await worldWithThread();
    const first = await send(member2, thread.id, "at the station");
    let summary = (await getThread(member2, thread.id)).thread;
    expect(summary).toMatchObject({ replyCount: 1, lastReplyAt: expect.any(String) });
    expect(ids(summary.participants)).toEqual([member2.userId]);
    expect((await getThread(member2, thread.id)).following).toBe(true);

    await send(admin, thread.id, "fine by me");
    await send(owner, thread.id, "see you there");
    await send(member2, thread.id, "bring umbrellas");
    summary = (await getThread(owner, thread.id)).thread;
    expect(summary.replyCount).toBe(4);
    expect(ids(summary.participants)).toEqual([member2.userId, owner.userId, admin.userId]); // no duplicates, newest first
    await send(member, thread.id, "thanks all");
    summary = (await getThread(owner, thread.id)).thread;
    expect(ids(summary.participants)).toEqual([member.userId, member2.userId, owner.userId]);
    expect(new Date(summary.lastReplyAt!).getTime()).toBeGreaterThanOrEqual(new Date(thread.createdAt).getTime());

    // replies live in the thread, not in the channel; the starter's summary follows them
    const parent = (await listMessages(admin, { channelId: generalChannelId })).messages;
    expect(parent.some((m) => m.channelId === thread.id || m.id === first.id)).toBe(false);
    expect(parent.find((m) => m.id === starter.id)?.thread?.replyCount).toBe(5);
    expect((await listMessages(admin, { channelId: thread.id })).messages.map((m) => m.content)).toEqual([
      "at the station",
      "fine by me",
      "see you there",
      "bring umbrellas",
      "thanks all",
    ]);

    // the author's delete takes the reply back
    await deleteMessage(member2, first.id);
    expect((await getThread(member, thread.id)).thread.replyCount).toBe(4);
  });
});

describe("who may change a thread", () => {
  it("rename: the creator, the owner and admins; other members get 6001007", async () => {
    const { owner, admin, member, member2, thread } = await worldWithThread();
    expect((await updateThread(member, { threadId: thread.id, name: "Meeting spot" })).name).toBe("Meeting spot");
    expect((await updateThread(owner, { threadId: thread.id, name: "Meeting spot (owner)" })).name).toBe(
      "Meeting spot (owner)",
    );
    expect((await updateThread(admin, { threadId: thread.id, name: "Meeting spot (admin)" })).name).toBe(
      "Meeting spot (admin)",
    );
    expect(await codeOf(updateThread(member2, { threadId: thread.id, name: "Hijacked" }))).toBe(
      ErrorCode.NO_PERMISSION,
    );
    expect(await codeOf(updateThread(member2, { threadId: thread.id, autoArchiveMinutes: 60 }))).toBe(
      ErrorCode.NO_PERMISSION,
    );
    expect((await getThread(member2, thread.id)).thread).toMatchObject({
      name: "Meeting spot (admin)",
      autoArchiveMinutes: 1440,
    });
    expect((await db.channel.findUniqueOrThrow({ where: { id: thread.id } })).name).toBe("Meeting spot (admin)");
  });

  it("archive and lock: the owner and admins only, not even the creator; a reply brings an archived thread back", async () => {
    const { owner, admin, member, member2, generalChannelId, thread } = await worldWithThread();
    for (const actor of [member, member2]) {
      expect(await codeOf(updateThread(actor, { threadId: thread.id, archived: true }))).toBe(ErrorCode.NO_PERMISSION);
      expect(await codeOf(updateThread(actor, { threadId: thread.id, locked: true }))).toBe(ErrorCode.NO_PERMISSION);
    }
    expect((await getThread(member, thread.id)).thread).toMatchObject({ archived: false, locked: false });

    expect((await updateThread(admin, { threadId: thread.id, archived: true })).archived).toBe(true);
    expect(ids((await listThreads(member, { channelId: generalChannelId })).threads)).not.toContain(thread.id);
    expect(ids((await listThreads(member, { channelId: generalChannelId, archived: true })).threads)).toEqual([
      thread.id,
    ]);

    await send(member2, thread.id, "still relevant");
    expect((await getThread(member, thread.id)).thread.archived).toBe(false);
    expect(ids((await listThreads(member, { channelId: generalChannelId })).threads)).toEqual([thread.id]);

    expect((await updateThread(owner, { threadId: thread.id, locked: true })).locked).toBe(true);
    expect((await updateThread(owner, { threadId: thread.id, locked: false })).locked).toBe(false);
  });

  it("a locked thread takes replies from the owner and admins only; theirs leave it archived; unlocked, members reply again", async () => {
    const { owner, admin, member, member2, thread } = await worldWithThread();
    await updateThread(admin, { threadId: thread.id, locked: true });
    expect(await codeOf(send(member, thread.id, "creator"))).toBe(ErrorCode.NO_PERMISSION);
    expect(await codeOf(send(member2, thread.id, "member"))).toBe(ErrorCode.NO_PERMISSION);
    await send(admin, thread.id, "admin");
    await send(owner, thread.id, "owner");
    expect((await listMessages(member, { channelId: thread.id })).messages.map((m) => m.content)).toEqual([
      "admin",
      "owner",
    ]);
    expect((await getThread(member, thread.id)).thread.replyCount).toBe(2);

    // locked and archived: a manager's reply does not bring it back
    await updateThread(admin, { threadId: thread.id, archived: true });
    await send(admin, thread.id, "closing note");
    expect((await getThread(member, thread.id)).thread).toMatchObject({ locked: true, archived: true, replyCount: 3 });

    await updateThread(owner, { threadId: thread.id, locked: false });
    await send(member2, thread.id, "open again");
    expect((await getThread(member, thread.id)).thread).toMatchObject({
      locked: false,
      archived: false,
      replyCount: 4,
    });
  });
});

describe("auto-archive", () => {
  it("an idle thread lists as archived past its time, the sweep records it once, and a reply restarts the period", async () => {
    const clock = handClock();
    const start = clock.now;
    const { member2, generalChannelId, thread } = await worldWithThread({ autoArchiveMinutes: 60 });
    const active = async () => ids((await listThreads(member2, { channelId: generalChannelId })).threads);
    const archived = async () =>
      ids((await listThreads(member2, { channelId: generalChannelId, archived: true })).threads);

    clock.set(start + 59 * MINUTE);
    expect(await active()).toEqual([thread.id]);
    expect(await archived()).toEqual([]);
    expect(await archiveIdleThreads(new Date(clock.now))).not.toContain(thread.id);

    clock.set(start + 61 * MINUTE);
    expect(await active()).toEqual([]);
    expect(await archived()).toEqual([thread.id]);
    expect((await getThread(member2, thread.id)).thread.archived).toBe(true);
    expect(await archiveIdleThreads(new Date(clock.now))).toContain(thread.id);
    expect((await db.thread.findUniqueOrThrow({ where: { id: thread.id } })).archivedAt?.getTime()).toBe(
      start + 60 * MINUTE,
    );
    expect(await archiveIdleThreads(new Date(clock.now))).toEqual([]);

    // a reply at +61 min: active again until +121 min
    await send(member2, thread.id, "back from the dead");
    expect((await getThread(member2, thread.id)).thread).toMatchObject({
      archived: false,
      activityAt: new Date(start + 61 * MINUTE).toISOString(),
    });
    expect(await active()).toEqual([thread.id]);
    clock.set(start + 120 * MINUTE);
    expect(await active()).toEqual([thread.id]);
    clock.set(start + 122 * MINUTE);
    expect(await archived()).toEqual([thread.id]);
  });
});

describe("Q&A status and the thread list", () => {
  it("resolved and reopened by the creator or admins; the list filters open and resolved threads", async () => {
    const { admin, member, member2, generalChannelId, thread: question } = await worldWithThread();
    const other = await openThread(member2, generalChannelId, "still open question");
    expect(await codeOf(updateThread(member2, { threadId: question.id, resolved: true }))).toBe(
      ErrorCode.NO_PERMISSION,
    );
    expect((await updateThread(member, { threadId: question.id, resolved: true })).resolved).toBe(true);
    expect(await codeOf(updateThread(member2, { threadId: question.id, resolved: false }))).toBe(
      ErrorCode.NO_PERMISSION,
    );
    expect((await updateThread(admin, { threadId: question.id, resolved: false })).resolved).toBe(false);
    expect((await updateThread(admin, { threadId: question.id, resolved: true })).resolved).toBe(true);

    const list = async (status: "all" | "open" | "resolved") =>
      ids((await listThreads(member2, { channelId: generalChannelId, status })).threads).sort();
    expect(await list("resolved")).toEqual([question.id]);
    expect(await list("open")).toEqual([other.id]);
    expect(await list("all")).toEqual([question.id, other.id].sort());
  });

  it("newest activity first: a reply moves a thread to the top", async () => {
    const clock = handClock();
    const w = await makeWorld();
    const { member, member2 } = w.actors;
    const made: ThreadDTO[] = [];
    for (const topic of ["first", "second", "third"]) {
      clock.advance(1000);
      made.push(await openThread(member, w.generalChannelId, topic));
    }
    const [t1, t2, t3] = made;
    const order = async () => ids((await listThreads(member2, { channelId: w.generalChannelId })).threads);
    expect(await order()).toEqual([t3.id, t2.id, t1.id]);
    clock.advance(1000);
    await send(member2, t1.id, "bump");
    expect(await order()).toEqual([t1.id, t3.id, t2.id]);
    clock.advance(1000);
    await send(member2, t2.id, "bump");
    expect(await order()).toEqual([t2.id, t1.id, t3.id]);
  });

  it("pages of 2 over 5 threads return every thread exactly once, threads with the same activity included", async () => {
    const clock = handClock();
    const w = await makeWorld();
    const { member, member2 } = w.actors;
    const made: ThreadDTO[] = [];
    // three threads at the same instant, then two later ones
    for (let i = 0; i < 5; i++) {
      if (i >= 3) clock.advance(1000);
      made.push(await openThread(i % 2 ? member2 : member, w.generalChannelId, `topic ${i}`));
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listThreads(member, { channelId: w.generalChannelId, limit: 2, cursor });
      expect(page.threads.length).toBeLessThanOrEqual(2);
      seen.push(...ids(page.threads));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);
    // newest first; same activity: by id, newest first
    const tied = ids(made.slice(0, 3)).sort().reverse();
    expect(seen).toEqual([made[4].id, made[3].id, ...tied]);
    expect(await codeOf(listThreads(member, { channelId: w.generalChannelId, cursor: "not-a-cursor" }))).toBe(
      ErrorCode.INVALID_INPUT,
    );
  });
});

describe("following", () => {
  it("any reader follows and unfollows (muted members too); outsiders cannot", async () => {
    const { muted, member2, admin, outsider, thread } = await worldWithThread();
    for (const actor of [member2, admin, muted]) {
      expect(await followThread(actor, { threadId: thread.id, follow: true })).toEqual({
        threadId: thread.id,
        following: true,
      });
      await followThread(actor, { threadId: thread.id, follow: true }); // twice is once
      expect((await getThread(actor, thread.id)).following).toBe(true);
    }
    expect(await db.threadFollow.count({ where: { threadId: thread.id } })).toBe(4); // with the creator
    await followThread(member2, { threadId: thread.id, follow: false });
    expect((await getThread(member2, thread.id)).following).toBe(false);
    expect(await codeOf(followThread(outsider, { threadId: thread.id, follow: true }))).toBe(
      ErrorCode.NOT_IN_COMMUNITY,
    );
    expect(await db.threadFollow.count({ where: { threadId: thread.id, userId: outsider.userId } })).toBe(0);
  });
});

describe("a thread of a private channel", () => {
  /** A private channel with a seat for `member` only (member2 has none), and a thread the member opened in it. */
  async function privateThread() {
    const w = await makeWorld();
    const { owner, member } = w.actors;
    const secret = await createChannel(owner, {
      communityId: w.communityId,
      name: "staff",
      kind: "PRIVATE",
      memberIds: [member.userId],
    });
    const starter = await send(member, secret.id, "confidential plans");
    const thread = await createThread(member, { messageId: starter.id });
    const reply = await send(member, thread.id, "zanzibar rendezvous");
    return { ...w, ...w.actors, secret, starter, thread, reply };
  }

  it("is reached by no path by a community member without a seat", async () => {
    const { member, member2: unseated, communityId, secret, starter, thread, reply } = await privateThread();
    const NOT_FOUND = ErrorCode.CHANNEL_NOT_FOUND;
    expect(await codeOf(getThread(unseated, thread.id))).toBe(NOT_FOUND);
    expect(await codeOf(listThreads(unseated, { channelId: secret.id }))).toBe(NOT_FOUND);
    expect(await codeOf(listMessages(unseated, { channelId: thread.id }))).toBe(NOT_FOUND);
    expect(await codeOf(send(unseated, thread.id, "let me in"))).toBe(NOT_FOUND);
    expect(await codeOf(followThread(unseated, { threadId: thread.id, follow: true }))).toBe(NOT_FOUND);
    expect(await codeOf(updateThread(unseated, { threadId: thread.id, name: "mine" }))).toBe(NOT_FOUND);
    expect(await codeOf(createThread(unseated, { messageId: starter.id }))).toBe(NOT_FOUND);
    expect(await codeOf(reactToMessage(unseated, { messageId: reply.id, emoji: "👍", add: true }))).toBe(NOT_FOUND);
    expect(await codeOf(markChannelRead(unseated, { channelId: thread.id, messageId: reply.id }))).toBe(NOT_FOUND);
    expect(await codeOf(channelReadState(unseated, thread.id))).toBe(NOT_FOUND);
    expect(await codeOf(searchMessages(unseated, { communityId, query: "zanzibar", channelId: thread.id }))).toBe(
      NOT_FOUND,
    );
    expect((await searchMessages(unseated, { communityId, query: "zanzibar" })).results).toEqual([]);
    // nothing was written on their behalf
    expect(await db.threadFollow.count({ where: { threadId: thread.id, userId: unseated.userId } })).toBe(0);
    expect(await db.reaction.count({ where: { messageId: reply.id } })).toBe(0);
    expect((await getThread(member, thread.id)).thread).toMatchObject({ name: thread.name, replyCount: 1 });
  });

  it("gives no read state to a member without a seat, even with a follow row; a seated member and an admin read it", async () => {
    const { member, member2: unseated, admin, owner, communityId, secret, thread, reply } = await privateThread();
    await db.threadFollow.create({ data: { threadId: thread.id, userId: unseated.userId, createdAt: new Date(0) } });
    await send(owner, thread.id, "another secret");
    expect(await stateOf(unseated, communityId, thread.id)).toBeUndefined();
    expect((await listReadStates(unseated)).flatMap((c) => c.channels).map((s) => s.channelId)).not.toContain(
      thread.id,
    );

    // the seated member (creator, follower) and an admin
    expect(await stateOf(member, communityId, thread.id)).toMatchObject({ parentId: secret.id, unread: 1 });
    for (const reader of [member, admin]) {
      expect((await getThread(reader, thread.id)).thread.id).toBe(thread.id);
      expect(ids((await listThreads(reader, { channelId: secret.id })).threads)).toEqual([thread.id]);
      expect((await listMessages(reader, { channelId: thread.id })).messages.map((m) => m.id)).toContain(reply.id);
      const hits = (await searchMessages(reader, { communityId, query: "zanzibar" })).results;
      expect(hits.map((h) => ({ id: h.id, threadParentId: h.threadParentId, channelId: h.channelId }))).toEqual([
        { id: reply.id, threadParentId: secret.id, channelId: thread.id },
      ]);
    }
    await followThread(admin, { threadId: thread.id, follow: true });
    expect(await stateOf(admin, communityId, thread.id)).toMatchObject({ parentId: secret.id });

    // a seat given later opens it
    await addChannelMembers(owner, { channelId: secret.id, userIds: [unseated.userId] });
    expect((await getThread(unseated, thread.id)).following).toBe(true);
  });

  it("offers to mention only the channel's readers (the composer's member list), and nobody else can be mentioned", async () => {
    const { member, member2: unseated, admin, admin2, owner, communityId, thread } = await privateThread();
    const listed = (await listMembers(member, { communityId, channelId: thread.id })).members.map((m) => m.id);
    expect(listed.sort()).toEqual([member.userId, admin.userId, admin2.userId, owner.userId].sort());
    expect(await codeOf(listMembers(unseated, { communityId, channelId: thread.id }))).toBe(
      ErrorCode.CHANNEL_NOT_FOUND,
    );
    const reply = await send(member, thread.id, `@${await usernameOf(unseated)} and @${await usernameOf(admin)} look`);
    expect(reply.mentions).toEqual([await usernameOf(admin)]);
  });
});

describe("unread in followed threads", () => {
  it("followers other than the author see unread and mention counts under the parent channel; markChannelRead clears them", async () => {
    const { owner, admin, member, member2, communityId, generalChannelId, thread } = await worldWithThread();
    await followThread(member2, { threadId: thread.id, follow: true });
    const reply = await send(owner, thread.id, `@${await usernameOf(member2)} can you check this?`);

    expect(await stateOf(member2, communityId, thread.id)).toMatchObject({
      channelId: thread.id,
      communityId,
      parentId: generalChannelId,
      unread: 1,
      mentions: 1,
      firstUnreadId: reply.id,
    });
    expect(await stateOf(member, communityId, thread.id)).toMatchObject({
      parentId: generalChannelId,
      unread: 1,
      mentions: 0,
    });
    expect(await stateOf(owner, communityId, thread.id)).toMatchObject({ unread: 0, mentions: 0 }); // the author follows, nothing unread
    expect(await stateOf(admin, communityId, thread.id)).toBeUndefined(); // not a follower
    // the channel's own state has no parent
    expect((await stateOf(member2, communityId, generalChannelId))?.parentId).toBeNull();

    const read = await markChannelRead(member2, { channelId: thread.id, messageId: reply.id });
    expect(read).toMatchObject({
      channelId: thread.id,
      parentId: generalChannelId,
      unread: 0,
      mentions: 0,
      lastReadId: reply.id,
    });
    expect(await stateOf(member2, communityId, thread.id)).toMatchObject({ unread: 0, mentions: 0 });

    await followThread(member2, { threadId: thread.id, follow: false });
    expect(await stateOf(member2, communityId, thread.id)).toBeUndefined();
  });
});

describe("threads are not channels", () => {
  it("are not listed as channels, cannot be managed as channels, and threads have no threads", async () => {
    const { owner, admin, member, communityId, generalChannelId, thread } = await worldWithThread();
    expect(ids((await listReadableChannels(owner, communityId)).channels)).not.toContain(thread.id);
    expect(ids((await listReadableChannels(member, communityId)).channels)).toContain(generalChannelId);
    expect(ids(await listSearchableChannels(member, communityId))).not.toContain(thread.id);
    expect(await codeOf(updateChannel(owner, { channelId: thread.id, name: "renamed" }))).toBe(
      ErrorCode.CHANNEL_NOT_FOUND,
    );
    expect(await codeOf(deleteChannel(admin, thread.id))).toBe(ErrorCode.CHANNEL_NOT_FOUND);
    expect(await codeOf(addChannelMembers(owner, { channelId: thread.id, userIds: [member.userId] }))).toBe(
      ErrorCode.CHANNEL_NOT_FOUND,
    );
    // a mute "in a thread" would never apply (mutes are its channel's); the sidebar layout takes channels only
    expect(
      await codeOf(
        muteMember(owner, { communityId, userId: member.userId, durationSeconds: 600, channelId: thread.id }),
      ),
    ).toBe(ErrorCode.CHANNEL_NOT_FOUND);
    expect(
      await codeOf(
        arrangeChannels(owner, {
          communityId,
          groups: [{ categoryId: null, channelIds: [generalChannelId, thread.id] }],
        }),
      ),
    ).toBe(ErrorCode.CHANNEL_NOT_IN_COMMUNITY);
    expect(await db.channel.findUnique({ where: { id: thread.id } })).toMatchObject({
      kind: "THREAD",
      parentId: generalChannelId,
    });
    // a channel id is no thread, and a thread lists no threads
    expect(await codeOf(getThread(member, generalChannelId))).toBe(ErrorCode.CHANNEL_NOT_FOUND);
    expect(await codeOf(listThreads(member, { channelId: thread.id }))).toBe(ErrorCode.INVALID_INPUT);
  });

  it("go with the channel they were opened in", async () => {
    const w = await makeWorld();
    const { owner, member, member2 } = w.actors;
    const channel = await createChannel(owner, { communityId: w.communityId, name: "temp" });
    const thread = await openThread(member, channel.id, "short-lived");
    const reply = await send(member2, thread.id, "reply");
    const kept = await openThread(member, w.generalChannelId, "stays");
    const before = (await db.community.findUniqueOrThrow({ where: { id: w.communityId } })).channelCount;

    await deleteChannel(owner, channel.id);
    expect(await db.channel.findUnique({ where: { id: thread.id } })).toBeNull();
    expect(await db.thread.findUnique({ where: { id: thread.id } })).toBeNull();
    expect(await db.threadFollow.count({ where: { threadId: thread.id } })).toBe(0);
    expect(await db.message.findUnique({ where: { id: reply.id } })).toBeNull();
    expect(await codeOf(getThread(member, thread.id))).toBe(ErrorCode.CHANNEL_NOT_FOUND);
    expect((await db.community.findUniqueOrThrow({ where: { id: w.communityId } })).channelCount).toBe(before - 1);
    expect((await getThread(member, kept.id)).thread.id).toBe(kept.id);
  });
});
