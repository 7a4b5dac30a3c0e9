import { describe, expect, it } from "vitest";
import { now } from "../clock";
import { db } from "../db";
import { ErrorCode, toFailure } from "../errors";
import { newId } from "../ids";
import { limits } from "../limits";
import { makeWorld, type ActorKind } from "../testing/world";
import { nonce } from "../testing/factories";
import { channelReadState } from "../testing/reads";
import type { Actor } from "./actor";
import { listBlockedIds, setBlocked } from "./blocks";
import { addChannelMembers, createChannel, removeChannelMembers } from "./channels";
import { deleteMessage, editMessage, sendMessage } from "./messages";
import { listReadStates, markChannelRead, markCommunityRead, setNotifyLevel } from "./read-state";

/** Read positions are compared with time-sortable ids: steps that move a baseline start on a fresh millisecond. */
async function nextMillisecond() {
  const start = Date.now();
  while (Date.now() === start) await new Promise((resolve) => setImmediate(resolve));
}

/** A small deterministic PRNG, so a failing sequence can be replayed from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    const failure = toFailure(error);
    return failure.ok ? "resolved" : failure.code;
  }
}

const users = ["owner", "admin", "member", "member2"] as const satisfies readonly ActorKind[];
type User = (typeof users)[number];

type ModelMessage = { id: string; channelId: string; author: User; mentions: User[]; everyone: boolean; gone: boolean };

/**
 * The straightforward model: a user's unread messages in a channel they can read are the ones after
 * their read position (and after their seat, for a private channel), not gone, not their own.
 */
class Model {
  messages: ModelMessage[] = [];
  position = new Map<string, string>(); // `${user}:${channel}` → id
  seatFloor = new Map<string, string>(); // member2's seat in the private channel → first id that may count
  seated = new Set<User>();
  blocks = new Set<string>(); // `${blocker}:${blocked}`

  constructor(
    readonly channels: { id: string; private: boolean }[],
    readonly roles: Record<User, "OWNER" | "ADMIN" | "MEMBER">,
  ) {}

  canRead(user: User, channelId: string) {
    const channel = this.channels.find((c) => c.id === channelId)!;
    return !channel.private || this.roles[user] !== "MEMBER" || this.seated.has(user);
  }

  read(user: User, channelId: string, messageId: string) {
    const key = `${user}:${channelId}`;
    const newest = this.messages
      .filter((m) => m.channelId === channelId)
      .reduce((max, m) => (m.id > max ? m.id : max), "");
    const target = newest && messageId > newest ? newest : messageId;
    if (target > (this.position.get(key) ?? "")) this.position.set(key, target);
  }

  counts(user: User, channelId: string) {
    const floor = [
      this.position.get(`${user}:${channelId}`) ?? "",
      this.seatFloor.get(`${user}:${channelId}`) ?? "",
    ].reduce((a, b) => (a > b ? a : b));
    const unread = this.messages.filter(
      (m) =>
        m.channelId === channelId &&
        m.id > floor &&
        !m.gone &&
        m.author !== user &&
        !this.blocks.has(`${user}:${m.author}`),
    );
    return {
      unread: unread.length,
      mentions: unread.filter((m) => m.everyone || m.mentions.includes(user)).length,
      firstUnreadId: unread[0]?.id ?? null,
    };
  }
}

