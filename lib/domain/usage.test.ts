import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { setClock } from "../clock";
import { ErrorCode, toFailure } from "../errors";
import { makeCommunity, makeUser, nonce } from "../testing/factories";
import { useOwnDatabase } from "../testing/own-database";
import type { Actor } from "./actor";
import { getBillingMonth, getUsageDashboard, PRICES, quotaStatus } from "./billing";
import { createChannel } from "./channels";
import { startConversation } from "./conversations";
import { acceptInvite, createInvite } from "./invites";
import { setMemberRole } from "./members";
import { sendMessage } from "./messages";
import { updatePlan } from "./plan";
import { createThread } from "./threads";
import { forgetCachedPlan } from "./internal/plan";
import { flushUsage, monthDeliveries, stopUsage } from "./internal/usage";

// The plan and the app's delivery counters are app-wide: this file works in a database of its own.
useOwnDatabase();

const codeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (error) => toFailure(error).code,
  );
const send = (actor: Actor, channelId: string, content = "hello", messageNonce = nonce()) =>
  sendMessage(actor, { channelId, content, nonce: messageNonce });

const QUOTA = 200_000_000;
const STEP = 10_000_000;

/** The first account of this (empty) database administers it. */
let adminActor: Actor;
beforeAll(async () => {
  adminActor = await makeUser("first");
});
const appAdmin = () => adminActor;

/** The domain clock pinned at one instant (usage and billing read days and months from it). */
const pin = (iso: string) => {
  const at = new Date(iso);
  setClock(() => at);
  return at;
};

/** A stored counter (after writing what is held in memory). */
async function appMonthRow(month: string) {
  const row = await db.deliveryCount.findUnique({ where: { month_channelId: { month, channelId: "" } } });
  return Number(row?.deliveries ?? 0);
}
async function channelMonthRow(month: string, channelId: string) {
  return db.deliveryCount.findUnique({ where: { month_channelId: { month, channelId } } });
}
/** A channel's stored deliveries this month (0 without a row). */
async function channelDeliveries(month: string, channelId: string) {
  return Number((await channelMonthRow(month, channelId))?.deliveries ?? 0);
}
async function dayRow(day: string) {
  const row = await db.dailyUsage.findUnique({ where: { day } });
  return { messages: row?.messages ?? 0, deliveries: Number(row?.deliveries ?? 0) };
}

/** Writes the app's total for `month` directly, then lets the usage module re-read it. */
async function setStoredMonthTotal(month: string, deliveries: number) {
  await flushUsage();
  await db.deliveryCount.upsert({
    where: { month_channelId: { month, channelId: "" } },
    create: { month, channelId: "", communityId: "", deliveries: BigInt(deliveries) },
    update: { deliveries: BigInt(deliveries) },
  });
  await flushUsage();
}

afterEach(async () => {
  await flushUsage();
  setClock();
  // every test starts from SPEC's defaults
  await db.appPlan.upsert({
    where: { id: "app" },
    create: { id: "app" },
    update: {
      membersPerCommunity: 100_000,
      channelsPerCommunity: 100,
      communitiesPerUser: 100,
      communityNameLength: 300,
      communityNoticeLength: 500,
      monthlyDownstreamQuota: 200_000_000n,
      overQuotaMode: "REFUSE",
    },
  });
  // the send path caches the plan for a few seconds: a direct write must not leave it stale
  forgetCachedPlan();
});

afterAll(async () => {
  await stopUsage(); // no flush timer left to reopen the pool after this file's database is gone
});

