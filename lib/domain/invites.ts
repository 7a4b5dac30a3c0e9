import { now } from "../clock";
import { randomBytes } from "node:crypto";
import { db } from "../db";
import { AppError, ErrorCode } from "../errors";
import { createInviteSchema, inviteCodeSchema, inviteExpiries, type CreateInviteInput } from "../schemas/community";
import type { CommunityDTO } from "../dto";
import { requireManager, requireManagerToRead, requireMember } from "./access";
import type { Actor } from "./actor";
import { findMembership, isManager, requireActiveCommunity, requireNotBanned } from "./internal/access";
import { recordAudit } from "./internal/audit";
import { communityDTOFor } from "./internal/communities";
import { admitMember } from "./internal/membership";
import { inTransaction, isUniqueViolation } from "./internal/transaction";

const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
const newCode = () => Array.from(randomBytes(10), (byte) => alphabet[byte % alphabet.length]).join("");

const inviteSelect = {
  code: true,
  expiresAt: true,
  maxUses: true,
  uses: true,
  createdAt: true,
  creator: { select: { id: true, username: true, displayName: true } },
} as const;

/** Owner and admins; members too when the community allows member invites. */
export async function createInvite(actor: Actor, input: CreateInviteInput) {
  const data = createInviteSchema.parse(input);
  const member = await requireMember(actor, data.communityId);
  await requireActiveCommunity(data.communityId);
  if (!isManager(member.role)) {
    const community = await db.community.findUniqueOrThrow({ where: { id: data.communityId } });
    if (!community.allowMemberInvites) {
      throw new AppError(ErrorCode.NO_PERMISSION, "Only the owner and admins can invite people to this community.");
    }
  }
  const seconds = inviteExpiries[data.expiresIn];
  return db.$transaction(async (tx) => {
    const invite = await tx.invite.create({
      data: {
        code: newCode(),
        communityId: data.communityId,
        creatorId: actor.userId,
        maxUses: data.maxUses,
        expiresAt: seconds === null ? null : new Date(now().getTime() + seconds * 1000),
      },
      select: inviteSelect,
    });
    await recordAudit(tx, {
      communityId: data.communityId,
      actorId: actor.userId,
      action: "invite.create",
      details: { code: invite.code, maxUses: data.maxUses, expiresIn: data.expiresIn },
    });
    return invite;
  });
}

/** Owner and admins: the links still usable, newest first. */
export async function listInvites(actor: Actor, communityId: string) {
  await requireManagerToRead(actor, communityId);
  const invites = await db.invite.findMany({
    where: { communityId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now() } }] },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: inviteSelect,
  });
  return invites
    .filter((invite) => invite.maxUses === null || invite.uses < invite.maxUses)
    .map((invite) => ({
      ...invite,
      expiresAt: invite.expiresAt?.toISOString() ?? null,
      createdAt: invite.createdAt.toISOString(),
    }));
}

/** Owner and admins: a revoked link stops working at once. */
export async function revokeInvite(actor: Actor, code: string) {
  const invite = await db.invite.findUnique({ where: { code: inviteCodeSchema.parse(code) } });
  if (!invite) throw new AppError(ErrorCode.INVITE_NOT_FOUND, "This invite link does not exist.");
  await db.$transaction(async (tx) => {
    await requireManager(actor, invite.communityId, tx);
    await tx.invite.update({ where: { code: invite.code }, data: { revokedAt: now() } });
    await recordAudit(tx, {
      communityId: invite.communityId,
      actorId: actor.userId,
      action: "invite.revoke",
      details: { code: invite.code },
    });
  });
  return { code: invite.code };
}

type InviteRow = { revokedAt: Date | null; expiresAt: Date | null; maxUses: number | null; uses: number };

function assertUsable(invite: InviteRow | null): asserts invite is InviteRow {
  if (!invite || invite.revokedAt) {
    throw new AppError(ErrorCode.INVITE_NOT_FOUND, "This invite link is invalid or has been revoked.");
  }
  if (invite.expiresAt && invite.expiresAt.getTime() <= now().getTime()) {
    throw new AppError(ErrorCode.INVITE_EXPIRED, "This invite link has expired. Ask for a new one.");
  }
  if (invite.maxUses !== null && invite.uses >= invite.maxUses) {
    throw new AppError(ErrorCode.INVITE_USED_UP, "This invite link has reached its maximum number of uses.");
  }
}

/** Anyone holding the code: what the invite leads to (the community's name), or why it is unusable. */
export async function getInvitePreview(code: string) {
  const invite = await db.invite.findUnique({
    where: { code: inviteCodeSchema.parse(code) },
    include: { community: { select: { id: true, name: true, notice: true, memberCount: true } } },
  });
  assertUsable(invite);
  return { code: invite.code, community: invite.community, expiresAt: invite.expiresAt?.toISOString() ?? null };
}

/**
 * Any signed-in user with a usable code who is not banned: joins as a Member. The use, the user's
 * community limit and the member limit are taken in one transaction with conditional updates, so
 * concurrent joins cannot overshoot any of them. Already a member: returns the community.
 */
export async function acceptInvite(actor: Actor, code: string): Promise<{ community: CommunityDTO; joined: boolean }> {
  const inviteCode = inviteCodeSchema.parse(code);
  const invite = await db.invite.findUnique({ where: { code: inviteCode } });
  assertUsable(invite);
  const communityId = invite.communityId;
  const current = await findMembership(actor.userId, communityId);
  if (current) return { community: await communityDTOFor(communityId, current.role), joined: false };
  await requireNotBanned(actor.userId, communityId);

  let joined;
  try {
    joined = await inTransaction(async (tx, afterCommit) => {
      const used = await tx.invite.updateMany({
        where: {
          code: inviteCode,
          revokedAt: null,
          OR: [{ expiresAt: null }, { expiresAt: { gt: now() } }],
          AND: [{ OR: [{ maxUses: null }, { uses: { lt: tx.invite.fields.maxUses } }] }],
        },
        data: { uses: { increment: 1 } },
      });
      if (used.count === 0) assertUsable(await tx.invite.findUnique({ where: { code: inviteCode } }));
      return admitMember(tx, afterCommit, { communityId, userId: actor.userId, via: "link" });
    });
  } catch (error) {
    // The same user joining twice at once: the second transaction lost the race and rolled back.
    if (isUniqueViolation(error)) return { community: await communityDTOFor(communityId, "MEMBER"), joined: false };
    throw error;
  }
  return { community: joined.community, joined: true };
}
