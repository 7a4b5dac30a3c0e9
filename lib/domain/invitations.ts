import { now } from "../clock";
import { db } from "../db";
import { AppError, ErrorCode } from "../errors";
import { newId } from "../ids";
import { publish } from "../realtime/publish";
import { rooms } from "../realtime/rooms";
import type { CommunityDTO, InvitationDTO } from "../dto";
import { invitationListSchema, invitationRefSchema, type InvitationListInput, type InvitationRefInput } from "../schemas/invitations";
import { isStorableText } from "../schemas/text";
import { findMembership } from "./access";
import { isUniqueViolation, type Actor, type DbClient } from "./actor";
import { recordAudit } from "./audit";
import { listBlockedIds } from "./blocks";
import { admitMember, announceJoin, avatarUrl, communityDTOFor, toMemberDTO } from "./membership";

/**
 * Pending invitations by user (SPEC "Joining"): an invitation by username asks the invited person,
 * who accepts (and joins, within every limit) or declines. Only the invited person ever sees one;
 * the inviter and the community learn nothing of the answer.
 */

/** Pending invitations one user may create per hour, across every community. */
export const INVITATIONS_PER_HOUR = 100;
const HOUR_MS = 3_600_000;

const invitationInclude = {
  community: { select: { id: true, name: true, avatarPath: true, memberCount: true } },
  inviter: { select: { id: true, username: true, displayName: true } },
} as const;

type InvitationRow = {
  id: string;
  createdAt: Date;
  community: { id: string; name: string; avatarPath: string | null; memberCount: number };
  inviter: InvitationDTO["inviter"];
};

const toInvitationDTO = (row: InvitationRow): InvitationDTO => ({
  id: row.id,
  community: { id: row.community.id, name: row.community.name, avatarUrl: avatarUrl(row.community.avatarPath), memberCount: row.community.memberCount },
  inviter: row.inviter,
  createdAt: row.createdAt.toISOString(),
});

// Unknown ids and other users' invitations answer alike: nobody learns that someone else was invited.
const notFound = () => new AppError(ErrorCode.INVITATION_NOT_FOUND, "This invitation does not exist or was already answered.");

/**
 * 6002029 (with the wait) once the inviter created INVITATIONS_PER_HOUR invitations in the last hour.
 * Counts the rows still pending: an answered invitation is deleted and no longer counts.
 */
export async function requireInvitationBudget(inviterId: string, client: DbClient = db) {
  const since = new Date(now().getTime() - HOUR_MS);
  const recent = await client.invitation.count({ where: { inviterId, createdAt: { gt: since } } });
  if (recent < INVITATIONS_PER_HOUR) return;
  const oldest = await client.invitation.findFirst({ where: { inviterId, createdAt: { gt: since } }, orderBy: { createdAt: "asc" }, select: { createdAt: true } });
  const waitMs = Math.max(0, (oldest?.createdAt.getTime() ?? now().getTime()) + HOUR_MS - now().getTime());
  const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
  throw new AppError(
    ErrorCode.RATE_LIMITED,
    `You have sent ${INVITATIONS_PER_HOUR} invitations in the last hour. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`,
    undefined,
    waitMs,
  );
}

/**
 * For inviteUsers (lib/domain/joining.ts), after its permission and per-user checks: a pending
 * invitation of `userId` to the community, and a live notice to their tabs. Idempotent: inviting
 * again keeps the first invitation and sends no second notice. A user who blocked the inviter gets
 * nothing, and the inviter is not told (blocking is personal).
 */
