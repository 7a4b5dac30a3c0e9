import { db } from "../db";
import { AppError, ErrorCode } from "../errors";
import { newId } from "../ids";
import { limits } from "../limits";
import { addUserToRoom, publish } from "../realtime/publish";
import { rooms } from "../realtime/rooms";
import { createCommunitySchema, type CreateCommunityInput } from "../schemas/community";
import type { ChannelDTO, CommunityDTO } from "../dto";
import { listReadableChannels, requireMember } from "./access";
import type { Actor, DbClient } from "./actor";

export const toChannelDTO = (channel: ChannelDTO & Record<string, unknown>): ChannelDTO => ({
  id: channel.id,
  communityId: channel.communityId,
  name: channel.name,
  topic: channel.topic,
  kind: channel.kind,
  position: channel.position,
});

/**
 * Takes one of the user's community seats inside the caller's transaction (a conditional update,
 * so concurrent joins cannot overshoot the limit); 6001012 when none is left.
 */
export async function takeCommunitySeat(userId: string, tx: DbClient) {
  const { count } = await tx.user.updateMany({
    where: { id: userId, communityCount: { lt: limits.communitiesPerUser } },
    data: { communityCount: { increment: 1 } },
  });
  if (count === 0) {
    throw new AppError(
      ErrorCode.COMMUNITY_COUNT_LIMIT,
      `You are already in ${limits.communitiesPerUser} communities, the most allowed. Leave one first.`,
    );
  }
}

/** Any signed-in user: creates a community; the actor becomes its Owner and a General channel is made. */
export async function createCommunity(actor: Actor, input: CreateCommunityInput) {
  const data = createCommunitySchema.parse(input);
  const communityId = newId();
  const general = { id: newId(), name: "general", kind: "GENERAL" as const, position: 0 };
  const community = await db.$transaction(async (tx) => {
    await takeCommunitySeat(actor.userId, tx);
    return tx.community.create({
      data: {
        id: communityId,
        name: data.name,
        notice: data.notice,
        ownerId: actor.userId,
        memberCount: 1,
        channelCount: 1,
        members: { create: { userId: actor.userId, role: "OWNER" } },
        channels: { create: general },
      },
    });
  });
  const dto: CommunityDTO = { id: community.id, name: community.name, notice: community.notice, memberCount: 1, role: "OWNER" };
  addUserToRoom(actor.userId, rooms.community(community.id));
  publish(rooms.user(actor.userId), "community:joined", dto);
  return { community: dto, generalChannelId: general.id };
}

/** The actor: their communities, oldest membership first (the rail's order). */
export async function listMyCommunities(actor: Actor): Promise<CommunityDTO[]> {
  const memberships = await db.member.findMany({
    where: { userId: actor.userId },
    orderBy: { joinedAt: "asc" },
    include: { community: { select: { id: true, name: true, notice: true, memberCount: true } } },
  });
  return memberships.map(({ community, role }) => ({ ...community, role }));
}

/** Members only: the community with the channels the actor can read. */
export async function getCommunityView(actor: Actor, communityId: string) {
  const { member, channels } = await listReadableChannels(actor, communityId);
  const community = await db.community.findUniqueOrThrow({
    where: { id: communityId },
    select: { id: true, name: true, notice: true, memberCount: true, allowMemberInvites: true },
  });
  return {
    community: { ...community, role: member.role } satisfies CommunityDTO & { allowMemberInvites: boolean },
    channels: channels.map(toChannelDTO),
  };
}

/** Members only: the General channel (where a community opens). */
export async function getGeneralChannelId(actor: Actor, communityId: string) {
  await requireMember(actor, communityId);
  const general = await db.channel.findFirst({ where: { communityId, kind: "GENERAL" }, select: { id: true } });
  if (!general) throw new AppError(ErrorCode.CHANNEL_NOT_FOUND, "This community has no General channel.");
  return general.id;
}
