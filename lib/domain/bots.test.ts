import { describe, expect, it } from "vitest";
import { db } from "../db";
import { ErrorCode, toResult } from "../errors";
import { limits } from "../limits";
import { makeCommunity, nonce } from "../testing/factories";
import { makeWorld } from "../testing/world";
import { api } from "../testing/api-client";
import {
  addBotToCommunity,
  createBot,
  deleteBot,
  listCommunityBots,
  listMyBotsOutside,
  regenerateBotToken,
  revokeBotToken,
} from "./bots";
import { listAuditLog } from "./audit";
import { createCommunity } from "./communities";
import { listMembers } from "./members";
import { listMessages, sendMessage } from "./messages";
import { getProfile } from "./profiles";
import { verifyCredentials } from "./users";

const codeOf = async (run: () => Promise<unknown>) => {
  const result = await toResult(run);
  return result.ok ? "ok" : result.code;
};

describe("bot accounts", () => {
  it("an admin adds a Member bot; its token acts as the bot, which shows as a bot everywhere its name does", async () => {
    const world = await makeWorld();
    const { bot, token } = await createBot(world.actors.admin, { communityId: world.communityId, name: "Deploy Bot" });
    expect(bot).toMatchObject({
      displayName: "Deploy Bot",
      role: "MEMBER",
      owner: { id: world.actors.admin.userId },
      token: { hint: token.slice(-4), lastUsedAt: null },
    });
    expect(bot.username).toMatch(/^deploy_bot_[0-9a-f]{6}$/);
    const me = await api(token, "GET", "/me");
    expect(me.body.data).toMatchObject({ id: bot.id, displayName: "Deploy Bot" });

    const sent = await api(token, "POST", `/channels/${world.generalChannelId}/messages`, {
      content: "hi",
      nonce: nonce(),
    });
    expect(sent.body.data).toMatchObject({ author: { id: bot.id, bot: true } });
    const page = await listMessages(world.actors.member, { channelId: world.generalChannelId });
    expect(page.messages.at(-1)).toMatchObject({ author: { id: bot.id, bot: true } });
    const human = await sendMessage(world.actors.member, {
      channelId: world.generalChannelId,
      content: "yo",
      nonce: nonce(),
    });
    expect(human.author).not.toHaveProperty("bot");
    const { members } = await listMembers(world.actors.member, { communityId: world.communityId, query: "deploy" });
    expect(members).toEqual([expect.objectContaining({ id: bot.id, bot: true })]);
    const profile = await getProfile(world.actors.member, { userId: bot.id, communityId: world.communityId });
    expect(profile).toMatchObject({ bot: true, member: { bot: true } });
    expect(await listCommunityBots(world.actors.owner, world.communityId)).toEqual([
      expect.objectContaining({ id: bot.id, token: expect.objectContaining({ lastUsedAt: expect.any(String) }) }),
    ]);
  });

  it("never signs in with a password", async () => {
    const world = await makeWorld();
    const { bot } = await createBot(world.actors.owner, { communityId: world.communityId, name: "Helper" });
    for (const password of ["!bot", "correct-horse-9", ""])
      expect(await codeOf(() => verifyCredentials({ username: bot.username, password }))).not.toBe("ok");
  });

  it("who may add one: owner and admins; an Admin bot only the owner; members and outsiders never", async () => {
    const world = await makeWorld();
    const add = (kind: keyof typeof world.actors, role: "MEMBER" | "ADMIN" = "MEMBER") =>
      codeOf(() => createBot(world.actors[kind], { communityId: world.communityId, name: "B", role }));
    expect(await add("owner", "ADMIN")).toBe("ok");
    expect(await add("admin")).toBe("ok");
    expect(await add("admin", "ADMIN")).toBe(ErrorCode.OWNER_ONLY);
    expect(await add("member")).toBe(ErrorCode.NO_PERMISSION);
    expect(await add("muted")).toBe(ErrorCode.NO_PERMISSION);
    expect(await add("banned")).toBe(ErrorCode.NOT_IN_COMMUNITY);
    expect(await add("outsider")).toBe(ErrorCode.NOT_IN_COMMUNITY);
    expect(await codeOf(() => listCommunityBots(world.actors.member, world.communityId))).toBe(ErrorCode.NO_PERMISSION);
    expect(await codeOf(() => createBot(world.actors.owner, { communityId: world.communityId, name: " " }))).toBe(
      ErrorCode.INVALID_INPUT,
    );
  });

  it("a Member bot's token cannot do Admin things; an Admin bot's can, and still not Owner things", async () => {
    const world = await makeWorld();
    const memberBot = await createBot(world.actors.owner, { communityId: world.communityId, name: "Small" });
    const adminBot = await createBot(world.actors.owner, {
      communityId: world.communityId,
      name: "Big",
      role: "ADMIN",
    });
    const kick = (token: string) =>
      api(token, "POST", `/communities/${world.communityId}/kicks`, { userIds: [world.actors.member2.userId] });
    expect(await kick(memberBot.token)).toMatchObject({ status: 403, body: { code: ErrorCode.NO_KICK_PERMISSION } });
    const channel = await api(memberBot.token, "POST", `/communities/${world.communityId}/channels`, { name: "x" });
    expect(channel).toMatchObject({ status: 403, body: { code: ErrorCode.NO_PERMISSION } });
    expect((await kick(adminBot.token)).body.data).toEqual({ results: [expect.objectContaining({ ok: true })] });
    const role = await api(
      adminBot.token,
      "PUT",
      `/communities/${world.communityId}/members/${world.actors.member.userId}/role`,
      { role: "ADMIN" },
    );
    expect(role).toMatchObject({ status: 403, body: { code: ErrorCode.OWNER_ONLY } });
  });

  it("a new token stops the old one at once; who may make one: its creator, or those ranked above it", async () => {
    const world = await makeWorld();
    const { bot, token } = await createBot(world.actors.admin, { communityId: world.communityId, name: "Rotating" });
    const { token: next } = await regenerateBotToken(world.actors.admin2, { botId: bot.id });
    expect((await api(token, "GET", "/me")).status).toBe(401);
    expect((await api(next, "GET", "/me")).status).toBe(200);
    expect(await codeOf(() => regenerateBotToken(world.actors.member, { botId: bot.id }))).toBe(
      ErrorCode.NO_PERMISSION,
    );
    expect(await codeOf(() => regenerateBotToken(world.actors.outsider, { botId: bot.id }))).toBe(
      ErrorCode.NO_PERMISSION,
    );
    const boss = await createBot(world.actors.owner, { communityId: world.communityId, name: "Boss", role: "ADMIN" });
    expect(await codeOf(() => regenerateBotToken(world.actors.admin, { botId: boss.bot.id }))).toBe(
      ErrorCode.NO_PERMISSION,
    );
    expect(await codeOf(() => regenerateBotToken(world.actors.owner, { botId: boss.bot.id }))).toBe("ok");
    expect(await codeOf(() => regenerateBotToken(world.actors.owner, { botId: world.actors.member.userId }))).toBe(
      ErrorCode.USER_NOT_FOUND,
    );
  });

  it("a revoked token stops at once, with no new one; who may revoke: its creator, or those ranked above it", async () => {
    const world = await makeWorld();
    const { bot, token } = await createBot(world.actors.admin, { communityId: world.communityId, name: "Quiet" });
    expect(await codeOf(() => revokeBotToken(world.actors.member, { botId: bot.id }))).toBe(ErrorCode.NO_PERMISSION);
    expect(await codeOf(() => revokeBotToken(world.actors.outsider, { botId: bot.id }))).toBe(ErrorCode.NO_PERMISSION);
    expect((await api(token, "GET", "/me")).status).toBe(200);
    await revokeBotToken(world.actors.admin2, { botId: bot.id });
    expect((await api(token, "GET", "/me")).status).toBe(401);
    const [listed] = await listCommunityBots(world.actors.owner, world.communityId);
    expect(listed).toMatchObject({ id: bot.id, token: null });
    const { entries } = await listAuditLog(world.actors.owner, world.communityId, {});
    expect(entries.map((entry) => entry.action)).toContain("bot.revoke");
  });

  it("lists the bots one made that are not in a community yet, to its owner and admins only", async () => {
    const first = await makeCommunity();
    const second = await makeCommunity();
    const { bot } = await createBot(first.owner, { communityId: first.community.id, name: "Roamer" });
    // first.owner is no member of `second`: they may not look there
    expect(await codeOf(() => listMyBotsOutside(first.owner, second.community.id))).toBe(ErrorCode.NOT_IN_COMMUNITY);
    expect(await listMyBotsOutside(first.owner, first.community.id)).toEqual([]);
    const own = await createCommunity(first.owner, { name: "Mine too" });
    expect(await listMyBotsOutside(first.owner, own.community.id)).toEqual([{ id: bot.id, displayName: "Roamer" }]);
    // another's bots are not offered
    expect(await listMyBotsOutside(second.owner, second.community.id)).toEqual([]);
  });

  it("its creator adds it to another community they manage, and deletes it: it leaves, its token stops, its messages stay", async () => {
    const first = await makeCommunity();
    const second = await makeCommunity();
    const { bot, token } = await createBot(first.owner, { communityId: first.community.id, name: "Roamer" });
    expect(
      await codeOf(() => addBotToCommunity(second.owner, { botId: bot.id, communityId: second.community.id })),
    ).toBe(ErrorCode.NO_PERMISSION);
    expect(
      await codeOf(() => addBotToCommunity(first.owner, { botId: bot.id, communityId: second.community.id })),
    ).toBe(ErrorCode.NOT_IN_COMMUNITY);
    const third = await createBot(second.owner, { communityId: second.community.id, name: "Other" });
    expect(third.bot.owner?.id).toBe(second.owner.userId);
    await db.member.create({
      data: {
        communityId: second.community.id,
        userId: first.owner.userId,
        role: "ADMIN",
        sortName: "owner",
        joinedAt: new Date(),
      },
    });
    expect(await addBotToCommunity(first.owner, { botId: bot.id, communityId: second.community.id })).toMatchObject({
      id: bot.id,
      role: "MEMBER",
    });
    const said = await api(token, "POST", `/channels/${second.generalChannelId}/messages`, {
      content: "hello",
      nonce: nonce(),
    });
    expect(said.status).toBe(200);

    expect(await codeOf(() => deleteBot(second.owner, { botId: bot.id }))).toBe(ErrorCode.NO_PERMISSION);
    await deleteBot(first.owner, { botId: bot.id });
    expect((await api(token, "GET", "/me")).status).toBe(401);
    expect(await db.member.count({ where: { userId: bot.id } })).toBe(0);
    const history = await listMessages(second.owner, { channelId: second.generalChannelId });
    expect(history.messages.map((message) => message.content)).toContain("hello");
  });

  it(`a community has at most ${limits.botsPerCommunity} bots (6002082)`, async () => {
    const world = await makeWorld();
    for (let i = 0; i < limits.botsPerCommunity; i++)
      await createBot(world.actors.owner, { communityId: world.communityId, name: `Bot ${i}` });
    expect(
      await codeOf(() => createBot(world.actors.owner, { communityId: world.communityId, name: "One more" })),
    ).toBe(ErrorCode.BOT_LIMIT);
  });
});
