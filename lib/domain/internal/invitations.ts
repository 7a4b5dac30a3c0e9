import { now } from "../../clock";
import { db } from "../../db";
import { AppError, ErrorCode } from "../../errors";
import { newId } from "../../ids";
import { publish } from "../../realtime/publish";
import { rooms } from "../../realtime/rooms";
import type { InvitationDTO } from "../../dto";
import type { Actor, DbClient } from "../actor";
import { recordAudit } from "./audit";
import { avatarUrl } from "./communities";
import { inTransaction, isUniqueViolation } from "./transaction";

/** Pending invitations one user may create per hour, across every community. */
export const INVITATIONS_PER_HOUR = 100;
const HOUR_MS = 3_600_000;

export const invitationInclude = {
  community: { select: { id: true, name: true, avatarPath: true, memberCount: true } },
  inviter: { select: { id: true, username: true, displayName: true } },
} as const;

type InvitationRow = {
  id: string;
  createdAt: Date;
  community: { id: string; name: string; avatarPath: string | null; memberCount: number };
  inviter: InvitationDTO["inviter"];
};

export const toInvitationDTO = (row: InvitationRow): InvitationDTO => ({
  id: row.id,
  community: {
    id: row.community.id,
    name: row.community.name,
    avatarUrl: avatarUrl(row.community.avatarPath),
    memberCount: row.community.memberCount,
  },
  inviter: row.inviter,
  createdAt: row.createdAt.toISOString(),
});

/**
 * 6002029 (with the wait) once the inviter created INVITATIONS_PER_HOUR invitations in the last hour.
 * Counts the rows still pending: an answered invitation is deleted and no longer counts.
 */
export async function requireInvitationBudget(inviterId: string, client: DbClient = db) {
  const since = new Date(now().getTime() - HOUR_MS);
  const recent = await client.invitation.count({ where: { inviterId, createdAt: { gt: since } } });
  if (recent < INVITATIONS_PER_HOUR) return;
  const oldest = await client.invitation.findFirst({
    where: { inviterId, createdAt: { gt: since } },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
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
 * For inviteUsers (joining.ts), after its permission and per-user checks: a pending invitation of
 * `userId` to the community, and a live notice to their tabs. Idempotent: inviting again keeps the
 * first invitation and sends no second notice. A user who blocked the inviter gets nothing, and the
 * inviter is not told (blocking is personal).
 */
export async function createInvitation(actor: Actor, communityId: string, userId: string): Promise<void> {
  const blocked = await db.userBlock.findUnique({
    where: { blockerId_blockedId: { blockerId: userId, blockedId: actor.userId } },
    select: { blockerId: true },
  });
  if (blocked) return;
  if (await db.invitation.findUnique({ where: { communityId_userId: { communityId, userId } }, select: { id: true } }))
    return;
  try {
    await inTransaction(async (tx, afterCommit) => {
      // one inviter's concurrent invitations take turns, so the hourly count cannot be overshot
      await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${actor.userId} FOR UPDATE`;
      await requireInvitationBudget(actor.userId, tx);
      const created = await tx.invitation.create({
        data: { id: newId(), communityId, userId, inviterId: actor.userId, createdAt: now() },
        include: invitationInclude,
      });
      await recordAudit(tx, { communityId, actorId: actor.userId, action: "invitation.create", targetUserId: userId });
      afterCommit(() => publish(rooms.user(userId), "invitation:created", toInvitationDTO(created)));
    });
  } catch (error) {
    // invited by someone else at the same moment: one pending invitation is enough
    if (isUniqueViolation(error)) return;
    throw error;
  }
}
