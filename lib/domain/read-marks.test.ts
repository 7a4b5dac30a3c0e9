import fc from "fast-check";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db, sqlPool } from "../db";
import { ErrorCode, toFailure } from "../errors";
import { pinClock } from "../testing/clock";
import { nonce } from "../testing/factories";
import { fuzzParameters } from "../testing/hostile";
import { makeWorld } from "../testing/world";
import { LATEST_POSITION } from "../unread";
import type { Actor } from "./actor";
import { createChannel, deleteChannel } from "./channels";
import {
  FLUSH_EVERY_MS,
  flushDueReadPositions,
  flushReadPositions,
  heldReadPositions,
  readPositionWrites,
} from "./internal/read-marks";
import { deleteMessage, sendMessage } from "./messages";
import { listReadStates, markChannelRead, markCommunityRead } from "./read-state";
import { stopUsage } from "./usage";

/** Where the domain clock starts in these tests: it only moves when a test moves it. */
const START = "2031-05-06T07:00:00.000Z";

/** The SQL statements `run` sends, whichever way (pg directly or through Prisma). */
async function statementsOf(run: () => Promise<unknown>) {
  await stopUsage(); // the usage counters' timer writes in the background: not while statements are counted
  const spy = vi.spyOn(pg.Client.prototype, "query");
  try {
    await run();
    const calls = spy.mock.calls as unknown as [string | { text: string }, unknown?][];
    return calls.map(([first]) => (typeof first === "string" ? first : first.text));
  } finally {
    spy.mockRestore();
  }
}
const writesReadState = (text: string) => /INSERT INTO "ChannelState"|UPDATE "ChannelState"/.test(text);

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    const failure = toFailure(error);
    return failure.ok ? "resolved" : failure.code;
  }
}

async function storedPosition(actor: Actor, channelId: string) {
  const row = await db.channelState.findUnique({
    where: { userId_channelId: { userId: actor.userId, channelId } },
    select: { lastReadId: true },
  });
  return row?.lastReadId ?? null;
}

async function stateIn(actor: Actor, communityId: string, channelId: string) {
  const [community] = await listReadStates(actor, communityId);
  return community.channels.find((c) => c.channelId === channelId);
}

let clock: ReturnType<typeof pinClock>;
beforeEach(async () => {
  clock = pinClock(START);
  await flushReadPositions(); // nothing left over from another test, and the interval starts now
});
afterEach(() => vi.restoreAllMocks());

