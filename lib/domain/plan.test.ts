import { afterEach, describe, expect, it } from "vitest";
import { now } from "../clock";
import { db } from "../db";
import { ErrorCode, toFailure } from "../errors";
import { makeCommunity, makeUser, unique } from "../testing/factories";
import { useOwnDatabase } from "../testing/own-database";
import type { Actor } from "./actor";
import { createChannel } from "./channels";
import { createCommunity, updateCommunity } from "./communities";
import { joinOpenCommunity } from "./joining";
import { isAppAdmin } from "./app-admins";
import { currentPlan } from "./internal/plan";
import { getPlan, listPlanChanges, updatePlan } from "./plan";
import type { UpdatePlanInput } from "../schemas/plan";

// The plan is app-wide: this file changes it in a database of its own.
useOwnDatabase();

const codeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (error) => toFailure(error).code,
  );

/** The first account of this (empty) database administers it. */
let adminActor: Actor | null = null;
async function appAdmin() {
  adminActor ??= await makeUser("first");
  return adminActor;
}

afterEach(async () => {
  // every test starts from SPEC's defaults
  await db.appPlan.update({
    where: { id: "app" },
    data: {
      membersPerCommunity: 100_000,
      channelsPerCommunity: 100,
      communitiesPerUser: 100,
      communityNameLength: 300,
      communityNoticeLength: 500,
      monthlyDownstreamQuota: 200_000_000n,
      overQuotaMode: "REFUSE",
    },
  });
  delete process.env.APP_ADMINS;
});

describe("app administrators", () => {
  it("are the first account of an empty installation and whoever APP_ADMINS names; nobody else sees the plan", async () => {
    const admin = await appAdmin();
    const second = await makeUser("second");
    expect(await isAppAdmin(admin)).toBe(true);
    expect(await isAppAdmin(second)).toBe(false);
    // one at a time (started together, a refusal while another is awaited goes unhandled)
    for (const attempt of [
      () => getPlan(second),
      () => updatePlan(second, { channelsPerCommunity: 500 }),
      () => listPlanChanges(second),
    ]) {
      expect(await codeOf(attempt())).toBe(ErrorCode.APP_ADMIN_ONLY);
    }
    expect((await currentPlan()).channelsPerCommunity).toBe(100);
    expect(await db.planChange.count()).toBe(0);

    process.env.APP_ADMINS = ` someone, ${second.username.toUpperCase()} `;
    expect(await isAppAdmin(second)).toBe(true);
    expect((await getPlan(second)).channelsPerCommunity).toBe(100);
  });
});

describe("plan settings", () => {
  it("take only what SPEC.md offers: each setting at its bounds passes, one step past is refused", async () => {
    const admin = await appAdmin();
    const valid: UpdatePlanInput[] = [
      { membersPerCommunity: null },
      { membersPerCommunity: 100_000 as const },
      { channelsPerCommunity: 100 },
      { channelsPerCommunity: 1_000 },
      { communitiesPerUser: 500 },
      { communityNameLength: 10 },
      { communityNameLength: 1_000 },
      { communityNoticeLength: 5_000 },
      { monthlyDownstreamQuota: 200_000_000 },
      { monthlyDownstreamQuota: 210_000_000 },
      { overQuotaMode: "ALLOW" as const },
    ];
    for (const change of valid) expect(await codeOf(updatePlan(admin, change)), JSON.stringify(change)).toBe("ok");
    const invalid: object[] = [
      { membersPerCommunity: 50_000 },
      { membersPerCommunity: 100_001 },
      { channelsPerCommunity: 0 },
      { channelsPerCommunity: 1_100 },
      { channelsPerCommunity: 150 },
      { communitiesPerUser: 600 },
      { communitiesPerUser: 99 },
      { communityNameLength: 9 },
      { communityNameLength: 1_001 },
      { communityNoticeLength: 5_001 },
      { monthlyDownstreamQuota: 190_000_000 },
      { monthlyDownstreamQuota: 205_000_000 },
      { overQuotaMode: "MAYBE" },
      { channelsPerCommunity: "200" },
      { somethingElse: 1 },
    ];
    for (const change of invalid)
      expect(await codeOf(updatePlan(admin, change as never)), JSON.stringify(change)).toBe(ErrorCode.INVALID_INPUT);
  });

  it("record who changed what, from what to what, newest first; an unchanged value is not a change", async () => {
    const admin = await appAdmin();
    const before = await db.planChange.count();
    await updatePlan(admin, { channelsPerCommunity: 300, communitiesPerUser: 100 });
    await updatePlan(admin, { channelsPerCommunity: 300 });
    await updatePlan(admin, { membersPerCommunity: null, monthlyDownstreamQuota: 250_000_000 });
    expect(await db.planChange.count()).toBe(before + 2);
    const { changes } = await listPlanChanges(admin, { limit: 2 });
    expect(changes.map((c) => c.changes)).toEqual([
      {
        membersPerCommunity: { from: 100_000, to: null },
        monthlyDownstreamQuota: { from: 200_000_000, to: 250_000_000 },
      },
      { channelsPerCommunity: { from: 100, to: 300 } },
    ]);
    expect(changes[0].actor.id).toBe(admin.userId);
    expect(new Date(changes[0].createdAt).getTime()).toBeGreaterThan(now().getTime() - 60_000);
  });
});