describe("counting downstream deliveries", () => {
  it("a send in a public channel counts its readers minus the author; a flush writes the app row, the channel row, the day and the active user", async () => {
    pin("2026-11-03T10:00:00.000Z");
    const { owner, community, members, generalChannelId } = await makeCommunity(3);
    await flushUsage();
    const appBefore = await appMonthRow("2026-11");
    const dayBefore = await dayRow("2026-11-03");
    const knownBefore = await monthDeliveries();
    // the joins' system messages were delivered too (and counted); the send is measured from here
    const channelBefore = await channelDeliveries("2026-11", generalChannelId);

    await send(owner, generalChannelId);
    // held in memory until the next write, but already part of what this process knows
    expect(await monthDeliveries()).toBe(knownBefore + 3);
    expect(await channelDeliveries("2026-11", generalChannelId)).toBe(channelBefore);

    await flushUsage();
    expect(await appMonthRow("2026-11")).toBe(appBefore + 3);
    const channelRow = await channelMonthRow("2026-11", generalChannelId);
    expect(channelRow).toMatchObject({ communityId: community.id });
    expect(Number(channelRow!.deliveries)).toBe(channelBefore + 3);
    expect(await dayRow("2026-11-03")).toEqual({
      messages: dayBefore.messages + 1,
      deliveries: dayBefore.deliveries + 3,
    });
    expect(
      await db.dailyActiveUser.findUnique({ where: { day_userId: { day: "2026-11-03", userId: owner.userId } } }),
    ).not.toBeNull();
    // the readers did not send: not active
    expect(
      await db.dailyActiveUser.count({ where: { day: "2026-11-03", userId: { in: members.map((m) => m.userId) } } }),
    ).toBe(0);
    expect(await monthDeliveries()).toBe(appBefore + 3);
  });

  it("many sends make one row per channel and month, never a row per delivery", async () => {
    pin("2026-11-04T10:00:00.000Z");
    const { owner, members, generalChannelId } = await makeCommunity(3);
    await flushUsage();
    const rowsBefore = await db.deliveryCount.count();
    const appBefore = await appMonthRow("2026-11");
    const dayBefore = await dayRow("2026-11-04");
    // the joins' system messages already made General's row for the month: the sends add to it
    expect(await channelMonthRow("2026-11", generalChannelId)).not.toBeNull();
    const channelBefore = await channelDeliveries("2026-11", generalChannelId);

    for (let i = 0; i < 25; i++) await send(owner, generalChannelId, `owner ${i}`);
    await flushUsage(); // a write in the middle adds to the same rows
    for (let i = 0; i < 25; i++) await send(members[i % 3], generalChannelId, `member ${i}`);
    await flushUsage();

    expect(await db.deliveryCount.count()).toBe(rowsBefore);
    expect(await db.deliveryCount.count({ where: { channelId: generalChannelId } })).toBe(1);
    expect(await channelDeliveries("2026-11", generalChannelId)).toBe(channelBefore + 150);
    expect(await appMonthRow("2026-11")).toBe(appBefore + 150);
    expect(await dayRow("2026-11-04")).toEqual({
      messages: dayBefore.messages + 50,
      deliveries: dayBefore.deliveries + 150,
    });
    const active = await db.dailyActiveUser.findMany({
      where: { day: "2026-11-04", userId: { in: [owner, ...members].map((a) => a.userId) } },
    });
    expect(active).toHaveLength(4);
  });

  it("a private channel counts its seats plus the owner and admins, minus the author", async () => {
    pin("2026-11-05T10:00:00.000Z");
    const { owner, community, members } = await makeCommunity(4);
    const [admin, seated, , outsider] = members;
    await setMemberRole(owner, { communityId: community.id, userId: admin.userId, role: "ADMIN" });
    const secret = await createChannel(owner, {
      communityId: community.id,
      name: "staff",
      kind: "PRIVATE",
      memberIds: [seated.userId],
    });
    await flushUsage();
    const appBefore = await appMonthRow("2026-11");
    // "channel created" was delivered to the channel's readers too; the sends are measured from here
    const secretBefore = await channelDeliveries("2026-11", secret.id);

    // readers: owner, admin, seated member (3); the two other members do not read it
    await send(seated, secret.id); // 2
    await send(owner, secret.id); // 2
    await send(admin, secret.id); // 2
    expect(await codeOf(send(outsider, secret.id))).toBe(ErrorCode.CHANNEL_NOT_FOUND);
    await flushUsage();
    expect(await channelDeliveries("2026-11", secret.id)).toBe(secretBefore + 6);
    expect(await appMonthRow("2026-11")).toBe(appBefore + 6);
  });

  it("a thread reply counts its parent channel's readers", async () => {
    pin("2026-11-06T10:00:00.000Z");
    const { owner, community, members, generalChannelId } = await makeCommunity(4);
    const [member, seated] = members;
    // public parent: the community's 5 members, minus the author
    const starter = await send(member, generalChannelId, "Where do we meet?");
    const thread = await createThread(member, { messageId: starter.id });
    // private parent: owner + one seat
    const secret = await createChannel(owner, {
      communityId: community.id,
      name: "pair",
      kind: "PRIVATE",
      memberIds: [seated.userId],
    });
    const secretStarter = await send(seated, secret.id, "Just us");
    const secretThread = await createThread(seated, { messageId: secretStarter.id });
    await flushUsage();
    const appBefore = await appMonthRow("2026-11");
    const [generalBefore, secretBefore] = [
      await channelDeliveries("2026-11", generalChannelId),
      await channelDeliveries("2026-11", secret.id),
    ];

    await send(owner, thread.id, "At the station");
    await send(seated, secretThread.id, "Noon?");
    await flushUsage();
    // counted for the channel each thread belongs to: no row of a thread's own
    expect(await channelDeliveries("2026-11", generalChannelId)).toBe(generalBefore + 4);
    expect((await channelMonthRow("2026-11", generalChannelId))!.communityId).toBe(community.id);
    expect(await channelDeliveries("2026-11", secret.id)).toBe(secretBefore + 1);
    expect(await channelMonthRow("2026-11", thread.id)).toBeNull();
    expect(await channelMonthRow("2026-11", secretThread.id)).toBeNull();
    expect(await appMonthRow("2026-11")).toBe(appBefore + 5);
  });
});

