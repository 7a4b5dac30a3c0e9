import { describe, expect, it } from "vitest";
import { db } from "../db";
import { ErrorCode, toFailure } from "../errors";
import { pinClock } from "../testing/clock";
import { nonce, unique } from "../testing/factories";
import { makeWorld } from "../testing/world";
import { listReadableChannels } from "./access";
import {
  addChannelMembers,
  arrangeChannels,
  createCategory,
  createChannel,
  deleteCategory,
  deleteChannel,
  getChannelAttributes,
  listChannelMembers,
  removeChannelMembers,
  renameCategory,
  setChannelAttributes,
  updateChannel,
} from "./channels";
import { getCommunitySettings, setCommunityAttributes } from "./communities";
import { listMembers } from "./members";
import { openChannel, listMessages, sendMessage } from "./messages";
import { listCategories } from "./internal/channels";
import { currentPlan } from "./internal/plan";

const send = (actor: { userId: string }, channelId: string, content = "hello") =>
  sendMessage(actor, { channelId, content, nonce: nonce() });
const codeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (error) => toFailure(error).code,
  );

describe("channels", () => {
  it("a private channel exists only for its members, the owner and admins", async () => {
    const w = await makeWorld();
    const { owner, admin, member, member2 } = w.actors;
    const secret = await createChannel(admin, {
      communityId: w.communityId,
      name: "Staff Room",
      kind: "PRIVATE",
      memberIds: [member.userId],
    });
    expect(secret).toMatchObject({ name: "staff-room", kind: "PRIVATE" });
    await send(owner, secret.id, "plans");

    const visible = async (actor: { userId: string }) =>
      (await listReadableChannels(actor, w.communityId)).channels.map((c) => c.id);
    expect(await visible(member)).toContain(secret.id);
    expect(await visible(owner)).toContain(secret.id);
    expect(await visible(member2)).not.toContain(secret.id);
    expect(await codeOf(listMessages(member2, { channelId: secret.id }))).toBe(ErrorCode.CHANNEL_NOT_FOUND);
    expect(await codeOf(send(member2, secret.id))).toBe(ErrorCode.CHANNEL_NOT_FOUND);
    expect(await codeOf(listChannelMembers(member2, secret.id))).toBe(ErrorCode.CHANNEL_NOT_FOUND);
    expect(await codeOf(openChannel(member2, { channelId: secret.id }))).toBe(ErrorCode.CHANNEL_NOT_FOUND);

    expect(await codeOf(addChannelMembers(member, { channelId: secret.id, userIds: [member2.userId] }))).toBe(
      ErrorCode.NO_PERMISSION,
    );
    expect(await codeOf(addChannelMembers(admin, { channelId: secret.id, userIds: [w.actors.outsider.userId] }))).toBe(
      ErrorCode.NOT_IN_COMMUNITY,
    );
    await addChannelMembers(admin, { channelId: secret.id, userIds: [member2.userId] });
    expect(
      (await listMessages(member2, { channelId: secret.id })).messages
        .filter((m) => m.type === "TEXT")
        .map((m) => m.content),
    ).toEqual(["plans"]);
    expect((await listChannelMembers(member2, secret.id)).map((u) => u.id).sort()).toEqual(
      [member.userId, member2.userId].sort(),
    );
    await removeChannelMembers(owner, { channelId: secret.id, userIds: [member2.userId] });
    expect(await codeOf(listMessages(member2, { channelId: secret.id }))).toBe(ErrorCode.CHANNEL_NOT_FOUND);
    expect(await codeOf(addChannelMembers(owner, { channelId: w.generalChannelId, userIds: [member2.userId] }))).toBe(
      ErrorCode.INVALID_INPUT,
    );
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
    const clock = pinClock("2027-01-31T23:55:00.000Z");

    await updateChannel(admin, { channelId, muteMode: "NORMAL", muteDurationSeconds: null });
    expect(await outcome()).toEqual(["ok", "ok", ErrorCode.CHANNEL_MUTED]);
    await updateChannel(owner, { channelId, muteMode: "ALL" });
    expect(await outcome()).toEqual(["ok", ErrorCode.CHANNEL_MUTED, ErrorCode.CHANNEL_MUTED]);
    await updateChannel(owner, { channelId, muteMode: "CUSTOM", mutedRoles: ["ADMIN"] });
    expect(await outcome()).toEqual(["ok", ErrorCode.CHANNEL_MUTED, "ok"]);
    await expect(send(admin, channelId)).rejects.toThrow("This channel is muted for you permanently.");

    await updateChannel(owner, { channelId, muteMode: "NORMAL", muteDurationSeconds: 600 });
    await expect(send(member, channelId)).rejects.toThrow("This channel is muted for you until 2027-02-01 00:05 UTC.");
    expect((await openChannel(member, { channelId })).restriction.channelMutedUntil).toBe("2027-02-01T00:05:00.000Z");
    clock.advance(599_999);
    expect(await outcome()).toEqual(["ok", "ok", ErrorCode.CHANNEL_MUTED]);
    clock.advance(1);
    expect(await outcome()).toEqual(["ok", "ok", "ok"]);
    await updateChannel(owner, { channelId, muteMode: "NONE" });
    expect((await db.channel.findUniqueOrThrow({ where: { id: channelId } })).muteUntil).toBeNull();
    expect(await codeOf(updateChannel(member, { channelId, muteMode: "ALL" }))).toBe(ErrorCode.NO_PERMISSION);
  });

  it("slowmode: one send per interval for members, owner and admins exempt, concurrent sends cannot both pass", async () => {
    const w = await makeWorld();
    const { owner, admin, member, member2 } = w.actors;
    const channelId = w.generalChannelId;
    const clock = pinClock("2028-02-29T23:59:50.000Z");
    await updateChannel(owner, { channelId, slowmodeSeconds: 30 });
    await send(member, channelId);
    await expect(send(member, channelId)).rejects.toMatchObject({
      code: ErrorCode.SLOWMODE,
      message: "Slowmode is on: you can send again in 30 seconds.",
      retryAfterMs: 30_000,
    });
    clock.advance(10_000);
    expect((await openChannel(member, { channelId })).restriction).toMatchObject({
      slowmodeSeconds: 30,
      slowmodeWait: 20,
    });
    expect(await Promise.all([send(owner, channelId), send(owner, channelId), send(admin, channelId)])).toHaveLength(3);

    const raced = await Promise.allSettled([1, 2, 3, 4].map(() => send(member2, channelId)));
    expect(raced.filter((r) => r.status === "fulfilled")).toHaveLength(1);

    clock.advance(19_999);
    await expect(send(member, channelId)).rejects.toMatchObject({
      code: ErrorCode.SLOWMODE,
      message: "Slowmode is on: you can send again in 1 second.",
      retryAfterMs: 1,
    });
    clock.advance(1);
    await expect(send(member, channelId)).resolves.toBeTruthy();
    expect(await codeOf(updateChannel(owner, { channelId, slowmodeSeconds: 21_601 }))).toBe(ErrorCode.INVALID_INPUT);
  });

  it("channels per community hold under concurrency (6001064)", async () => {
    const w = await makeWorld();
    await db.community.update({
      where: { id: w.communityId },
      data: { channelCount: (await currentPlan()).channelsPerCommunity! - 1 },
    });
    const results = await Promise.allSettled(
      [1, 2, 3, 4, 5].map((i) => createChannel(w.actors.owner, { communityId: w.communityId, name: `race-${i}` })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(
      Array(4).fill(ErrorCode.CHANNEL_COUNT_LIMIT),
    );
  });

  it("categories and order: channels move between groups; foreign ids are refused", async () => {
    const w = await makeWorld();
    const { owner } = w.actors;
    const a = await createChannel(owner, { communityId: w.communityId, name: "a" });
    const b = await createChannel(owner, { communityId: w.communityId, name: "b" });
    const category = await createCategory(owner, { communityId: w.communityId, name: "Voice of reason" });
    await arrangeChannels(owner, {
      communityId: w.communityId,
      groups: [
        { categoryId: null, channelIds: [w.generalChannelId, b.id] },
        { categoryId: category.id, channelIds: [a.id] },
      ],
    });
    const { channels } = await listReadableChannels(owner, w.communityId);
    expect(channels.map((c) => [c.name, c.categoryId])).toEqual([
      ["general", null],
      ["b", null],
      ["a", category.id],
    ]);
    const other = await makeWorld();
    expect(
      await codeOf(
        arrangeChannels(owner, {
          communityId: w.communityId,
          groups: [{ categoryId: null, channelIds: [other.generalChannelId] }],
        }),
      ),
    ).toBe(ErrorCode.CHANNEL_NOT_IN_COMMUNITY);
    expect(
      await codeOf(createChannel(owner, { communityId: w.communityId, name: "x", categoryId: "not-a-category" })),
    ).toBe(ErrorCode.INVALID_INPUT);
    expect(await codeOf(createChannel(owner, { communityId: w.communityId, name: "n".repeat(101) }))).toBe(
      ErrorCode.INVALID_INPUT,
    );
    expect(
      await codeOf(createChannel(owner, { communityId: w.communityId, name: "n".repeat(100), topic: "t".repeat(501) })),
    ).toBe(ErrorCode.INVALID_INPUT);
    expect(await codeOf(createChannel(w.actors.member, { communityId: w.communityId, name: "nope" }))).toBe(
      ErrorCode.NO_PERMISSION,
    );
  });

  it("a member who cannot read a private channel hears 'does not exist' from every management call, not 'no permission'", async () => {
    const w = await makeWorld();
    const secret = await createChannel(w.actors.owner, {
      communityId: w.communityId,
      name: "hidden",
      kind: "PRIVATE",
      memberIds: [w.actors.member.userId],
    });
    const { member2 } = w.actors;
    for (const call of [
      () => updateChannel(member2, { channelId: secret.id, name: "x" }),
      () => deleteChannel(member2, secret.id),
      () => addChannelMembers(member2, { channelId: secret.id, userIds: [member2.userId] }),
      () => setChannelAttributes(member2, { channelId: secret.id, set: { a: "b" } }),
      () => getChannelAttributes(member2, secret.id),
    ]) {
      expect(await codeOf(call())).toBe(ErrorCode.CHANNEL_NOT_FOUND);
    }
    // a reader without the role is refused for what it is
    expect(await codeOf(updateChannel(w.actors.member, { channelId: secret.id, name: "x" }))).toBe(
      ErrorCode.NO_PERMISSION,
    );
    expect(await codeOf(updateChannel(w.actors.outsider, { channelId: secret.id, name: "x" }))).toBe(
      ErrorCode.NOT_IN_COMMUNITY,
    );
  });

  it("channel attributes: the same per-key rules as a community's, kept apart from them", async () => {
    const w = await makeWorld();
    const { owner, admin, member } = w.actors;
    const channelId = w.generalChannelId;
    const nine = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`key${i}`, `value${i}`]));
    expect((await setChannelAttributes(admin, { channelId, set: nine })).failures).toEqual([]);
    const result = await setChannelAttributes(owner, {
      channelId,
      set: {
        key0: "changed",
        tenth: "ok",
        eleventh: "too many",
        ["k".repeat(17)]: "long key",
        longvalue: "v".repeat(1025),
        "  ": "blank",
      },
      remove: ["key1"],
    });
    expect(result.failures).toEqual([
      {
        key: "k".repeat(17),
        code: ErrorCode.ATTRIBUTE_KEY_TOO_LONG,
        message: `Key "${"k".repeat(17)}" is longer than 16 characters.`,
      },
      {
        key: "longvalue",
        code: ErrorCode.ATTRIBUTE_VALUE_TOO_LONG,
        message: 'The value of "longvalue" is longer than 1,024 characters.',
      },
      { key: "  ", code: ErrorCode.INVALID_INPUT, message: "A key cannot be empty." },
    ]);
    // key1 removed first, so tenth and eleventh both fit: 9 - 1 + 2 = 10
    expect(Object.keys(result.attributes)).toHaveLength(10);
    expect(result.attributes).toMatchObject({ key0: "changed", tenth: "ok", eleventh: "too many" });
    const full = await setChannelAttributes(owner, { channelId, set: { twelfth: "x" } });
    expect(full.failures).toEqual([
      { key: "twelfth", code: ErrorCode.TOO_MANY_ATTRIBUTES, message: "A channel can have at most 10 attributes." },
    ]);
    const edge = await setChannelAttributes(owner, {
      channelId,
      set: { ["k".repeat(16)]: "v".repeat(1024) },
      remove: ["key2"],
    });
    expect(edge.failures).toEqual([]);
    expect((await getChannelAttributes(member, channelId))["k".repeat(16)]).toHaveLength(1024);

    // concurrent saves cannot pass the limit together
    const other = await createChannel(owner, { communityId: w.communityId, name: "race" });
    await setChannelAttributes(owner, {
      channelId: other.id,
      set: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, "v"])),
    });
    const raced = await Promise.all(
      ["x", "y", "z"].map((key) => setChannelAttributes(admin, { channelId: other.id, set: { [key]: "v" } })),
    );
    expect(raced.filter((r) => r.failures.length === 0)).toHaveLength(1);
    expect(Object.keys(await getChannelAttributes(owner, other.id))).toHaveLength(10);

    expect(await codeOf(setChannelAttributes(member, { channelId, set: { a: "b" } }))).toBe(ErrorCode.NO_PERMISSION);
    expect(await codeOf(setChannelAttributes(w.actors.outsider, { channelId, set: { a: "b" } }))).toBe(
      ErrorCode.NOT_IN_COMMUNITY,
    );
    expect(await codeOf(setChannelAttributes(owner, { channelId: "missing", set: { a: "b" } }))).toBe(
      ErrorCode.CHANNEL_NOT_FOUND,
    );
    expect(
      await codeOf(
        setChannelAttributes(owner, {
          channelId,
          set: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`m${i}`, "v"])),
        }),
      ),
    ).toBe(ErrorCode.INVALID_INPUT);
    // the community's attributes are its own
    await setCommunityAttributes(owner, { communityId: w.communityId, set: { scope: "community" } });
    expect((await getCommunitySettings(owner, w.communityId)).attributes).toEqual({ scope: "community" });
    expect(await getChannelAttributes(owner, channelId)).not.toHaveProperty("scope");
    // deleting the channel takes its attributes along
    await deleteChannel(owner, other.id);
    expect(await db.channelAttribute.count({ where: { channelId: other.id } })).toBe(0);
  });

  it("categories: owner and admins rename and delete them; deleting keeps the channels, without a category", async () => {
    const w = await makeWorld();
    const { owner, admin, member, outsider } = w.actors;
    const category = await createCategory(owner, { communityId: w.communityId, name: "Projects" });
    const a = await createChannel(owner, { communityId: w.communityId, name: "alpha", categoryId: category.id });
    const b = await createChannel(owner, { communityId: w.communityId, name: "beta", categoryId: category.id });

    await expect(
      renameCategory(admin, { communityId: w.communityId, categoryId: category.id, name: "  Work  " }),
    ).resolves.toMatchObject({ id: category.id, name: "Work" });
    expect((await listCategories(w.communityId)).map((c) => c.name)).toEqual(["Work"]);
    expect(
      await codeOf(renameCategory(member, { communityId: w.communityId, categoryId: category.id, name: "Mine" })),
    ).toBe(ErrorCode.NO_PERMISSION);
    expect(
      await codeOf(renameCategory(outsider, { communityId: w.communityId, categoryId: category.id, name: "Mine" })),
    ).toBe(ErrorCode.NOT_IN_COMMUNITY);
    await expect(
      renameCategory(owner, { communityId: w.communityId, categoryId: category.id, name: "   " }),
    ).rejects.toThrow("Category name is required.");
    await expect(
      renameCategory(owner, { communityId: w.communityId, categoryId: category.id, name: "c".repeat(101) }),
    ).rejects.toThrow("Category name must be at most 100 characters.");
    const other = await makeWorld();
    const foreign = await createCategory(other.actors.owner, { communityId: other.communityId, name: "Theirs" });
    await expect(
      renameCategory(owner, { communityId: w.communityId, categoryId: foreign.id, name: "Mine" }),
    ).rejects.toMatchObject({
      code: ErrorCode.INVALID_INPUT,
      message: "That category is not in this community.",
    });
    expect(await codeOf(deleteCategory(owner, { communityId: w.communityId, categoryId: foreign.id }))).toBe(
      ErrorCode.INVALID_INPUT,
    );
    expect((await listCategories(other.communityId)).map((c) => c.name)).toEqual(["Theirs"]);

    expect(await codeOf(deleteCategory(member, { communityId: w.communityId, categoryId: category.id }))).toBe(
      ErrorCode.NO_PERMISSION,
    );
    expect(await codeOf(deleteCategory(outsider, { communityId: w.communityId, categoryId: category.id }))).toBe(
      ErrorCode.NOT_IN_COMMUNITY,
    );
    const channelsBefore = (await db.community.findUniqueOrThrow({ where: { id: w.communityId } })).channelCount;
    await expect(deleteCategory(admin, { communityId: w.communityId, categoryId: category.id })).resolves.toEqual({
      categoryId: category.id,
      movedChannels: 2,
    });
    expect(await listCategories(w.communityId)).toEqual([]);
    const { channels } = await listReadableChannels(member, w.communityId);
    expect(channels.filter((c) => [a.id, b.id].includes(c.id)).map((c) => [c.name, c.categoryId])).toEqual([
      ["alpha", null],
      ["beta", null],
    ]);
    expect((await db.community.findUniqueOrThrow({ where: { id: w.communityId } })).channelCount).toBe(channelsBefore);
    await expect(deleteCategory(admin, { communityId: w.communityId, categoryId: category.id })).rejects.toThrow(
      "That category does not exist any more.",
    );
  });

  it("the member list beside a private channel shows only its readers, by keyset pages; a non-reader gets 6001062", async () => {
    const w = await makeWorld();
    const { owner, admin, member, member2, outsider } = w.actors;
    // 130 more members, every other one seated in the private channel
    const extra = Array.from({ length: 130 }, (_, i) => ({
      id: `X${w.communityId}${String(i).padStart(3, "0")}`,
      name: `Extra ${String(i).padStart(3, "0")}`,
    }));
    await db.user.createMany({
      data: extra.map((u) => ({ id: u.id, username: unique("x"), displayName: u.name, passwordHash: "x" })),
    });
    await db.member.createMany({
      data: extra.map((u) => ({ communityId: w.communityId, userId: u.id, sortName: u.name.toLowerCase() })),
    });
    const seated = extra.filter((_, i) => i % 2 === 0).map((u) => u.id);
    const secret = await createChannel(owner, {
      communityId: w.communityId,
      name: "inner",
      kind: "PRIVATE",
      memberIds: [member.userId, ...seated.slice(0, 30)],
    });
    await addChannelMembers(owner, { channelId: secret.id, userIds: seated.slice(30) });
    // an admin with a seat is listed once
    await addChannelMembers(owner, { channelId: secret.id, userIds: [admin.userId] });

    const pages = async (actor: { userId: string }, input: { channelId?: string; query?: string; limit?: number }) => {
      const seen: Array<{ id: string; role: string }> = [];
      let cursor: string | undefined;
      let count = 0;
      do {
        const page = await listMembers(actor, { communityId: w.communityId, cursor, limit: 40, ...input });
        seen.push(...page.members.map((m) => ({ id: m.id, role: m.role })));
        cursor = page.nextCursor ?? undefined;
        count++;
      } while (cursor);
      return { ids: seen.map((m) => m.id), roles: seen.map((m) => m.role), count };
    };
    const readers = [owner.userId, admin.userId, w.actors.admin2.userId, member.userId, ...seated];
    for (const reader of [owner, admin, member]) {
      const listed = await pages(reader, { channelId: secret.id });
      expect(listed.ids.sort()).toEqual([...readers].sort());
      expect(new Set(listed.ids).size).toBe(listed.ids.length);
      expect(listed.roles.slice(0, 3)).toEqual(["OWNER", "ADMIN", "ADMIN"]);
      expect(listed.count).toBe(Math.ceil(readers.length / 40));
    }
    expect(readers).not.toContain(member2.userId);

    // search stays inside the channel's readers
    const search = await listMembers(member, { communityId: w.communityId, channelId: secret.id, query: "extra 00" });
    expect(search.members.map((m) => m.displayName)).toEqual([
      "Extra 000",
      "Extra 002",
      "Extra 004",
      "Extra 006",
      "Extra 008",
    ]);
    expect(
      (await listMembers(member, { communityId: w.communityId, channelId: secret.id, query: "member2" })).members,
    ).toEqual([]);

    // a public channel (or none) lists the whole community
    const everyone = await pages(member2, { channelId: w.generalChannelId });
    expect(everyone.ids).toHaveLength(6 + 130);
    expect((await pages(member2, {})).ids).toEqual(everyone.ids);

    // non-readers learn nothing: not even with a search that matches nobody
    expect(await codeOf(listMembers(member2, { communityId: w.communityId, channelId: secret.id }))).toBe(
      ErrorCode.CHANNEL_NOT_FOUND,
    );
    expect(await codeOf(listMembers(member2, { communityId: w.communityId, channelId: secret.id, query: "zzz" }))).toBe(
      ErrorCode.CHANNEL_NOT_FOUND,
    );
    expect(await codeOf(listMembers(w.actors.muted, { communityId: w.communityId, channelId: secret.id }))).toBe(
      ErrorCode.CHANNEL_NOT_FOUND,
    );
    expect(await codeOf(listMembers(outsider, { communityId: w.communityId, channelId: secret.id }))).toBe(
      ErrorCode.NOT_IN_COMMUNITY,
    );
    expect(await codeOf(listMembers(member2, { communityId: w.communityId, channelId: "no-such-channel" }))).toBe(
      ErrorCode.CHANNEL_NOT_FOUND,
    );
    const other = await makeWorld();
    expect(await codeOf(listMembers(owner, { communityId: w.communityId, channelId: other.generalChannelId }))).toBe(
      ErrorCode.CHANNEL_NOT_FOUND,
    );

    // removing a seat takes the user off the list at once
    await removeChannelMembers(admin, { channelId: secret.id, userIds: [member.userId] });
    expect(await codeOf(listMembers(member, { communityId: w.communityId, channelId: secret.id }))).toBe(
      ErrorCode.CHANNEL_NOT_FOUND,
    );
    expect((await pages(owner, { channelId: secret.id })).ids).not.toContain(member.userId);
  });
});
