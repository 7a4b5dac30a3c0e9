import { describe, expect, it } from "vitest";
import { db } from "../db";
import { ErrorCode } from "../errors";
import { makeCommunity, makeUser } from "../testing/factories";
import { updateCommunity } from "./communities";
import { joinOpenCommunity } from "./joining";
import { currentPlan } from "./internal/plan";

const settle = (jobs: Array<Promise<unknown>>) => Promise.allSettled(jobs);
const codes = (results: PromiseSettledResult<unknown>[]) =>
  results
    .filter((r): r is PromiseRejectedResult => r.status === "rejected")
    .map((r) => (r.reason as { code?: number }).code);

describe("limits under concurrency", () => {
  it("of many simultaneous joins into the last seat exactly one succeeds; the others get 6001032", async () => {
    const { owner, community } = await makeCommunity();
    await updateCommunity(owner, { communityId: community.id, joinMode: "OPEN" });
    await db.community.update({
      where: { id: community.id },
      data: { memberCount: (await currentPlan()).membersPerCommunity! - 1 },
    });
    const users = await Promise.all(Array.from({ length: 8 }, (_, i) => makeUser(`racer${i}`)));
    const results = await settle(users.map((user) => joinOpenCommunity(user, community.id)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(codes(results)).toEqual(Array(7).fill(ErrorCode.MEMBER_COUNT_LIMIT));
    const after = await db.community.findUniqueOrThrow({ where: { id: community.id } });
    expect(after.memberCount).toBe((await currentPlan()).membersPerCommunity!);
    expect(await db.member.count({ where: { communityId: community.id } })).toBe(2);
    // the losers' own community seats were rolled back
    for (const user of users) {
      const row = await db.user.findUniqueOrThrow({ where: { id: user.userId } });
      expect(row.communityCount).toBe(await db.member.count({ where: { userId: user.userId } }));
    }
  });

  it("a user one seat below their community limit joining several at once gets exactly one; the others 6001012", async () => {
    const communities = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const { owner, community } = await makeCommunity();
        await updateCommunity(owner, { communityId: community.id, joinMode: "OPEN" });
        return community;
      }),
    );
    const user = await makeUser("joiner");
    await db.user.update({
      where: { id: user.userId },
      data: { communityCount: (await currentPlan()).communitiesPerUser! - 1 },
    });
    const results = await settle(communities.map((community) => joinOpenCommunity(user, community.id)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(codes(results)).toEqual(Array(5).fill(ErrorCode.COMMUNITY_COUNT_LIMIT));
    expect((await db.user.findUniqueOrThrow({ where: { id: user.userId } })).communityCount).toBe(
      (await currentPlan()).communitiesPerUser!,
    );
    expect(await db.member.count({ where: { userId: user.userId } })).toBe(1);
  });
});
