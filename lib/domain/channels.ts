import { now } from "../clock";
import { db } from "../db";
import { AppError, ErrorCode } from "../errors";
import { newId } from "../ids";
import { addRoomToRooms, addUserToRooms, closeRooms, publish, removeUserFromRooms } from "../realtime/publish";
import { rooms } from "../realtime/rooms";
import { fileStorage } from "../storage";
import {
  categoryRefSchema,
  categorySchema,
  channelAttributesSchema,
  channelLayoutSchema,
  channelMembersSchema,
  createChannelSchema,
  idSchema,
  renameCategorySchema,
  updateChannelSchema,
  type ChannelAttributesInput,
  type ChannelLayoutInput,
  type CreateChannelInput,
  type RenameCategoryInput,
  type UpdateChannelInput,
} from "../schemas/community";
import type { CategoryDTO, ChannelDTO } from "../dto";
import { requireManager, requireReadableChannel } from "./access";
import type { Actor, DbClient } from "./actor";
import { channelAttributeStore, readAttributes, writeAttributes } from "./internal/attributes";
import {
  announceChannelUpdate,
  audienceOf,
  requireManagedChannel,
  toCategoryDTO,
  toChannelDTO,
} from "./internal/channels";
import { currentPlan } from "./internal/plan";
import { postSystemMessage } from "./internal/system-messages";
import { roomsOfChannels } from "./internal/threads";
import { inTransaction } from "./internal/transaction";

// A pure mapper: the channel page renders the channel requireReadableChannel answered.
export { toChannelDTO };

async function requireMembersOf(communityId: string, userIds: string[], client: DbClient) {
  const found = await client.member.findMany({
    where: { communityId, userId: { in: userIds } },
    select: { userId: true },
  });
  if (found.length !== new Set(userIds).size) {
    throw new AppError(ErrorCode.NOT_IN_COMMUNITY, "Only members of this community can be added to its channels.");
  }
}

async function requireCategoryOf(communityId: string, categoryId: string, client: DbClient) {
  const category = await client.channelCategory.findUnique({ where: { id: categoryId } });
  if (!category) throw new AppError(ErrorCode.INVALID_INPUT, "That category does not exist any more.");
  if (category.communityId !== communityId)
    throw new AppError(ErrorCode.INVALID_INPUT, "That category is not in this community.");
}

/**
 * Owner and admins: creates a public or private channel (6001007 for others, 6001064 at the
 * channel limit: a conditional update, so concurrent creations cannot overshoot it).
 */
export async function createChannel(actor: Actor, input: CreateChannelInput): Promise<ChannelDTO> {
  const data = createChannelSchema.parse(input);
  return inTransaction(async (tx, afterCommit) => {
    await requireManager(actor, data.communityId, tx);
    if (data.categoryId) await requireCategoryOf(data.communityId, data.categoryId, tx);
    const memberIds = data.kind === "PRIVATE" ? [...new Set(data.memberIds)] : [];
    if (memberIds.length) await requireMembersOf(data.communityId, memberIds, tx);
    const { channelsPerCommunity } = await currentPlan(tx);
    const seats = await tx.community.updateManyAndReturn({
      where: { id: data.communityId, channelCount: { lt: channelsPerCommunity } },
      data: { channelCount: { increment: 1 } },
      select: { channelCount: true },
    });
    if (seats.length === 0) {
      throw new AppError(
        ErrorCode.CHANNEL_COUNT_LIMIT,
        `This community has reached the limit of ${channelsPerCommunity.toLocaleString("en-US")} channels.`,
      );
    }
    const channel = await tx.channel.create({
      data: {
        id: newId(),
        communityId: data.communityId,
        categoryId: data.categoryId ?? null,
        name: data.name,
        topic: data.topic,
        kind: data.kind,
        position: seats[0].channelCount - 1,
        members: { create: memberIds.map((userId) => ({ userId })) },
      },
    });
    const dto = toChannelDTO(channel);
    afterCommit(async () => {
      const audience = await audienceOf(channel);
      if (channel.kind === "PRIVATE") addRoomToRooms(audience, [rooms.readers(channel.id)]);
      for (const room of audience) publish(room, "channel:created", dto);
      await postSystemMessage(channel, actor.userId, { kind: "channelCreated", channelName: channel.name });
    });
    return dto;
  });
}

function muteEnds(duration: number | null | undefined, current: Date | null) {
  if (duration === undefined) return current;
  return duration === null ? null : new Date(now().getTime() + duration * 1000);
}

