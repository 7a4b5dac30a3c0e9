import { now } from "../clock";
import { db } from "../db";
import { AppError, ErrorCode } from "../errors";
import { newId } from "../ids";
import { addUserToRooms, closeRooms, publish } from "../realtime/publish";
import { channelRooms, rooms } from "../realtime/rooms";
import {
  attributesSchema,
  createCommunitySchema,
  dismissCommunitySchema,
  updateCommunitySchema,
  type AttributesInput,
  type CreateCommunityInput,
  type UpdateCommunityInput,
} from "../schemas/community";
import type { CommunityDTO, CommunityInfo } from "../dto";
import { listReadableChannels, requireManager, requireMember, requireOwner } from "./access";
import type { Actor } from "./actor";
import { communityAttributeStore, readAttributes, writeAttributes } from "./internal/attributes";
import { recordAudit } from "./internal/audit";
import { listCategories, toChannelDTO } from "./internal/channels";
import { avatarUrl, infoSelect, toInfo } from "./internal/communities";
import { removalMessages, takeCommunitySeat } from "./internal/membership";
import { currentPlan, requireProfileWithinPlan } from "./internal/plan";
import { inTransaction } from "./internal/transaction";

/** Any signed-in user: creates a community; the actor becomes its Owner and a General channel is made. */
export async function createCommunity(actor: Actor, input: CreateCommunityInput) {
  const data = createCommunitySchema.parse(input);
  requireProfileWithinPlan(data, await currentPlan());
  const communityId = newId();
  const general = { id: newId(), name: "general", kind: "GENERAL" as const, position: 0 };
  return inTransaction(async (tx, afterCommit) => {
    const user = await tx.user.findUniqueOrThrow({
      where: { id: actor.userId },
      select: { displayName: true, defaultNotify: true },
    });
    await takeCommunitySeat(actor.userId, tx);
    const community = await tx.community.create({
      data: {
        id: communityId,
        name: data.name,
        notice: data.notice,
        ownerId: actor.userId,
        memberCount: 1,
        channelCount: 1,
        members: {
          create: {
            userId: actor.userId,
            role: "OWNER",
            sortName: user.displayName.toLowerCase(),
            notify: user.defaultNotify,
            joinedAt: now(),
          },
        },
        channels: { create: general },
      },
    });
    const dto: CommunityDTO = {
      id: community.id,
      name: community.name,
      notice: community.notice,
      memberCount: 1,
      role: "OWNER",
      avatarUrl: null,
    };
    afterCommit(() => {
      addUserToRooms(actor.userId, [rooms.community(community.id), rooms.managers(community.id)]);
      publish(rooms.user(actor.userId), "community:joined", dto);
    });
    return { community: dto, generalChannelId: general.id };
  });
}

/** The actor: their communities (not their conversations), oldest membership first (the rail's order). */
export async function listMyCommunities(actor: Actor): Promise<CommunityDTO[]> {
  const memberships = await db.member.findMany({
    where: { userId: actor.userId, community: { kind: "COMMUNITY" } },
    orderBy: { joinedAt: "asc" },
    include: { community: { select: { id: true, name: true, notice: true, memberCount: true, avatarPath: true } } },
  });
  return memberships.map(({ community, role }) => ({
    id: community.id,
    name: community.name,
    notice: community.notice,
    memberCount: community.memberCount,
    role,
    avatarUrl: avatarUrl(community.avatarPath),
  }));
}

/**
 * Members only: the community with the channels the actor can read and the actor's own standing;
 * `kind` says whether it is a direct or group conversation instead.
 */
export async function getCommunityView(actor: Actor, communityId: string) {
  const { member, channels } = await listReadableChannels(actor, communityId);
  const { kind, ...community } = await db.community.findUniqueOrThrow({
    where: { id: communityId },
    select: { ...infoSelect, kind: true },
  });
  return {
    kind,
    community: { ...toInfo(community), role: member.role } satisfies CommunityInfo & CommunityDTO,
    mutedUntil:
      member.mutedUntil && member.mutedUntil.getTime() > now().getTime() ? member.mutedUntil.toISOString() : null,
    channels: channels.map(toChannelDTO),
    categories: await listCategories(communityId),
  };
}