describe("unread and mention counts", () => {
  for (const seed of [11, 23, 47]) {
    it(`match a straightforward model over a random sequence of sends, reads, deletes, removals, edits, settings, blocks and private-channel seats (seed ${seed})`, async () => {
      const random = prng(seed);
      const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
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
      const publicChannel = await createChannel(w.actors.owner, { communityId: w.communityId, name: "public" });
      const privateChannel = await createChannel(w.actors.owner, {
        communityId: w.communityId,
        name: "private",
        kind: "PRIVATE",
        memberIds: [],
      });
      await nextMillisecond();
      for (const user of users) await markCommunityRead(actor(user), w.communityId);
      const model = new Model(
        [
          { id: w.generalChannelId, private: false },
          { id: publicChannel.id, private: false },
          { id: privateChannel.id, private: true },
        ],
        { owner: "OWNER", admin: "ADMIN", member: "MEMBER", member2: "MEMBER" },
      );
      // everything before this point was read by everyone
      const startId = newId();
      for (const user of users)
        for (const channel of model.channels) model.position.set(`${user}:${channel.id}`, startId);
      await nextMillisecond();

      const check = async (step: string) => {
        for (const user of users) {
          const [community] = await listReadStates(actor(user), w.communityId);
          const readable = model.channels.filter((c) => model.canRead(user, c.id)).map((c) => c.id);
          expect(community.channels.map((c) => c.channelId).sort(), `${step}: ${user}'s channels`).toEqual(
            [...readable].sort(),
          );
          for (const state of community.channels) {
            expect(
              { unread: state.unread, mentions: state.mentions, firstUnreadId: state.firstUnreadId },
              `${step}: ${user} in ${state.channelId}`,
            ).toEqual(model.counts(user, state.channelId));
          }
        }
      };

      for (let step = 0; step < 60; step++) {
        const roll = random();
        const label = `seed ${seed} step ${step}`;
        if (roll < 0.42) {
          const author = pick(users);
          const channel = pick(model.channels.filter((c) => model.canRead(author, c.id)));
          const mentioned = users.filter((u) => u !== author && random() < 0.3);
          const everyone = model.roles[author] !== "MEMBER" && random() < 0.15;
          const content = [
            `hello ${step}`,
            ...mentioned.map((u) => `@${usernames[u]}`),
            ...(everyone ? ["@everyone"] : []),
          ].join(" ");
          const sent = await sendMessage(actor(author), { channelId: channel.id, content, nonce: nonce() });
          // mentions only count for readers of the channel
          model.messages.push({
            id: sent.id,
            channelId: channel.id,
            author,
            mentions: mentioned.filter((u) => model.canRead(u, channel.id)),
            everyone,
            gone: false,
          });
        } else if (roll < 0.62) {
          const user = pick(users);
          const channel = pick(model.channels);
          const candidates = model.messages.filter((m) => m.channelId === channel.id);
          if (candidates.length === 0) continue;
          const target = pick(candidates);
          const result = await codeOf(markChannelRead(actor(user), { channelId: channel.id, messageId: target.id }));
          if (model.canRead(user, channel.id)) {
            expect(result, label).toBe("resolved");
            model.read(user, channel.id, target.id);
          } else {
            expect(result, label).toBe(ErrorCode.CHANNEL_NOT_FOUND);
          }
        } else if (roll < 0.72) {
          const live = model.messages.filter((m) => !m.gone);
          if (live.length === 0) continue;
          const target = pick(live);
          const by = random() < 0.5 ? target.author : pick(["owner", "admin"] as const);
          if (!model.canRead(by, target.channelId)) continue;
          await deleteMessage(actor(by), target.id);
          target.gone = true;
        } else if (roll < 0.79) {
          const mine = model.messages.filter((m) => !m.gone);
          if (mine.length === 0) continue;
          const target = pick(mine);
          if (!model.canRead(target.author, target.channelId)) continue;
          const mentioned = users.filter((u) => u !== target.author && random() < 0.4);
          await editMessage(actor(target.author), {
            messageId: target.id,
            content: [`edited`, ...mentioned.map((u) => `@${usernames[u]}`)].join(" "),
          });
          target.mentions = mentioned.filter((u) => model.canRead(u, target.channelId));
          target.everyone = false;
        } else if (roll < 0.85) {
          const user = pick(users);
          const level = pick(["ALL", "MENTIONS", "NONE"] as const);
          if (random() < 0.5)
            await setNotifyLevel(actor(user), { scope: "community", communityId: w.communityId, notify: level });
          else
            await setNotifyLevel(actor(user), {
              scope: "channel",
              channelId: pick(model.channels.filter((c) => model.canRead(user, c.id))).id,
              notify: level,
            });
        } else if (roll < 0.92) {
          // someone blocks or unblocks someone: the blocked author's messages stop (or start again) counting
          const blocker = pick(users);
          const blocked = pick(users.filter((u) => u !== blocker));
          const key = `${blocker}:${blocked}`;
          const block = !model.blocks.has(key);
          await setBlocked(actor(blocker), { userId: actor(blocked).userId, blocked: block });
          if (block) model.blocks.add(key);
          else model.blocks.delete(key);
        } else {
          // member2's seat in the private channel comes and goes
          await nextMillisecond();
          if (model.seated.has("member2")) {
            await removeChannelMembers(w.actors.owner, {
              channelId: privateChannel.id,
              userIds: [w.actors.member2.userId],
            });
            model.seated.delete("member2");
          } else {
            await addChannelMembers(w.actors.owner, {
              channelId: privateChannel.id,
              userIds: [w.actors.member2.userId],
            });
            model.seated.add("member2");
            model.seatFloor.set(`member2:${privateChannel.id}`, newId());
          }
          await nextMillisecond();
        }
        await check(label);
      }
      expect(model.messages.length).toBeGreaterThan(10);
    });
  }
});