describe("months and days follow the domain clock (UTC)", () => {
  it("a send at 23:59 on October 31 and one at 00:00 on November 1 land in different months and days", async () => {
    pin("2026-10-20T10:00:00.000Z");
    const { owner, generalChannelId } = await makeCommunity(3);
    await flushUsage();
    const [octBefore, novBefore] = [await appMonthRow("2026-10"), await appMonthRow("2026-11")];
    const [day31Before, day1Before] = [await dayRow("2026-10-31"), await dayRow("2026-11-01")];
    // the setup's system messages were counted in October: the sends are measured from here
    const [octChannelBefore, novChannelBefore] = [
      await channelDeliveries("2026-10", generalChannelId),
      await channelDeliveries("2026-11", generalChannelId),
    ];

    pin("2026-10-31T23:59:00.000Z");
    await send(owner, generalChannelId, "last minute of October");
    expect(await monthDeliveries()).toBe(octBefore + 3);
    pin("2026-11-01T00:00:00.000Z");
    await send(owner, generalChannelId, "first minute of November");
    await send(owner, generalChannelId, "and another");
    // both days held at once, written in one flush
    await flushUsage();

    expect(await appMonthRow("2026-10")).toBe(octBefore + 3);
    expect(await appMonthRow("2026-11")).toBe(novBefore + 6);
    expect(await channelDeliveries("2026-10", generalChannelId)).toBe(octChannelBefore + 3);
    expect(await channelDeliveries("2026-11", generalChannelId)).toBe(novChannelBefore + 6);
    expect(await dayRow("2026-10-31")).toEqual({
      messages: day31Before.messages + 1,
      deliveries: day31Before.deliveries + 3,
    });
    expect(await dayRow("2026-11-01")).toEqual({
      messages: day1Before.messages + 2,
      deliveries: day1Before.deliveries + 6,
    });
    expect(
      await db.dailyActiveUser.count({ where: { userId: owner.userId, day: { in: ["2026-10-31", "2026-11-01"] } } }),
    ).toBe(2);
    expect(await monthDeliveries(new Date("2026-10-15T00:00:00Z"))).toBe(octBefore + 3);
    expect(await monthDeliveries()).toBe(novBefore + 6);
  });
});