/** Owner and admins: name, topic, category, mute mode (with roles and duration) and slowmode. */
export async function updateChannel(actor: Actor, input: UpdateChannelInput): Promise<ChannelDTO> {
  const { channelId, muteDurationSeconds, mutedRoles, ...changes } = updateChannelSchema.parse(input);
  return inTransaction(async (tx, afterCommit) => {
    const current = await requireManagedChannel(actor, channelId, tx);
    if (changes.categoryId) await requireCategoryOf(current.communityId, changes.categoryId, tx);
    const mode = changes.muteMode ?? current.muteMode;
    const channel = await tx.channel.update({
      where: { id: channelId },
      data: {
        ...changes,
        ...(mutedRoles ? { mutedRoles: [...new Set(mutedRoles)] } : {}),
        ...(changes.muteMode === "NONE"
          ? { muteUntil: null }
          : mode !== "NONE"
            ? { muteUntil: muteEnds(muteDurationSeconds, current.muteUntil) }
            : {}),
      },
    });
    afterCommit(() => announceChannelUpdate(channel));
    return toChannelDTO(channel);
  });
}

/** Readers of the channel: its attributes, by key. */
export async function getChannelAttributes(actor: Actor, channelId: string) {
  const { channel } = await requireReadableChannel(actor, idSchema.parse(channelId));
  return readAttributes(channelAttributeStore(db, channel.id));
}

/**
 * Owner and admins: sets and removes up to 10 channel attributes at once, judged per key like a
 * community's (6001008 too many, 6001009 key too long, 6001010 value too long).
 */
export async function setChannelAttributes(actor: Actor, input: ChannelAttributesInput) {
  const { channelId, set, remove } = channelAttributesSchema.parse(input);
  return db.$transaction(async (tx) => {
    await requireManagedChannel(actor, channelId, tx);
    return writeAttributes(channelAttributeStore(tx, channelId), { set, remove });
  });
}

/** Owner and admins: deletes a channel and its messages. General cannot be deleted (6001065). */
export async function deleteChannel(actor: Actor, channelId: string) {
  const closing = await roomsOfChannels([idSchema.parse(channelId)]); // its threads go with it
  return inTransaction(async (tx, afterCommit) => {
    const channel = await requireManagedChannel(actor, channelId, tx);
    if (channel.kind === "GENERAL")
      throw new AppError(ErrorCode.GENERAL_CHANNEL, "The General channel cannot be deleted.");
    const audience = await audienceOf(channel, tx);
    await tx.channel.delete({ where: { id: channel.id } });
    await tx.community.update({ where: { id: channel.communityId }, data: { channelCount: { decrement: 1 } } });
    afterCommit(async () => {
      for (const room of audience)
        publish(room, "channel:deleted", { communityId: channel.communityId, channelId: channel.id });
      closeRooms(closing);
      if (channel.avatarPath)
        await fileStorage()
          .delete(channel.avatarPath)
          .catch(() => {});
    });
    return { channelId: channel.id };
  });
}

/** Owner and admins: adds community members to a private channel; they see it at once. */
export async function addChannelMembers(actor: Actor, input: { channelId: string; userIds: string[] }) {
  const { channelId, userIds } = channelMembersSchema.parse(input);
  return inTransaction(async (tx, afterCommit) => {
    const channel = await requireManagedChannel(actor, channelId, tx);
    if (channel.kind !== "PRIVATE")
      throw new AppError(ErrorCode.INVALID_INPUT, "Only private channels have their own members.");
    await requireMembersOf(channel.communityId, userIds, tx);
    await tx.channelMember.createMany({
      data: userIds.map((userId) => ({ channelId, userId, addedAt: now() })),
      skipDuplicates: true,
    });
    afterCommit(async () => {
      const dto = toChannelDTO(channel);
      for (const userId of userIds) {
        addUserToRooms(userId, [rooms.readers(channelId)]);
        publish(rooms.user(userId), "channel:created", dto);
      }
      await announceChannelUpdate(channel); // readers' member panels reload
    });
    return { channelId, added: userIds.length };
  });
}

/** Owner and admins: removes members from a private channel; their tabs lose it at once. */
export async function removeChannelMembers(actor: Actor, input: { channelId: string; userIds: string[] }) {
  const { channelId, userIds } = channelMembersSchema.parse(input);
  return inTransaction(async (tx, afterCommit) => {
    const channel = await requireManagedChannel(actor, channelId, tx);
    if (channel.kind !== "PRIVATE")
      throw new AppError(ErrorCode.INVALID_INPUT, "Only private channels have their own members.");
    await tx.channelMember.deleteMany({ where: { channelId, userId: { in: userIds } } });
    afterCommit(async () => {
      const managers = await db.member.findMany({
        where: { communityId: channel.communityId, userId: { in: userIds }, role: { in: ["OWNER", "ADMIN"] } },
        select: { userId: true },
      });
      const stillReaders = new Set(managers.map((m) => m.userId)); // owner and admins read every channel
      const leaving = await roomsOfChannels([channelId]); // the channel's threads too
      for (const userId of userIds.filter((id) => !stillReaders.has(id))) {
        removeUserFromRooms(userId, leaving);
        publish(rooms.user(userId), "channel:deleted", { communityId: channel.communityId, channelId });
      }
      await announceChannelUpdate(channel); // readers' member panels reload
    });
    return { channelId, removed: userIds.length };
  });
}