describe("read positions", () => {
  it("only move forward, never past the newest message, and every tab hears the new state", async () => {
    const w = await makeWorld();
    const first = await sendMessage(w.actors.owner, { channelId: w.generalChannelId, content: "one", nonce: nonce() });
    const second = await sendMessage(w.actors.owner, {
      channelId: w.generalChannelId,
      content: "two @everyone",
      nonce: nonce(),
    });
    expect(await channelReadState(w.actors.member, w.generalChannelId)).toMatchObject({
      unread: 2,
      mentions: 1,
      firstUnreadId: first.id,
    });

    expect(
      await markChannelRead(w.actors.member, { channelId: w.generalChannelId, messageId: second.id }),
    ).toMatchObject({ unread: 0, mentions: 0, lastReadId: second.id });
    expect(
      await markChannelRead(w.actors.member, { channelId: w.generalChannelId, messageId: first.id }),
    ).toMatchObject({ unread: 0, lastReadId: second.id });

    // a position far in the future is clamped to the newest message: later messages still count
    await markChannelRead(w.actors.member, { channelId: w.generalChannelId, messageId: "7ZZZZZZZZZZZZZZZZZZZZZZZZZ" });
    const third = await sendMessage(w.actors.owner, {
      channelId: w.generalChannelId,
      content: "three",
      nonce: nonce(),
    });
    expect(await channelReadState(w.actors.member, w.generalChannelId)).toMatchObject({
      unread: 1,
      firstUnreadId: third.id,
    });
  });

  it("refuse non-readers, non-members and ids that are not message ids", async () => {
    const w = await makeWorld();
    const secret = await createChannel(w.actors.owner, {
      communityId: w.communityId,
      name: "secret",
      kind: "PRIVATE",
      memberIds: [],
    });
    const message = await sendMessage(w.actors.owner, { channelId: secret.id, content: "hidden", nonce: nonce() });
    expect(await codeOf(markChannelRead(w.actors.member, { channelId: secret.id, messageId: message.id }))).toBe(
      ErrorCode.CHANNEL_NOT_FOUND,
    );
    expect(await codeOf(channelReadState(w.actors.member, secret.id))).toBe(ErrorCode.CHANNEL_NOT_FOUND);
    expect(
      await codeOf(markChannelRead(w.actors.outsider, { channelId: w.generalChannelId, messageId: message.id })),
    ).toBe(ErrorCode.NOT_IN_COMMUNITY);
    expect(await codeOf(markCommunityRead(w.actors.outsider, w.communityId))).toBe(ErrorCode.NOT_IN_COMMUNITY);
    expect(await codeOf(listReadStates(w.actors.banned, w.communityId))).toBe(ErrorCode.NOT_IN_COMMUNITY);
    for (const messageId of [
      "",
      "x",
      '\'; DROP TABLE "Message"; --',
      "<script>",
      "0".repeat(27),
      "01ARZ3NDEKTSV4RRFFQ69G5FAI",
    ]) {
      expect(
        await codeOf(markChannelRead(w.actors.member, { channelId: w.generalChannelId, messageId })),
        messageId,
      ).toBe(ErrorCode.INVALID_INPUT);
    }
    expect(await codeOf(markChannelRead(w.actors.member, { channelId: "nope", messageId: message.id }))).toBe(
      ErrorCode.CHANNEL_NOT_FOUND,
    );
    // the private channel is absent from the member's states, present in the owner's
    const [memberView] = await listReadStates(w.actors.member, w.communityId);
    const [ownerView] = await listReadStates(w.actors.owner, w.communityId);
    expect(memberView.channels.map((c) => c.channelId)).not.toContain(secret.id);
    expect(ownerView.channels.map((c) => c.channelId)).toContain(secret.id);
    const [allOfMine] = (await listReadStates(w.actors.member)).filter((c) => c.communityId === w.communityId);
    expect(allOfMine.channels.map((c) => c.channelId)).not.toContain(secret.id);
  });

  it("start at joining: history from before a member joined is not unread", async () => {
    const w = await makeWorld();
    await sendMessage(w.actors.owner, { channelId: w.generalChannelId, content: "before", nonce: nonce() });
    await nextMillisecond();
    const late = await db.user.create({
      data: { id: newId(), username: `late_${nonce()}`, displayName: "Late", passwordHash: "x" },
    });
    await db.member.create({
      data: { communityId: w.communityId, userId: late.id, sortName: "late", joinedAt: now() },
    });
    await nextMillisecond();
    expect(await channelReadState({ userId: late.id }, w.generalChannelId)).toMatchObject({
      unread: 0,
      mentions: 0,
      firstUnreadId: null,
    });
    const after = await sendMessage(w.actors.owner, {
      channelId: w.generalChannelId,
      content: `after @${late.username}`,
      nonce: nonce(),
    });
    expect(await channelReadState({ userId: late.id }, w.generalChannelId)).toMatchObject({
      unread: 1,
      mentions: 1,
      firstUnreadId: after.id,
    });
  });

  it("stop counting at the cap, and a community marked read is read everywhere the user can read", async () => {
    const w = await makeWorld();
    const busy = await createChannel(w.actors.owner, { communityId: w.communityId, name: "busy" });
    await nextMillisecond();
    await db.message.createMany({
      data: Array.from({ length: limits.unreadCountCap + 5 }, (_, i) => ({
        id: newId(),
        channelId: busy.id,
        authorId: w.actors.owner.userId,
        content: `m${i}`,
      })),
    });
    expect(await channelReadState(w.actors.member, busy.id)).toMatchObject({ unread: limits.unreadCountCap });
    const state = await markCommunityRead(w.actors.member, w.communityId);
    expect(state.channels.every((c) => c.unread === 0 && c.mentions === 0)).toBe(true);
  });
});