describe("read marks", () => {
  it("are read back at once, written in one statement once the interval has passed, and never move backwards", async () => {
    const w = await makeWorld();
    const { member } = w.actors;
    const channelId = w.generalChannelId;
    const sent: Awaited<ReturnType<typeof sendMessage>>[] = [];
    for (let i = 0; i < 3; i++) {
      clock.advance(1);
      sent.push(await sendMessage(w.actors.owner, { channelId, content: `m${i}`, nonce: nonce() }));
    }
    const before = await storedPosition(member, channelId);
    await flushReadPositions(); // the interval starts here

    // the mark answers with its counts and writes nothing
    let answer: Awaited<ReturnType<typeof markChannelRead>> | undefined;
    const marking = await statementsOf(async () => {
      answer = await markChannelRead(member, { channelId, messageId: sent[1].id });
    });
    expect(marking.filter(writesReadState)).toEqual([]);
    expect(answer).toMatchObject({ lastReadId: sent[1].id, unread: 1, firstUnreadId: sent[2].id });
    // read-your-writes: a reload now shows the position, though it is not stored yet
    expect(await stateIn(member, w.communityId, channelId)).toMatchObject({ lastReadId: sent[1].id, unread: 1 });
    expect(await storedPosition(member, channelId)).toBe(before);

    // a mark behind it (another tab) moves nothing
    expect(await markChannelRead(member, { channelId, messageId: sent[0].id })).toMatchObject({
      lastReadId: sent[1].id,
      unread: 1,
    });

    // not due before the interval has passed on the domain clock
    clock.advance(FLUSH_EVERY_MS - 1);
    expect(flushDueReadPositions()).toBeNull();
    clock.advance(1);
    const flush = await statementsOf(async () => await flushDueReadPositions());
    expect(flush).toHaveLength(1);
    expect(flush.filter(writesReadState)).toHaveLength(1);
    expect(await storedPosition(member, channelId)).toBe(sent[1].id);
    expect(heldReadPositions(member.userId).size).toBe(0);

    // a stored position does not move back either, and an empty flush sends nothing
    await markChannelRead(member, { channelId, messageId: sent[0].id });
    expect(await statementsOf(() => flushReadPositions())).toEqual([]);
    expect(await storedPosition(member, channelId)).toBe(sent[1].id);
    expect(await stateIn(member, w.communityId, channelId)).toMatchObject({ lastReadId: sent[1].id, unread: 1 });
  });

  it("from many readers and tabs are one write statement per flush, the furthest position of each winning", async () => {
    const w = await makeWorld();
    const side = await createChannel(w.actors.owner, { communityId: w.communityId, name: "side" });
    const readers = [w.actors.owner, w.actors.admin, w.actors.admin2, w.actors.member, w.actors.member2];
    const messages: Record<string, string[]> = { [w.generalChannelId]: [], [side.id]: [] };
    for (let i = 0; i < 4; i++)
      for (const channelId of Object.keys(messages)) {
        clock.advance(1);
        const sent = await sendMessage(w.actors.owner, { channelId, content: `m${i}`, nonce: nonce() });
        messages[channelId].push(sent.id);
      }
    const writesBefore = readPositionWrites();
    const marks = await statementsOf(() =>
      Promise.all(
        readers.flatMap((reader) =>
          Object.entries(messages).flatMap(([channelId, ids]) =>
            [2, 0, 3, 1].map((i) => markChannelRead(reader, { channelId, messageId: ids[i] })),
          ),
        ),
      ),
    );
    expect(marks.filter(writesReadState)).toEqual([]);
    const flush = await statementsOf(() => flushReadPositions());
    expect(flush).toHaveLength(1);
    expect(readPositionWrites().statements - writesBefore.statements).toBe(1);
    // the owner's marks of its own messages move its position too
    expect(readPositionWrites().rows - writesBefore.rows).toBe(readers.length * 2);
    for (const reader of readers)
      for (const [channelId, ids] of Object.entries(messages))
        expect(await storedPosition(reader, channelId)).toBe(ids[3]);
  });

  it("refuse a channel the reader cannot read, as before, and hold nothing for it", async () => {
    const w = await makeWorld();
    const secret = await createChannel(w.actors.owner, {
      communityId: w.communityId,
      name: "secret",
      kind: "PRIVATE",
      memberIds: [],
    });
    clock.advance(1);
    const hidden = await sendMessage(w.actors.owner, { channelId: secret.id, content: "hidden", nonce: nonce() });
    expect(await codeOf(markChannelRead(w.actors.member, { channelId: secret.id, messageId: hidden.id }))).toBe(
      ErrorCode.CHANNEL_NOT_FOUND,
    );
    expect(
      await codeOf(markChannelRead(w.actors.outsider, { channelId: w.generalChannelId, messageId: hidden.id })),
    ).toBe(ErrorCode.NOT_IN_COMMUNITY);
    expect(
      await codeOf(markChannelRead(w.actors.banned, { channelId: w.generalChannelId, messageId: hidden.id })),
    ).toBe(ErrorCode.NOT_IN_COMMUNITY);
    expect(await codeOf(markChannelRead(w.actors.member, { channelId: secret.id, messageId: "bad" }))).toBe(
      ErrorCode.INVALID_INPUT,
    );
    for (const actor of [w.actors.member, w.actors.outsider, w.actors.banned])
      expect(heldReadPositions(actor.userId).size).toBe(0);
    await flushReadPositions();
    expect(await storedPosition(w.actors.member, secret.id)).toBeNull();
  });

  it("lose nothing when a write fails, and skip a channel deleted before the write", async () => {
    const w = await makeWorld();
    const doomed = await createChannel(w.actors.owner, { communityId: w.communityId, name: "doomed" });
    clock.advance(1);
    const kept = await sendMessage(w.actors.owner, { channelId: w.generalChannelId, content: "kept", nonce: nonce() });
    const gone = await sendMessage(w.actors.owner, { channelId: doomed.id, content: "gone", nonce: nonce() });
    await markChannelRead(w.actors.member, { channelId: w.generalChannelId, messageId: kept.id });
    await markChannelRead(w.actors.member, { channelId: doomed.id, messageId: gone.id });

    vi.spyOn(sqlPool(), "query").mockImplementationOnce(() => Promise.reject(new Error("the write failed")));
    await expect(flushReadPositions()).rejects.toThrow("the write failed");
    vi.restoreAllMocks();
    expect(heldReadPositions(w.actors.member.userId).get(w.generalChannelId)).toBe(kept.id);
    expect(await stateIn(w.actors.member, w.communityId, w.generalChannelId)).toMatchObject({
      lastReadId: kept.id,
      unread: 0,
    });

    await deleteChannel(w.actors.owner, doomed.id);
    await flushReadPositions();
    expect(await storedPosition(w.actors.member, w.generalChannelId)).toBe(kept.id);
    expect(await db.channelState.count({ where: { channelId: doomed.id } })).toBe(0);
    expect(heldReadPositions(w.actors.member.userId).size).toBe(0);
  });

  it("to the newest message of an empty channel, or far in the future, never pass its newest message", async () => {
    const w = await makeWorld();
    const empty = await createChannel(w.actors.owner, { communityId: w.communityId, name: "empty" });
    await db.message.deleteMany({ where: { channelId: empty.id } }); // not even "channel created"
    expect(await markChannelRead(w.actors.member, { channelId: empty.id, messageId: LATEST_POSITION })).toMatchObject({
      unread: 0,
    });
    expect(heldReadPositions(w.actors.member.userId).has(empty.id)).toBe(false);
    clock.advance(1);
    const later = await sendMessage(w.actors.owner, { channelId: empty.id, content: "later", nonce: nonce() });
    expect(await stateIn(w.actors.member, w.communityId, empty.id)).toMatchObject({
      unread: 1,
      firstUnreadId: later.id,
    });
    await markChannelRead(w.actors.member, { channelId: empty.id, messageId: LATEST_POSITION });
    clock.advance(1);
    const latest = await sendMessage(w.actors.owner, { channelId: empty.id, content: "latest", nonce: nonce() });
    expect(await stateIn(w.actors.member, w.communityId, empty.id)).toMatchObject({
      lastReadId: later.id,
      unread: 1,
      firstUnreadId: latest.id,
    });
  });
});