export async function createInvitation(actor: Actor, communityId: string, userId: string): Promise<void> {
  const blocked = await db.userBlock.findUnique({ where: { blockerId_blockedId: { blockerId: userId, blockedId: actor.userId } }, select: { blockerId: true } });
  if (blocked) return;
  if (await db.invitation.findUnique({ where: { communityId_userId: { communityId, userId } }, select: { id: true } })) return;
  let row: InvitationRow;
  try {
    row = await db.$transaction(async (tx) => {
      // one inviter's concurrent invitations take turns, so the hourly count cannot be overshot
      await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${actor.userId} FOR UPDATE`;
      await requireInvitationBudget(actor.userId, tx);
      const created = await tx.invitation.create({
        data: { id: newId(), communityId, userId, inviterId: actor.userId, createdAt: now() },
        include: invitationInclude,
      });
      await recordAudit(tx, { communityId, actorId: actor.userId, action: "invitation.create", targetUserId: userId });
      return created;
    });
  } catch (error) {
    // invited by someone else at the same moment: one pending invitation is enough
    if (isUniqueViolation(error)) return;
    throw error;
  }
  publish(rooms.user(userId), "invitation:created", toInvitationDTO(row));
}

const encodeCursor = (row: { createdAt: Date; id: string }) => Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString("base64url");

function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const parts = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parts) && parts.length === 2 && parts.every((p) => typeof p === "string" && isStorableText(p))) {
      const at = new Date(parts[0]);
      if (!Number.isNaN(at.getTime())) return { at, id: parts[1] };
    }
  } catch {
    // fall through
  }
  throw new AppError(ErrorCode.INVALID_INPUT, "This page cursor is not valid.");
}

/** What the invited user's list shows: not from people they blocked, not to communities that banned them. */
async function visibleTo(actor: Actor) {
  const blocked = await listBlockedIds(actor);
  return {
    userId: actor.userId,
    community: { bans: { none: { userId: actor.userId } } },
    ...(blocked.length ? { inviterId: { notIn: blocked } } : {}),
  };
}

/** Any signed-in user: their own pending invitations, newest first, by cursor (keyset on createdAt, id). */
export async function listMyInvitations(actor: Actor, input: InvitationListInput = {}): Promise<{ invitations: InvitationDTO[]; nextCursor: string | null }> {
  const { cursor, limit } = invitationListSchema.parse(input);
  const after = cursor ? decodeCursor(cursor) : null;
  const rows = await db.invitation.findMany({
    where: { ...(await visibleTo(actor)), ...(after ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    include: invitationInclude,
  });
  const page = rows.slice(0, limit);
  return { invitations: page.map(toInvitationDTO), nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!) : null };
}

/** Any signed-in user: how many pending invitations their list shows (the rail's badge). */
export async function countMyInvitations(actor: Actor): Promise<number> {
  return db.invitation.count({ where: await visibleTo(actor) });
}

/** The invitation, if it is the actor's own; 6002023 otherwise (unknown or someone else's alike). */
async function ownInvitation(actor: Actor, invitationId: string) {
  const invitation = await db.invitation.findUnique({ where: { id: invitationId }, select: { id: true, userId: true, communityId: true } });
  if (!invitation || invitation.userId !== actor.userId) throw notFound();
  return invitation;
}

async function forget(invitation: { id: string; userId: string }) {
  const { count } = await db.invitation.deleteMany({ where: { id: invitation.id, userId: invitation.userId } });
  if (count) publish(rooms.user(invitation.userId), "invitation:removed", { invitationId: invitation.id });
}

/**
 * The invited user only: joins the community as a Member, by the same rules as every other way in
 * (not banned, community not disabled, a seat in the member limit and in the user's community limit,
 * taken atomically), and the invitation is used up. Already a member: the community, nothing taken.
 * A ban ends the invitation; a full community or quota leaves it pending, to accept later.
 */
export async function acceptInvitation(actor: Actor, input: InvitationRefInput): Promise<{ community: CommunityDTO; joined: boolean }> {
  const { invitationId } = invitationRefSchema.parse(input);
  const invitation = await ownInvitation(actor, invitationId);
  const { communityId } = invitation;
  const current = await findMembership(actor.userId, communityId);
  if (current) {
    await forget(invitation);
    return { community: await communityDTOFor(communityId, current.role), joined: false };
  }
  let member;
  try {
    member = await db.$transaction(async (tx) => {
      const claimed = await tx.invitation.deleteMany({ where: { id: invitationId, userId: actor.userId } });
      if (claimed.count === 0) throw notFound();
      return admitMember(tx, communityId, actor.userId);
    });
  } catch (error) {
    // the same invitation accepted twice at once: the other tab joined
    const raced = isUniqueViolation(error) || (error instanceof AppError && error.code === ErrorCode.INVITATION_NOT_FOUND);
    const again = raced ? await findMembership(actor.userId, communityId) : null;
    if (again) return { community: await communityDTOFor(communityId, again.role), joined: false };
    if (error instanceof AppError && error.code === ErrorCode.BANNED) await forget(invitation);
    throw error;
  }
  publish(rooms.user(actor.userId), "invitation:removed", { invitationId });
  return { community: await announceJoin(communityId, toMemberDTO(member), "invite"), joined: true };
}

/** The invited user only: declines; the invitation is gone and nobody is told. */
export async function declineInvitation(actor: Actor, input: InvitationRefInput): Promise<{ invitationId: string }> {
  const { invitationId } = invitationRefSchema.parse(input);
  const invitation = await ownInvitation(actor, invitationId);
  const { count } = await db.invitation.deleteMany({ where: { id: invitation.id, userId: actor.userId } });
  if (count === 0) throw notFound();
  publish(rooms.user(actor.userId), "invitation:removed", { invitationId });
  return { invitationId };
}