/** Whoever can read the private channel: its members (owner and admins read it without a seat). */
export async function listChannelMembers(actor: Actor, channelId: string) {
  const { channel } = await requireReadableChannel(actor, channelId);
  if (channel.kind !== "PRIVATE")
    throw new AppError(ErrorCode.INVALID_INPUT, "Only private channels have their own members.");
  const seats = await db.channelMember.findMany({
    where: { channelId },
    orderBy: { addedAt: "asc" },
    take: 500,
    include: { user: { select: { id: true, username: true, displayName: true } } },
  });
  return seats.map((seat) => seat.user);
}

/** Owner and admins: a new, empty category at the end. */
export async function createCategory(actor: Actor, input: { communityId: string; name: string }) {
  const { communityId, name } = categorySchema.parse(input);
  return inTransaction(async (tx, afterCommit) => {
    await requireManager(actor, communityId, tx);
    const count = await tx.channelCategory.count({ where: { communityId } });
    if (count >= (await currentPlan(tx)).channelsPerCommunity)
      throw new AppError(ErrorCode.CHANNEL_COUNT_LIMIT, "This community has as many categories as it may.");
    const category = await tx.channelCategory.create({ data: { id: newId(), communityId, name, position: count } });
    afterCommit(() => announceCategories(communityId));
    return toCategoryDTO(category);
  });
}

/** Owner and admins: renames a category (1 … 100 characters). */
export async function renameCategory(actor: Actor, input: RenameCategoryInput): Promise<CategoryDTO> {
  const { communityId, categoryId, name } = renameCategorySchema.parse(input);
  return inTransaction(async (tx, afterCommit) => {
    await requireManager(actor, communityId, tx);
    await requireCategoryOf(communityId, categoryId, tx);
    const category = await tx.channelCategory.update({ where: { id: categoryId }, data: { name } });
    afterCommit(() => announceCategories(communityId));
    return toCategoryDTO(category);
  });
}

/** Owner and admins: removes a category; its channels stay, without a category. */
export async function deleteCategory(actor: Actor, input: { communityId: string; categoryId: string }) {
  const { communityId, categoryId } = categoryRefSchema.parse(input);
  return inTransaction(async (tx, afterCommit) => {
    await requireManager(actor, communityId, tx);
    await requireCategoryOf(communityId, categoryId, tx);
    const { count } = await tx.channel.updateMany({ where: { communityId, categoryId }, data: { categoryId: null } });
    await tx.channelCategory.delete({ where: { id: categoryId } });
    afterCommit(() => announceCategories(communityId));
    return { categoryId, movedChannels: count };
  });
}

/**
 * Owner and admins: the sidebar order. Every group names a category of this community (or null)
 * and the channels in it, in order; channels not named keep their place after the named ones.
 */
export async function arrangeChannels(actor: Actor, input: ChannelLayoutInput) {
  const { communityId, groups } = channelLayoutSchema.parse(input);
  return inTransaction(async (tx, afterCommit) => {
    await requireManager(actor, communityId, tx);
    const channels = await tx.channel.findMany({ where: { communityId, parentId: null }, select: { id: true } });
    const categories = await tx.channelCategory.findMany({ where: { communityId }, select: { id: true } });
    const ownChannels = new Set(channels.map((c) => c.id));
    const ownCategories = new Set(categories.map((c) => c.id));
    let position = 0;
    let categoryPosition = 0;
    for (const group of groups) {
      if (group.categoryId !== null) {
        if (!ownCategories.has(group.categoryId))
          throw new AppError(ErrorCode.INVALID_INPUT, "That category is not in this community.");
        await tx.channelCategory.update({ where: { id: group.categoryId }, data: { position: categoryPosition++ } });
      }
      for (const channelId of group.channelIds) {
        if (!ownChannels.has(channelId))
          throw new AppError(ErrorCode.CHANNEL_NOT_IN_COMMUNITY, "That channel is not in this community.");
        await tx.channel.update({
          where: { id: channelId },
          data: { position: position++, categoryId: group.categoryId },
        });
      }
    }
    afterCommit(() => announceCategories(communityId));
    return { communityId };
  });
}

/** After commit: the community's tabs reload its categories and channel order. */
function announceCategories(communityId: string) {
  publish(rooms.community(communityId), "category:changed", { communityId });
}
