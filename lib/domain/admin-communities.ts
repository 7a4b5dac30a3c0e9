import { now } from "../clock";
import { db, type Prisma } from "../db";
import { AppError, ErrorCode } from "../errors";
import { publish } from "../realtime/publish";
import { rooms } from "../realtime/rooms";
import type { AdminCommunityDTO, AdminCommunityPage, UserSummary } from "../dto";
import { adminCommunityListSchema, idSchema, type AdminCommunityListInput } from "../schemas/community";
import type { Actor } from "./actor";
import { requireAppAdmin } from "./app-admins";
import { infoSelect, toInfo } from "./internal/communities";

const person = { select: { id: true, username: true, displayName: true } } as const;
const adminSelect = {
  ...infoSelect,
  channelCount: true,
  createdAt: true,
  owner: person,
  disabledBy: person,
} satisfies Prisma.CommunitySelect;
type AdminRow = Prisma.CommunityGetPayload<{ select: typeof adminSelect }>;

const toAdminDTO = (row: AdminRow): AdminCommunityDTO => ({
  id: row.id,
  name: row.name,
  notice: row.notice,
  owner: row.owner as UserSummary,
  memberCount: row.memberCount,
  channelCount: row.channelCount,
  joinMode: row.joinMode,
  createdAt: row.createdAt.toISOString(),
  disabledAt: row.disabledAt?.toISOString() ?? null,
  disabledBy: (row.disabledBy as UserSummary | null) ?? null,
});

/**
 * App administrators: every community, newest first, a keyset page at a time; `query` finds names
 * containing it (case-insensitive).
 */
export async function listAllCommunities(
  actor: Actor,
  input: AdminCommunityListInput = {},
): Promise<AdminCommunityPage> {
  await requireAppAdmin(actor);
  const { query, cursor, limit } = adminCommunityListSchema.parse(input);
  const rows = await db.community.findMany({
    where: {
      kind: "COMMUNITY",
      ...(query ? { name: { contains: query, mode: "insensitive" } } : {}),
      ...(cursor ? { id: { lt: cursor } } : {}),
    },
    orderBy: { id: "desc" },
    take: limit + 1,
    select: adminSelect,
  });
  const page = rows.slice(0, limit);
  return { communities: page.map(toAdminDTO), nextCursor: rows.length > limit ? page.at(-1)!.id : null };
}

/** App administrators: one community, whoever owns it (6001004 for an unknown id). */
export async function getCommunityForAdmin(actor: Actor, communityId: string): Promise<AdminCommunityDTO> {
  await requireAppAdmin(actor);
  const row = await db.community.findUnique({
    where: { id: idSchema.parse(communityId), kind: "COMMUNITY" },
    select: adminSelect,
  });
  if (!row) throw new AppError(ErrorCode.COMMUNITY_NOT_FOUND, "This community does not exist.");
  return toAdminDTO(row);
}

/**
 * App administrators disable a community (its members keep reading it, with a notice, but nothing
 * in it changes: no sends, reactions, edits, settings, invites or joins) or enable it again.
 * Members' open tabs hear it at once.
 */
export async function setCommunityDisabled(
  actor: Actor,
  input: { communityId: string; disabled: boolean },
): Promise<AdminCommunityDTO> {
  await requireAppAdmin(actor);
  const communityId = idSchema.parse(input?.communityId);
  const disabled = input.disabled === true;
  const exists = await db.community.findUnique({ where: { id: communityId, kind: "COMMUNITY" }, select: { id: true } });
  if (!exists) throw new AppError(ErrorCode.COMMUNITY_NOT_FOUND, "This community does not exist.");
  const row = await db.community.update({
    where: { id: communityId },
    data: disabled ? { disabledAt: now(), disabledById: actor.userId } : { disabledAt: null, disabledById: null },
    select: adminSelect,
  });
  publish(rooms.community(communityId), "community:updated", toInfo(row));
  return toAdminDTO(row);
}