/** Members only: the General channel (where a community opens). */
export async function getGeneralChannelId(actor: Actor, communityId: string) {
  await requireMember(actor, communityId);
  const general = await db.channel.findFirst({ where: { communityId, kind: "GENERAL" }, select: { id: true } });
  if (!general) throw new AppError(ErrorCode.CHANNEL_NOT_FOUND, "This community has no General channel.");
  return general.id;
}

/** Members: the overview (read-only for members); attributes included. A conversation has none (6001004). */
export async function getCommunitySettings(actor: Actor, communityId: string) {
  const member = await requireMember(actor, communityId);
  const community = await db.community.findUnique({
    where: { id: communityId, kind: "COMMUNITY" },
    select: { ...infoSelect, owner: { select: { id: true, username: true, displayName: true } } },
  });
  if (!community) throw new AppError(ErrorCode.COMMUNITY_NOT_FOUND, "This community does not exist.");
  return {
    community: toInfo(community),
    owner: community.owner,
    attributes: await readAttributes(communityAttributeStore(db, communityId)),
    role: member.role,
  };
}

/** Owner and admins: name, notice, join mode, member invites. Pushed to the community's room. */
export async function updateCommunity(actor: Actor, input: UpdateCommunityInput): Promise<CommunityInfo> {
  const { communityId, ...changes } = updateCommunitySchema.parse(input);
  return inTransaction(async (tx, afterCommit) => {
    await requireManager(actor, communityId, tx);
    const before = await tx.community.findUniqueOrThrow({ where: { id: communityId }, select: infoSelect });
    // only new text must fit the plan: a name or notice kept as it is stays, even above a lowered limit
    requireProfileWithinPlan(
      {
        name: changes.name !== before.name ? changes.name : undefined,
        notice: changes.notice !== before.notice ? changes.notice : undefined,
      },
      await currentPlan(tx),
    );
    const row = await tx.community.update({ where: { id: communityId }, data: changes, select: infoSelect });
    const changed = Object.fromEntries(
      Object.entries(changes).filter(
        ([key, value]) => value !== undefined && before[key as keyof typeof before] !== value,
      ),
    );
    if (Object.keys(changed).length)
      await recordAudit(tx, { communityId, actorId: actor.userId, action: "community.update", details: changed });
    const info = toInfo(row);
    afterCommit(() => publish(rooms.community(communityId), "community:updated", info));
    return info;
  });
}

/**
 * Owner and admins: sets and removes several attributes at once. Each key is judged on its own
 * (6001008 too many, 6001009 key too long, 6001010 value too long); the valid ones are applied.
 */
export async function setCommunityAttributes(actor: Actor, input: AttributesInput) {
  const { communityId, set, remove } = attributesSchema.parse(input);
  return db.$transaction(async (tx) => {
    await requireManager(actor, communityId, tx);
    const result = await writeAttributes(communityAttributeStore(tx, communityId), { set, remove });
    await recordAudit(tx, {
      communityId,
      actorId: actor.userId,
      action: "community.attributes",
      details: { set: Object.keys(set), remove },
    });
    return result;
  });
}

/** Owner only, confirmed by typing the name: deletes the community; every member loses access at once. */
export async function dismissCommunity(actor: Actor, input: { communityId: string; confirmName: string }) {
  const { communityId, confirmName } = dismissCommunitySchema.parse(input);
  return inTransaction(async (tx, afterCommit) => {
    await requireOwner(actor, communityId, tx);
    const community = await tx.community.findUniqueOrThrow({ where: { id: communityId }, select: { name: true } });
    if (confirmName.trim() !== community.name) {
      throw new AppError(ErrorCode.INVALID_INPUT, "Type the community's name exactly to confirm.", {
        confirmName: ["The name does not match."],
      });
    }
    const members = await tx.member.findMany({ where: { communityId }, select: { userId: true } });
    const channels = await tx.channel.findMany({ where: { communityId }, select: { id: true } });
    await tx.user.updateMany({
      where: { id: { in: members.map((m) => m.userId) } },
      data: { communityCount: { decrement: 1 } },
    });
    await tx.community.delete({ where: { id: communityId } });
    afterCommit(() => {
      const message = removalMessages.dismissed(community.name);
      publish(rooms.community(communityId), "community:removed", { communityId, reason: "dismissed", message });
      closeRooms([
        rooms.community(communityId),
        rooms.managers(communityId),
        ...channels.flatMap((c) => channelRooms(c.id)),
      ]);
    });
    return { communityId, memberCount: members.length };
  });
}