describe("raising and lowering limits (SPEC.md)", () => {
  it("channels raised to 500, 300 created, lowered to 200: the community keeps its 300 and cannot add more; a new community stops at 200", async () => {
    const admin = await appAdmin();
    await updatePlan(admin, { channelsPerCommunity: 500 });
    const early = await makeCommunity();
    // 299 channels besides General, through the counter the limit reads (creating 300 rows one by one adds nothing)
    await db.community.update({ where: { id: early.community.id }, data: { channelCount: 299 } });
    await createChannel(early.owner, { communityId: early.community.id, name: "the-300th" });
    expect((await db.community.findUniqueOrThrow({ where: { id: early.community.id } })).channelCount).toBe(300);

    await updatePlan(admin, { channelsPerCommunity: 200 });
    // nothing is deleted or hidden
    expect((await db.community.findUniqueOrThrow({ where: { id: early.community.id } })).channelCount).toBe(300);
    expect(await db.channel.count({ where: { communityId: early.community.id } })).toBe(2);
    expect(await codeOf(createChannel(early.owner, { communityId: early.community.id, name: "one-more" }))).toBe(
      ErrorCode.CHANNEL_COUNT_LIMIT,
    );

    const late = await makeCommunity();
    await db.community.update({ where: { id: late.community.id }, data: { channelCount: 199 } });
    expect(await codeOf(createChannel(late.owner, { communityId: late.community.id, name: "the-200th" }))).toBe("ok");
    expect(await codeOf(createChannel(late.owner, { communityId: late.community.id, name: "the-201st" }))).toBe(
      ErrorCode.CHANNEL_COUNT_LIMIT,
    );

    // raised again: at once, everywhere
    await updatePlan(admin, { channelsPerCommunity: 400 });
    expect(await codeOf(createChannel(early.owner, { communityId: early.community.id, name: "back-in" }))).toBe("ok");
  });

  it("under concurrency the raised channel limit still admits exactly one creation for the last slot", async () => {
    const admin = await appAdmin();
    await updatePlan(admin, { channelsPerCommunity: 700 });
    const { owner, community } = await makeCommunity();
    await db.community.update({ where: { id: community.id }, data: { channelCount: 699 } });
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map((i) => createChannel(owner, { communityId: community.id, name: `race-${i}` })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await db.community.findUniqueOrThrow({ where: { id: community.id } })).channelCount).toBe(700);
  });

  it("members: unlimited lets a community past 100,000; back at 100,000 it keeps its members and admits nobody new", async () => {
    const admin = await appAdmin();
    const { owner, community } = await makeCommunity();
    await updateCommunity(owner, { communityId: community.id, joinMode: "OPEN" });
    await db.community.update({ where: { id: community.id }, data: { memberCount: 100_000 } });
    const first = await makeUser("joiner");
    expect(await codeOf(joinOpenCommunity(first, community.id))).toBe(ErrorCode.MEMBER_COUNT_LIMIT);

    await updatePlan(admin, { membersPerCommunity: null });
    expect(await codeOf(joinOpenCommunity(first, community.id))).toBe("ok");
    expect((await db.community.findUniqueOrThrow({ where: { id: community.id } })).memberCount).toBe(100_001);

    await updatePlan(admin, { membersPerCommunity: 100_000 });
    expect(await db.member.count({ where: { communityId: community.id, userId: first.userId } })).toBe(1);
    expect(await codeOf(joinOpenCommunity(await makeUser("late"), community.id))).toBe(ErrorCode.MEMBER_COUNT_LIMIT);
  });

  it("communities per user: raised to 200, a user at 100 joins one more; lowered, they keep all and join no more", async () => {
    const admin = await appAdmin();
    const { owner, community } = await makeCommunity();
    await updateCommunity(owner, { communityId: community.id, joinMode: "OPEN" });
    const user = await makeUser("busy");
    await db.user.update({ where: { id: user.userId }, data: { communityCount: 100 } });
    expect(await codeOf(joinOpenCommunity(user, community.id))).toBe(ErrorCode.COMMUNITY_COUNT_LIMIT);
    await updatePlan(admin, { communitiesPerUser: 200 });
    expect(await codeOf(joinOpenCommunity(user, community.id))).toBe("ok");
    await updatePlan(admin, { communitiesPerUser: 100 });
    expect(await db.member.count({ where: { userId: user.userId } })).toBe(1);
    expect(await codeOf(createCommunity(user, { name: unique("Mine") }))).toBe(ErrorCode.COMMUNITY_COUNT_LIMIT);
  });

  it("name and notice lengths: lowered, new names past them are refused with the field's message; existing ones stay", async () => {
    const admin = await appAdmin();
    const { owner, community } = await makeCommunity();
    const long = "L".repeat(120);
    await updateCommunity(owner, { communityId: community.id, name: long });
    await updatePlan(admin, { communityNameLength: 100, communityNoticeLength: 20 });

    const refused = await createCommunity(owner, { name: "N".repeat(101) }).catch(toFailure);
    expect(refused).toMatchObject({
      code: ErrorCode.INVALID_INPUT,
      fieldErrors: { name: ["Community name must be at most 100 characters."] },
    });
    expect(await codeOf(createCommunity(owner, { name: "N".repeat(100) }))).toBe("ok");
    expect(await codeOf(updateCommunity(owner, { communityId: community.id, notice: "x".repeat(21) }))).toBe(
      ErrorCode.INVALID_INPUT,
    );
    // the long name stays, and other settings still change, also when the form sends the name unchanged
    expect(await codeOf(updateCommunity(owner, { communityId: community.id, joinMode: "OPEN" }))).toBe("ok");
    expect(
      await codeOf(
        updateCommunity(owner, { communityId: community.id, name: long, notice: "", allowMemberInvites: false }),
      ),
    ).toBe("ok");
    expect((await db.community.findUniqueOrThrow({ where: { id: community.id } })).name).toBe(long);
  });
});
