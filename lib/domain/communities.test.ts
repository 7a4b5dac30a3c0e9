import { describe, expect, it } from "vitest";
import { db } from "../db";
import { ErrorCode, toFailure } from "../errors";
import { makeCommunity, makeUser, unique } from "../testing/factories";
import { createChannel } from "./channels";
import { createCommunity, getCommunityView, listMyCommunities } from "./communities";

describe("communities", () => {
  it("creating a community makes the creator its Owner and creates a General channel", async () => {
    const owner = await makeUser("owner");
    const name = unique("Guild");
    const { community, generalChannelId } = await createCommunity(owner, { name, notice: "  Be kind  " });
    expect(community).toMatchObject({ name, notice: "Be kind", role: "OWNER", memberCount: 1 });

    const members = await db.member.findMany({ where: { communityId: community.id } });
    expect(members).toEqual([expect.objectContaining({ userId: owner.userId, role: "OWNER" })]);
    const channels = await db.channel.findMany({ where: { communityId: community.id } });
    expect(channels).toEqual([expect.objectContaining({ id: generalChannelId, kind: "GENERAL", name: "general" })]);
    expect((await listMyCommunities(owner)).map((c) => c.id)).toContain(community.id);
  });

  it("refuses empty and overlong names with readable messages", async () => {
    const owner = await makeUser("owner");
    const empty = toFailure(await createCommunity(owner, { name: "   " }).catch((e) => e));
    expect(empty).toMatchObject({ code: ErrorCode.INVALID_INPUT, message: "Community name is required." });
    const long = toFailure(await createCommunity(owner, { name: "x".repeat(301) }).catch((e) => e));
    expect(long).toMatchObject({
      code: ErrorCode.INVALID_INPUT,
      message: "Community name must be at most 300 characters.",
    });
  });

  it("owner and admins create public channels; members get 6001007; non-members 6001005", async () => {
    const { owner, community, members } = await makeCommunity(2);
    const channel = await createChannel(owner, { communityId: community.id, name: "Off Topic", topic: "anything" });
    expect(channel).toMatchObject({ name: "off-topic", kind: "PUBLIC", position: 1 });

    await db.member.update({
      where: { communityId_userId: { communityId: community.id, userId: members[1].userId } },
      data: { role: "ADMIN" },
    });
    await expect(
      createChannel(members[1], { communityId: community.id, name: "admins-made-this" }),
    ).resolves.toMatchObject({
      position: 2,
    });
    await expect(createChannel(members[0], { communityId: community.id, name: "nope" })).rejects.toMatchObject({
      code: ErrorCode.NO_PERMISSION,
    });
    const outsider = await makeUser("outsider");
    await expect(createChannel(outsider, { communityId: community.id, name: "nope" })).rejects.toMatchObject({
      code: ErrorCode.NOT_IN_COMMUNITY,
    });
    await expect(createChannel(owner, { communityId: "missing", name: "nope" })).rejects.toMatchObject({
      code: ErrorCode.COMMUNITY_NOT_FOUND,
    });
    const view = await getCommunityView(owner, community.id);
    expect(view.channels.map((c) => c.name)).toEqual(["general", "off-topic", "admins-made-this"]);
  });

  it("a non-member cannot see the community view", async () => {
    const { community } = await makeCommunity();
    const outsider = await makeUser("outsider");
    await expect(getCommunityView(outsider, community.id)).rejects.toMatchObject({ code: ErrorCode.NOT_IN_COMMUNITY });
  });

  it("private channels are hidden from members who are not in them", async () => {
    const { owner, community, members } = await makeCommunity(1);
    const secret = await db.channel.create({
      data: { id: unique("ch"), communityId: community.id, name: "staff", kind: "PRIVATE", position: 5 },
    });
    expect((await getCommunityView(members[0], community.id)).channels.map((c) => c.id)).not.toContain(secret.id);
    expect((await getCommunityView(owner, community.id)).channels.map((c) => c.id)).toContain(secret.id);
    await db.channelMember.create({ data: { channelId: secret.id, userId: members[0].userId } });
    expect((await getCommunityView(members[0], community.id)).channels.map((c) => c.id)).toContain(secret.id);
  });
});
