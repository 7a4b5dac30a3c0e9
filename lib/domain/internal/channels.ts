import { db, type Prisma } from "../../db";
import { AppError, ErrorCode } from "../../errors";
import { publish } from "../../realtime/publish";
import { rooms } from "../../realtime/rooms";
import { idSchema } from "../../schemas/community";
import type { CategoryDTO, ChannelDTO, Role } from "../../dto";
import { requireManager, requireReadableChannel } from "../access";
import type { Actor, DbClient } from "../actor";

/** What channels.ts shares with communities, members and avatars: DTOs, audiences, the manager check. */

export type ChannelRow = Prisma.ChannelGetPayload<object>;

export const toChannelDTO = (channel: ChannelRow): ChannelDTO => ({
  id: channel.id,
  communityId: channel.communityId,
  categoryId: channel.categoryId,
  name: channel.name,
  topic: channel.topic,
  kind: channel.kind,
  position: channel.position,
  muteMode: channel.muteMode,
  mutedRoles: channel.mutedRoles as Role[],
  muteUntil: channel.muteUntil?.toISOString() ?? null,
  slowmodeSeconds: channel.slowmodeSeconds,
  avatarUrl: channelAvatarUrl(channel),
});

/**
 * Channel avatars go through an access-checked route (a private channel's avatar is part of it);
 * the file's id in the query makes each upload a new URL.
 */
const channelAvatarUrl = (channel: { id: string; avatarPath: string | null }) =>
  channel.avatarPath
    ? `/api/channels/${channel.id}/avatar?v=${channel.avatarPath
        .split("/")
        .at(-1)!
        .replace(/\.webp$/, "")}`
    : null;

/** Rooms that may hear about a channel: the community, or for a private one its managers and members. */
export async function audienceOf(channel: { id: string; communityId: string; kind: string }, client: DbClient = db) {
  if (channel.kind !== "PRIVATE") return [rooms.community(channel.communityId)];
  const seats = await client.channelMember.findMany({ where: { channelId: channel.id }, select: { userId: true } });
  return [rooms.managers(channel.communityId), ...seats.map((seat) => rooms.user(seat.userId))];
}

/** After commit: readers of the channel hear its new name, topic, settings or avatar. */
export async function announceChannelUpdate(channel: ChannelRow) {
  const dto = toChannelDTO(channel);
  for (const room of await audienceOf(channel)) publish(room, "channel:updated", dto);
  return dto;
}

/**
 * Owner and admins of the channel's community. Readability is asked first, so a member who cannot
 * read a private channel hears "does not exist" (6001062), never "no permission".
 */
export async function requireManagedChannel(actor: Actor, channelId: string, client: DbClient = db) {
  const { channel } = await requireReadableChannel(actor, idSchema.parse(channelId), client);
  // Threads have their own settings (threads.ts); as channels they do not exist.
  if (channel.kind === "THREAD") throw new AppError(ErrorCode.CHANNEL_NOT_FOUND, "This channel does not exist.");
  await requireManager(actor, channel.communityId, client);
  return channel;
}

export const toCategoryDTO = (row: {
  id: string;
  communityId: string;
  name: string;
  position: number;
}): CategoryDTO => ({
  id: row.id,
  communityId: row.communityId,
  name: row.name,
  position: row.position,
});

/** The categories of a community, in order (members). */
export async function listCategories(communityId: string, client: DbClient = db): Promise<CategoryDTO[]> {
  const rows = await client.channelCategory.findMany({
    where: { communityId },
    orderBy: [{ position: "asc" }, { id: "asc" }],
  });
  return rows.map(toCategoryDTO);
}