describe("billing a month with an upgrade and a downgrade in the middle", () => {
  /** updatePlan at an instant of the domain clock (PlanChange.createdAt is stamped from it). */
  async function changePlanAt(iso: string, input: Parameters<typeof updatePlan>[1]) {
    const at = pin(iso);
    await updatePlan(appAdmin(), input);
    expect((await db.planChange.findFirstOrThrow({ orderBy: { id: "desc" } })).createdAt).toEqual(at);
  }

  it("each add-on is billed at the highest setting seen in its month", async () => {
    await changePlanAt("2026-09-05T09:00:00.000Z", { channelsPerCommunity: 500, membersPerCommunity: null });
    await changePlanAt("2026-09-20T09:00:00.000Z", { channelsPerCommunity: 200, membersPerCommunity: 100_000 });
    pin("2026-10-10T12:00:00.000Z");

    const september = await getBillingMonth(appAdmin(), "2026-09");
    expect(september.month).toBe("2026-09");
    expect(september.settings).toMatchObject({
      channelsPerCommunity: 500,
      membersPerCommunity: null,
      communitiesPerUser: 100,
      monthlyDownstreamQuota: QUOTA,
    });
    const sept = Object.fromEntries(september.lines.map((line) => [line.addOn, line]));
    expect(sept["+100 channels per community"]).toMatchObject({ units: 4, domestic: 12_000, overseas: 36_000 });
    expect(sept["Unlimited members per community"]).toMatchObject({
      units: 1,
      domestic: 6_000,
      overseas: 18_000,
      detail: "unlimited",
    });
    expect(sept["+100 communities per user"]).toMatchObject({ units: 0, domestic: 0, overseas: 0 });
    expect(sept["+10 million downstream messages (quota)"]).toMatchObject({ units: 0, domestic: 0 });
    expect(sept["+10 million downstream messages (overage)"]).toMatchObject({ units: 0, domestic: 0 });
    expect(september.total).toEqual({ domestic: 18_000, overseas: 54_000 });

    const october = await getBillingMonth(appAdmin(), "2026-10");
    expect(october.settings).toMatchObject({ channelsPerCommunity: 200, membersPerCommunity: 100_000 });
    const oct = Object.fromEntries(october.lines.map((line) => [line.addOn, line]));
    expect(oct["+100 channels per community"]).toMatchObject({ units: 1, domestic: 3_000, overseas: 9_000 });
    expect(oct["Unlimited members per community"]).toMatchObject({ units: 0, domestic: 0, overseas: 0 });
    expect(october.total).toEqual({ domestic: 3_000, overseas: 9_000 });
    // the default month is the clock's
    expect((await getBillingMonth(appAdmin())).month).toBe("2026-10");

    expect(october.months.slice(0, 2)).toEqual(["2026-10", "2026-09"]);
    expect(september.months).toEqual(october.months);
    expect(PRICES.channels).toEqual({ domestic: 3_000, overseas: 9_000 });
  });
});