describe("notification settings", () => {
  it("are per community and per channel, validated, and only for channels the user can read", async () => {
    const w = await makeWorld();
    const secret = await createChannel(w.actors.owner, {
      communityId: w.communityId,
      name: "secret",
      kind: "PRIVATE",
      memberIds: [],
    });
    expect(
      await setNotifyLevel(w.actors.member, { scope: "community", communityId: w.communityId, notify: "MENTIONS" }),
    ).toEqual({
      communityId: w.communityId,
      channelId: null,
      notify: "MENTIONS",
    });
    await setNotifyLevel(w.actors.member, { scope: "channel", channelId: w.generalChannelId, notify: "NONE" });
    let [view] = await listReadStates(w.actors.member, w.communityId);
    expect(view.notify).toBe("MENTIONS");
    expect(view.channels.find((c) => c.channelId === w.generalChannelId)?.notify).toBe("NONE");
    await setNotifyLevel(w.actors.member, { scope: "channel", channelId: w.generalChannelId, notify: "DEFAULT" });
    [view] = await listReadStates(w.actors.member, w.communityId);
    expect(view.channels.find((c) => c.channelId === w.generalChannelId)?.notify).toBeNull();

    expect(
      await codeOf(setNotifyLevel(w.actors.member, { scope: "channel", channelId: secret.id, notify: "ALL" })),
    ).toBe(ErrorCode.CHANNEL_NOT_FOUND);
    expect(
      await codeOf(
        setNotifyLevel(w.actors.outsider, { scope: "community", communityId: w.communityId, notify: "ALL" }),
      ),
    ).toBe(ErrorCode.NOT_IN_COMMUNITY);
    expect(
      await codeOf(
        setNotifyLevel(w.actors.member, { scope: "community", communityId: w.communityId, notify: "LOUD" } as never),
      ),
    ).toBe(ErrorCode.INVALID_INPUT);
    expect(await codeOf(setNotifyLevel(w.actors.member, { scope: "everything" } as never))).toBe(
      ErrorCode.INVALID_INPUT,
    );
  });
});

describe("blocking", () => {
  it("a blocked member's messages and mentions stop counting for the blocker only, and count again after unblocking", async () => {
    const w = await makeWorld();
    const memberName = (await db.user.findUniqueOrThrow({ where: { id: w.actors.member.userId } })).username;
    await sendMessage(w.actors.admin, { channelId: w.generalChannelId, content: `hey @${memberName}`, nonce: nonce() });
    expect(await channelReadState(w.actors.member, w.generalChannelId)).toMatchObject({ unread: 1, mentions: 1 });
    expect(await setBlocked(w.actors.member, { userId: w.actors.admin.userId, blocked: true })).toEqual({
      userId: w.actors.admin.userId,
      blocked: true,
    });
    expect(await setBlocked(w.actors.member, { userId: w.actors.admin.userId, blocked: true })).toEqual({
      userId: w.actors.admin.userId,
      blocked: true,
    });
    expect(await channelReadState(w.actors.member, w.generalChannelId)).toMatchObject({
      unread: 0,
      mentions: 0,
      firstUnreadId: null,
    });
    expect(await channelReadState(w.actors.member2, w.generalChannelId)).toMatchObject({ unread: 1 });
    expect(await listBlockedIds(w.actors.member)).toEqual([w.actors.admin.userId]);
    await setBlocked(w.actors.member, { userId: w.actors.admin.userId, blocked: false });
    expect(await channelReadState(w.actors.member, w.generalChannelId)).toMatchObject({ unread: 1, mentions: 1 });
    expect(await listBlockedIds(w.actors.member)).toEqual([]);

    expect(await codeOf(setBlocked(w.actors.member, { userId: w.actors.member.userId, blocked: true }))).toBe(
      ErrorCode.INVALID_INPUT,
    );
    expect(await codeOf(setBlocked(w.actors.member, { userId: "nobody", blocked: true }))).toBe(
      ErrorCode.USER_NOT_FOUND,
    );
    expect(await codeOf(setBlocked(w.actors.member, { userId: "x".repeat(65), blocked: true }))).toBe(
      ErrorCode.INVALID_INPUT,
    );
  });
});