// ---------------------------------------------------------------- exactness against a model

const users = ["owner", "admin", "member", "member2"] as const;
type User = (typeof users)[number];
const channelKeys = ["general", "side", "secret"] as const;
type ChannelKey = (typeof channelKeys)[number];
type Target = number | "latest" | "ancient";

type Action =
  | { kind: "send"; author: User; channel: ChannelKey; mentions: User[]; everyone: boolean }
  | { kind: "mark"; user: User; channel: ChannelKey; targets: Target[] } // several targets: tabs at once
  | { kind: "markDuringFlush"; user: User; channel: ChannelKey; target: Target }
  | { kind: "flush" }
  | { kind: "delete"; pick: number }
  | { kind: "read"; user: User };

const userArb = fc.constantFrom(...users);
const channelArb = fc.constantFrom(...channelKeys);
const targetArb: fc.Arbitrary<Target> = fc.oneof(
  { weight: 6, arbitrary: fc.nat(30) },
  { weight: 2, arbitrary: fc.constant("latest" as const) },
  { weight: 1, arbitrary: fc.constant("ancient" as const) },
);
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("send" as const),
      author: userArb,
      channel: channelArb,
      mentions: fc.subarray([...users]),
      everyone: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("mark" as const),
      user: userArb,
      channel: channelArb,
      targets: fc.array(targetArb, { minLength: 1, maxLength: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("markDuringFlush" as const),
      user: userArb,
      channel: channelArb,
      target: targetArb,
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: "flush" as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete" as const), pick: fc.nat(50) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("read" as const), user: userArb }) },
);

type ModelMessage = {
  id: string;
  channel: ChannelKey;
  author: User;
  mentions: User[];
  everyone: boolean;
  gone: boolean;
};

/**
 * The straightforward model: a reader's position is the furthest of where they started (read up to
 * the setup, or their joining) and their marks, each clamped to the channel's newest message at the
 * time; unread = the channel's messages after it, not gone, not their own.
 */
class Model {
  messages: ModelMessage[] = [];
  /** the furthest mark per `${user}:${channel}`: what must end up stored */
  marked = new Map<string, string>();
  constructor(
    /** newest id per channel before the sequence */
    private readonly newestBefore: Record<ChannelKey, string>,
    /** the position each reader starts from, per `${user}:${channel}` */
    private readonly start: Map<string, string>,
    stored: Map<string, string>,
  ) {
    this.marked = stored;
  }

  canRead = (user: User, channel: ChannelKey) => channel !== "secret" || user !== "member";

  newest(channel: ChannelKey) {
    return this.messages
      .filter((m) => m.channel === channel)
      .reduce((max, m) => (m.id > max ? m.id : max), this.newestBefore[channel]);
  }

  /** The position a mark asks for (an index into the channel's messages, its newest, or an old id). */
  targetId(channel: ChannelKey, target: Target) {
    const ids = this.messages.filter((m) => m.channel === channel).map((m) => m.id);
    if (target === "latest" || ids.length === 0) return LATEST_POSITION;
    if (target === "ancient") return "00000000000000000000000000";
    return ids[target % ids.length];
  }

  mark(user: User, channel: ChannelKey, messageId: string) {
    const newest = this.newest(channel);
    if (!newest) return;
    const clamped = messageId > newest ? newest : messageId;
    const key = `${user}:${channel}`;
    if (clamped > (this.marked.get(key) ?? "")) this.marked.set(key, clamped);
  }

  position(user: User, channel: ChannelKey) {
    const start = this.start.get(`${user}:${channel}`) ?? "";
    const marked = this.marked.get(`${user}:${channel}`) ?? "";
    return marked > start ? marked : start;
  }

  counts(user: User, channel: ChannelKey, position = this.position(user, channel)) {
    const unread = this.messages.filter(
      (m) => m.channel === channel && m.id > position && !m.gone && m.author !== user,
    );
    return {
      unread: unread.length,
      mentions: unread.filter((m) => m.everyone || m.mentions.includes(user)).length,
      firstUnreadId: unread[0]?.id ?? null,
    };
  }
}

describe("unread and mention counts with held read marks", () => {
  it("equal a straightforward model over random interleavings of sends, marks from several tabs, flushes, deletes and reads", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { minLength: 10, maxLength: 40 }), async (actions) => {
        await flushReadPositions();
        const w = await makeWorld();
        const actor = (user: User): Actor => w.actors[user];
        const usernames = Object.fromEntries(
          await Promise.all(
            users.map(async (user) => [
              user,
              (await db.user.findUniqueOrThrow({ where: { id: actor(user).userId } })).username,
            ]),
          ),
        ) as Record<User, string>;
        const side = await createChannel(w.actors.owner, { communityId: w.communityId, name: "side" });
        const secret = await createChannel(w.actors.owner, {
          communityId: w.communityId,
          name: "secret",
          kind: "PRIVATE",
          memberIds: [w.actors.member2.userId],
        });
        const channelIds: Record<ChannelKey, string> = {
          general: w.generalChannelId,
          side: side.id,
          secret: secret.id,
        };
        const keyOf = Object.fromEntries(Object.entries(channelIds).map(([key, id]) => [id, key as ChannelKey]));
        clock.advance(1);
        for (const user of users) await markCommunityRead(actor(user), w.communityId);
        const newestBefore = {} as Record<ChannelKey, string>;
        for (const key of channelKeys) {
          const newest = await db.message.findFirst({ where: { channelId: channelIds[key] }, orderBy: { id: "desc" } });
          newestBefore[key] = newest?.id ?? "";
        }
        const stored = await db.channelState.findMany({ where: { channelId: { in: Object.values(channelIds) } } });
        const byUserId = new Map(users.map((user) => [actor(user).userId, user]));
        const start = new Map<string, string>();
        for (const user of users) {
          const [community] = await listReadStates(actor(user), w.communityId);
          for (const state of community.channels) start.set(`${user}:${keyOf[state.channelId]}`, state.lastReadId!);
        }
        const model = new Model(
          newestBefore,
          start,
          new Map(
            stored
              .filter((row) => byUserId.has(row.userId) && row.lastReadId)
              .map((row) => [`${byUserId.get(row.userId)}:${keyOf[row.channelId]}`, row.lastReadId!]),
          ),
        );

        const check = async (user: User, step: string) => {
          const [community] = await listReadStates(actor(user), w.communityId);
          const readable = channelKeys.filter((key) => model.canRead(user, key));
          expect(community.channels.map((c) => keyOf[c.channelId]).sort(), `${step}: ${user}'s channels`).toEqual(
            [...readable].sort(),
          );
          for (const state of community.channels) {
            const key = keyOf[state.channelId];
            expect(
              { unread: state.unread, mentions: state.mentions, firstUnreadId: state.firstUnreadId },
              `${step}: ${user} in ${key}`,
            ).toEqual(model.counts(user, key));
            expect(state.lastReadId, `${step}: ${user}'s position in ${key}`).toBe(model.position(user, key));
          }
        };
        const mark = async (user: User, key: ChannelKey, messageId: string, step: string) => {
          const marking = markChannelRead(actor(user), { channelId: channelIds[key], messageId });
          if (!model.canRead(user, key)) return expect(await codeOf(marking), step).toBe(ErrorCode.CHANNEL_NOT_FOUND);
          const state = await marking;
          // each answer is exact for the position it reports
          expect(
            { unread: state.unread, mentions: state.mentions, firstUnreadId: state.firstUnreadId },
            `${step}: the answer to ${user} in ${key}`,
          ).toEqual(model.counts(user, key, state.lastReadId!));
        };

        for (const [index, action] of actions.entries()) {
          const step = `step ${index} (${action.kind})`;
          clock.advance(1);
          if (action.kind === "send") {
            if (!model.canRead(action.author, action.channel)) continue;
            const mentioned = action.mentions.filter((user) => user !== action.author);
            const everyone = action.everyone && action.author !== "member" && action.author !== "member2";
            const content = [
              `message ${index}`,
              ...mentioned.map((user) => `@${usernames[user]}`),
              ...(everyone ? ["@everyone"] : []),
            ].join(" ");
            const sent = await sendMessage(actor(action.author), {
              channelId: channelIds[action.channel],
              content,
              nonce: nonce(),
            });
            model.messages.push({
              id: sent.id,
              channel: action.channel,
              author: action.author,
              mentions: mentioned,
              everyone,
              gone: false,
            });
          } else if (action.kind === "mark") {
            const ids = action.targets.map((target) => model.targetId(action.channel, target));
            await Promise.all(ids.map((id) => mark(action.user, action.channel, id, step)));
            if (model.canRead(action.user, action.channel))
              for (const id of ids) model.mark(action.user, action.channel, id);
          } else if (action.kind === "markDuringFlush") {
            const id = model.targetId(action.channel, action.target);
            await Promise.all([flushReadPositions(), mark(action.user, action.channel, id, step)]);
            if (model.canRead(action.user, action.channel)) model.mark(action.user, action.channel, id);
          } else if (action.kind === "flush") {
            await flushReadPositions();
          } else if (action.kind === "delete") {
            const live = model.messages.filter((m) => !m.gone);
            if (live.length === 0) continue;
            const target = live[action.pick % live.length];
            await deleteMessage(actor(target.author), target.id);
            target.gone = true;
          } else {
            await check(action.user, step);
          }
        }
        for (const user of users) await check(user, "before the last flush");
        await flushReadPositions();
        for (const user of users) await check(user, "after the last flush");
        // what is stored is the model's position, nothing held any more
        for (const user of users) {
          expect(heldReadPositions(actor(user).userId).size).toBe(0);
          for (const key of channelKeys)
            if (model.canRead(user, key))
              expect(await storedPosition(actor(user), channelIds[key]), `${user}'s stored position in ${key}`).toBe(
                model.marked.get(`${user}:${key}`) ?? null,
              );
        }
      }),
      fuzzParameters(12),
    );
  });
});