describe("the monthly downstream quota", () => {
  it("REFUSE: a send that would pass the quota is refused with 6002052 and nothing of it is stored or counted", async () => {
    pin("2026-11-10T10:00:00.000Z");
    await updatePlan(appAdmin(), { monthlyDownstreamQuota: QUOTA, overQuotaMode: "REFUSE" });
    const three = await makeCommunity(3); // a send reaches 3 readers
    const one = await makeCommunity(1); // a send reaches 1 reader
    await setStoredMonthTotal("2026-11", QUOTA - 4);
    expect(await monthDeliveries()).toBe(QUOTA - 4);
    // the joins' system messages are in the channel's row already; the sends are measured from here
    const channelBefore = await channelDeliveries("2026-11", three.generalChannelId);

    expect(await codeOf(send(three.owner, three.generalChannelId, "fits"))).toBe("ok");
    expect(await monthDeliveries()).toBe(QUOTA - 1);
    const refusedNonce = nonce();
    const refused = await send(three.owner, three.generalChannelId, "too many readers", refusedNonce).catch(toFailure);
    expect(refused).toMatchObject({ code: ErrorCode.DOWNSTREAM_QUOTA_EXCEEDED });
    expect(ErrorCode.DOWNSTREAM_QUOTA_EXCEEDED).toBe(6002052);
    expect(await db.message.count({ where: { authorId: three.owner.userId, nonce: refusedNonce } })).toBe(0);
    expect(await db.message.count({ where: { channelId: three.generalChannelId, type: "TEXT" } })).toBe(1);
    await flushUsage();
    expect(await appMonthRow("2026-11")).toBe(QUOTA - 1);
    expect(await monthDeliveries()).toBe(QUOTA - 1);
    expect(await channelDeliveries("2026-11", three.generalChannelId)).toBe(channelBefore + 3);

    // exactly up to the quota passes; one past it does not
    expect(await codeOf(send(one.owner, one.generalChannelId, "the last one"))).toBe("ok");
    expect(await codeOf(send(one.owner, one.generalChannelId, "one too many"))).toBe(
      ErrorCode.DOWNSTREAM_QUOTA_EXCEEDED,
    );
    await flushUsage();
    expect(await appMonthRow("2026-11")).toBe(QUOTA);

    // raising the quota applies to the next send at once (updatePlan clears the send path's cached plan)
    await updatePlan(appAdmin(), { monthlyDownstreamQuota: QUOTA + STEP });
    expect(await codeOf(send(three.owner, three.generalChannelId, "room again"))).toBe("ok");
    await flushUsage();
    expect(await appMonthRow("2026-11")).toBe(QUOTA + 3);

    await updatePlan(appAdmin(), { monthlyDownstreamQuota: QUOTA });
    // November is billed at its highest quota (one bought step), and nothing past it is overage
    const november = await getBillingMonth(appAdmin(), "2026-11");
    const lines = Object.fromEntries(november.lines.map((l) => [l.addOn, l]));
    expect(november.settings.monthlyDownstreamQuota).toBe(QUOTA + STEP);
    expect(lines["+10 million downstream messages (quota)"]).toMatchObject({ units: 1, domestic: 200, overseas: 600 });
    expect(lines["+10 million downstream messages (overage)"]).toMatchObject({ units: 0, domestic: 0, overseas: 0 });

    // next month starts from zero
    pin("2026-12-01T00:00:00.000Z");
    expect(await monthDeliveries()).toBe(0);
    expect(await codeOf(send(three.owner, three.generalChannelId, "new month"))).toBe("ok");
  });

  it("REFUSE under concurrency: of simultaneous sends for the last room exactly one passes; refused and failed sends count nothing", async () => {
    pin("2026-11-12T10:00:00.000Z");
    await updatePlan(appAdmin(), { monthlyDownstreamQuota: QUOTA, overQuotaMode: "REFUSE" });
    const three = await makeCommunity(3);
    await setStoredMonthTotal("2026-11", QUOTA - 4);
    // a send that passes the check and then fails (a reply to a message that does not exist) gives its room back
    expect(
      await codeOf(
        sendMessage(three.owner, {
          channelId: three.generalChannelId,
          content: "x",
          nonce: nonce(),
          replyToId: "01HZZZZZZZZZZZZZZZZZZZZZZZ",
        }),
      ),
    ).toBe(ErrorCode.REPLY_TARGET_INVALID);
    const results = await Promise.all(
      [1, 2, 3, 4].map((i) => codeOf(send(three.owner, three.generalChannelId, `race ${i}`))),
    );
    expect(results.filter((r) => r === "ok")).toHaveLength(1);
    expect(results.filter((r) => r === ErrorCode.DOWNSTREAM_QUOTA_EXCEEDED)).toHaveLength(3);
    await flushUsage();
    expect(await appMonthRow("2026-11")).toBe(QUOTA - 1);
  });

  it('a member joining by invite: General\'s "member joined" counts the members after the join minus one, makes no one active, and is never refused by the quota', async () => {
    pin("2026-11-20T10:00:00.000Z");
    await updatePlan(appAdmin(), { monthlyDownstreamQuota: QUOTA, overQuotaMode: "REFUSE" });
    const { owner, community, generalChannelId } = await makeCommunity(2);
    const joiner = await makeUser("joiner");
    const invite = await createInvite(owner, { communityId: community.id });
    await setStoredMonthTotal("2026-11", QUOTA);
    const channelBefore = await channelDeliveries("2026-11", generalChannelId);
    const dayBefore = await dayRow("2026-11-20");
    const activeBefore = await db.dailyActiveUser.count({ where: { day: "2026-11-20" } });
    // the month is at the quota: a member's send is refused
    expect(await codeOf(send(owner, generalChannelId, "no room"))).toBe(ErrorCode.DOWNSTREAM_QUOTA_EXCEEDED);

    expect(await acceptInvite(joiner, invite.code)).toMatchObject({ joined: true });
    const { memberCount } = await db.community.findUniqueOrThrow({
      where: { id: community.id },
      select: { memberCount: true },
    });
    expect(memberCount).toBe(4);
    expect(
      await db.message.count({ where: { channelId: generalChannelId, type: "SYSTEM", authorId: joiner.userId } }),
    ).toBe(1);
    // counted past the quota, held in memory before the write
    expect(await monthDeliveries()).toBe(QUOTA + memberCount - 1);

    await flushUsage();
    expect(await appMonthRow("2026-11")).toBe(QUOTA + memberCount - 1);
    expect(await channelDeliveries("2026-11", generalChannelId)).toBe(channelBefore + memberCount - 1);
    expect(await dayRow("2026-11-20")).toEqual({
      messages: dayBefore.messages + 1,
      deliveries: dayBefore.deliveries + memberCount - 1,
    });
    expect(
      await db.dailyActiveUser.findUnique({ where: { day_userId: { day: "2026-11-20", userId: joiner.userId } } }),
    ).toBeNull();
    expect(await db.dailyActiveUser.count({ where: { day: "2026-11-20" } })).toBe(activeBefore);
    expect(await monthDeliveries()).toBe(QUOTA + memberCount - 1);
  });

  it("ALLOW: sends pass the quota and are counted; the month's bill charges the overage in 10-million steps", async () => {
    pin("2026-12-15T10:00:00.000Z");
    await updatePlan(appAdmin(), { monthlyDownstreamQuota: QUOTA, overQuotaMode: "ALLOW" });
    const { owner, generalChannelId } = await makeCommunity(3);
    await setStoredMonthTotal("2026-12", QUOTA - 4);

    for (let i = 0; i < 3; i++) expect(await codeOf(send(owner, generalChannelId, `past ${i}`))).toBe("ok");
    expect(await monthDeliveries()).toBe(QUOTA + 5);
    await flushUsage();
    expect(await appMonthRow("2026-12")).toBe(QUOTA + 5);

    const overageOf = async () => {
      const bill = await getBillingMonth(appAdmin(), "2026-12");
      return { bill, line: bill.lines.find((line) => line.addOn === "+10 million downstream messages (overage)")! };
    };
    // 5 past the quota: one (started) step
    let { bill, line } = await overageOf();
    expect(bill.deliveries).toBe(QUOTA + 5);
    expect(line).toMatchObject({ units: 1, domestic: 200, overseas: 600 });

    await setStoredMonthTotal("2026-12", QUOTA + STEP);
    ({ line } = await overageOf());
    expect(line).toMatchObject({ units: 1, domestic: 200, overseas: 600 });

    await setStoredMonthTotal("2026-12", QUOTA + 15_000_000);
    ({ bill, line } = await overageOf());
    expect(line).toMatchObject({ units: 2, domestic: 400, overseas: 1_200 });
    expect(bill.total).toEqual({ domestic: 400, overseas: 1_200 });

    await setStoredMonthTotal("2026-12", QUOTA);
    ({ line } = await overageOf());
    expect(line).toMatchObject({ units: 0, domestic: 0, overseas: 0 });

    // a bought quota step is billed, and the overage counts past the raised quota
    await updatePlan(appAdmin(), { monthlyDownstreamQuota: QUOTA + STEP });
    await setStoredMonthTotal("2026-12", QUOTA + 15_000_000);
    ({ bill } = await overageOf());
    const lines = Object.fromEntries(bill.lines.map((l) => [l.addOn, l]));
    expect(lines["+10 million downstream messages (quota)"]).toMatchObject({ units: 1, domestic: 200, overseas: 600 });
    expect(lines["+10 million downstream messages (overage)"]).toMatchObject({
      units: 1,
      domestic: 200,
      overseas: 600,
    });
  });
});

describe("billing and usage views", () => {
  it("getBillingMonth refuses a malformed or future month and anyone but an app administrator", async () => {
    pin("2026-11-12T10:00:00.000Z");
    const admin = appAdmin();
    for (const month of ["2026-13", "2026-00", "2026-1", "26-11", "2026/11", "november", "2026-11-01", ""]) {
      expect(await codeOf(getBillingMonth(admin, month)), JSON.stringify(month)).toBe(ErrorCode.INVALID_INPUT);
    }
    expect(await codeOf(getBillingMonth(admin, "2026-12"))).toBe(ErrorCode.INVALID_INPUT);
    expect(await codeOf(getBillingMonth(admin, "2027-01"))).toBe(ErrorCode.INVALID_INPUT);
    expect(await codeOf(getBillingMonth(admin, "2026-11"))).toBe("ok");
    expect(await codeOf(getBillingMonth(admin, "2026-10"))).toBe("ok");

    const someone = await makeUser("someone");
    expect(await codeOf(getBillingMonth(someone))).toBe(ErrorCode.APP_ADMIN_ONLY);
    expect(await codeOf(getBillingMonth(someone, "2026-11"))).toBe(ErrorCode.APP_ADMIN_ONLY);
    expect(await codeOf(getUsageDashboard(someone))).toBe(ErrorCode.APP_ADMIN_ONLY);
    expect(await codeOf(quotaStatus(someone))).toBe(ErrorCode.APP_ADMIN_ONLY);
  });

  it("getUsageDashboard shows a day's messages, deliveries and active users, rising community and channel counts, and the month against the quota", async () => {
    // pinned at the real instant: communities and channels carry real creation times
    const today = pin(new Date().toISOString());
    const day = today.toISOString().slice(0, 10);
    const admin = appAdmin();
    await setStoredMonthTotal(day.slice(0, 7), 1_000);
    const before = await getUsageDashboard(admin);
    expect(before.monthDeliveries).toBe(1_000);
    expect(before.days).toHaveLength(30);
    expect(before.days.at(-1)!.day).toBe(day);

    const { owner, members, community, generalChannelId } = await makeCommunity(3);
    await createChannel(owner, { communityId: community.id, name: "more" });
    // the setup's system messages (3 joins, #more created) are delivered and counted, but make no one active
    const setUp = await getUsageDashboard(admin, 7);
    const [was, ready] = [before.days.at(-1)!, setUp.days.at(-1)!];
    expect(ready.activeUsers).toBe(was.activeUsers);
    expect(ready.messages).toBe(was.messages + 4);
    expect(ready.deliveries).toBe(was.deliveries + 9); // joins reach 1, 2 and 3 others; #more's creation 3
    await send(owner, generalChannelId);
    await send(members[0], generalChannelId);
    await send(members[0], generalChannelId);

    const after = await getUsageDashboard(admin, 7);
    expect(after.days).toHaveLength(7);
    const now = after.days.at(-1)!;
    expect(now.day).toBe(day);
    expect(now.messages).toBe(ready.messages + 3);
    expect(now.deliveries).toBe(ready.deliveries + 9);
    expect(now.activeUsers).toBe(ready.activeUsers + 2);
    expect(now.communities).toBe(was.communities + 1);
    expect(now.channels).toBe(was.channels + 2); // general and #more
    for (let i = 1; i < after.days.length; i++) {
      expect(after.days[i].communities).toBeGreaterThanOrEqual(after.days[i - 1].communities);
      expect(after.days[i].channels).toBeGreaterThanOrEqual(after.days[i - 1].channels);
    }
    expect(after.month).toBe(day.slice(0, 7));
    expect(after.monthDeliveries).toBe(setUp.monthDeliveries + 9);
    expect(after.monthDeliveries).toBe(await appMonthRow(day.slice(0, 7)));
    expect(after.quota).toBe(QUOTA);
    expect(after.overQuotaMode).toBe("REFUSE");
    expect(after.topChannels.map((c) => c.channelId)).toContain(generalChannelId);
  });

  it("a conversation's messages count against the quota like a channel's; the dashboard counts no community for it and names it without its people", async () => {
    // pinned at the real instant: communities and channels carry real creation times
    const today = pin(new Date().toISOString());
    const month = today.toISOString().slice(0, 7);
    const admin = appAdmin();
    const { owner, members } = await makeCommunity(2);
    await flushUsage();
    const before = await getUsageDashboard(admin, 7);
    const group = await startConversation(owner, { userIds: members.map((m) => m.userId), name: "secret plans" });
    for (let i = 0; i < 30; i++) await send(owner, group.channelId, `plan ${i}`);
    await send(members[0], group.channelId, "agreed");
    await flushUsage();

    expect(await channelDeliveries(month, group.channelId)).toBe(31 * 2);
    const after = await getUsageDashboard(admin, 7);
    expect(after.monthDeliveries).toBe(before.monthDeliveries + 31 * 2);
    expect(after.days.at(-1)!.communities).toBe(before.days.at(-1)!.communities);
    expect(after.days.at(-1)!.channels).toBe(before.days.at(-1)!.channels);
    const listed = after.topChannels.find((c) => c.channelId === group.channelId);
    expect(listed?.name).toBe("A group conversation");
    expect(after.topChannels.map((c) => c.name).join(" ")).not.toContain("secret plans");
  });

  it("quotaStatus answers null below 80 % of the quota and the usage from 80 % on", async () => {
    pin("2026-11-13T10:00:00.000Z");
    const admin = appAdmin();
    await setStoredMonthTotal("2026-11", QUOTA * 0.8 - 1);
    expect(await quotaStatus(admin)).toBeNull();

    await setStoredMonthTotal("2026-11", QUOTA * 0.8);
    expect(await quotaStatus(admin)).toEqual({ used: QUOTA * 0.8, quota: QUOTA, percent: 80 });

    // what this process holds counts before it is written
    const { owner, generalChannelId } = await makeCommunity(3);
    await setStoredMonthTotal("2026-11", QUOTA - 3);
    await send(owner, generalChannelId);
    expect(await quotaStatus(admin)).toEqual({ used: QUOTA, quota: QUOTA, percent: 100 });

    await updatePlan(admin, { monthlyDownstreamQuota: 300_000_000 });
    expect(await quotaStatus(admin)).toBeNull();
  });
});
