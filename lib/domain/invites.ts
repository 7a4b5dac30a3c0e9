import { randomBytes } from "node:crypto";
import { db } from "../db";
import { AppError, ErrorCode } from "../errors";
import { limits } from "../limits";
import { addUserToRoom, publish } from "../realtime/publish";
import { rooms } from "../realtime/rooms";
import { createInviteSchema, inviteCodeSchema, inviteExpiries, type CreateInviteInput } from "../schemas/community";
import type { CommunityDTO } from "../dto";
import { findMembership, isManager, requireMember } from "./access";
import { isUniqueViolation, type Actor } from "./actor";
import { takeCommunitySeat } from "./communities";

const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
const newCode = () => Array.from(randomBytes(10), (byte) => alphabet[byte % alphabet.length]).join("");

/** Owner and admins; members too when the community allows member invites. */
export async function createInvite(actor: Actor, input: CreateInviteInput) {
  const data = createInviteSchema.parse(input);
  const member = await requireMember(actor, data.communityId);
  if (!isManager(member.role)) {
    const community = await db.community.findUniqueOrThrow({ where: { id: data.communityId } });
    if (!community.allowMemberInvites) {
      throw new AppError(ErrorCode.NO_PERMISSION, "Only the owner and admins can invite people to this community.");
    }
  }
  const seconds = inviteExpiries[data.expiresIn];
  return db.invite.create({
    data: {
      code: newCode(),
      communityId: data.communityId,
      creatorId: actor.userId,
      maxUses: data.maxUses,
      expiresAt: seconds === null ? null : new Date(Date.now() + seconds * 1000),
    },
    select: { code: true, expiresAt: true, maxUses: true, uses: true },
  });
}

type InviteRow = { revokedAt: Date | null; expiresAt: Date | null; maxUses: number | null; uses: number };

function assertUsable(invite: InviteRow | null): asserts invite is InviteRow {
  if (!invite || invite.revokedAt) {
    throw new AppError(ErrorCode.INVITE_NOT_FOUND, "This invite link is invalid or has been revoked.");
  }
  if (invite.expiresAt && invite.expiresAt.getTime() <= Date.now()) {
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
 * Any signed-in user with a usable code: joins the community as a Member. Uses, the user's
 * community limit and the member limit are taken with conditional updates in one transaction, so
 * concurrent joins cannot overshoot any of them. Already a member: returns the community.
 */
export async function acceptInvite(actor: Actor, code: string): Promise<{ community: CommunityDTO; joined: boolean }> {
  const inviteCode = inviteCodeSchema.parse(code);
  const invite = await db.invite.findUnique({ where: { code: inviteCode } });
  assertUsable(invite);
  const communityId = invite.communityId;
  const current = await findMembership(actor.userId, communityId);
  if (current) return { community: await communityFor(communityId, current.role), joined: false };

  try {
    await db.$transaction(async (tx) => {
      const used = await tx.invite.updateMany({
        where: {
          code: inviteCode,
          revokedAt: null,
          OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }],
          AND: [{ OR: [{ maxUses: null }, { uses: { lt: tx.invite.fields.maxUses } }] }],
        },
        data: { uses: { increment: 1 } },
      });
      if (used.count === 0) assertUsable(await tx.invite.findUnique({ where: { code: inviteCode } }));
      await takeCommunitySeat(actor.userId, tx);
      const seats = await tx.community.updateMany({
        where: { id: communityId, memberCount: { lt: limits.membersPerCommunity } },
        data: { memberCount: { increment: 1 } },
      });
      if (seats.count === 0) {
        throw new AppError(ErrorCode.MEMBER_COUNT_LIMIT, "This community is full: it has reached its member limit.");
      }
      await tx.member.create({ data: { communityId, userId: actor.userId, role: "MEMBER" } });
    });
  } catch (error) {
    // The same user joining twice at once: the second transaction lost the race and rolled back.
    if (isUniqueViolation(error)) return { community: await communityFor(communityId, "MEMBER"), joined: false };
    throw error;
  }

  const community = await communityFor(communityId, "MEMBER");
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { displayName: true } });
  addUserToRoom(actor.userId, rooms.community(communityId));
  publish(rooms.user(actor.userId), "community:joined", community);
  publish(rooms.community(communityId), "member:joined", { communityId, userId: actor.userId, displayName: user.displayName });
  return { community, joined: true };
}

async function communityFor(communityId: string, role: CommunityDTO["role"]): Promise<CommunityDTO> {
  const community = await db.community.findUniqueOrThrow({
    where: { id: communityId },
    select: { id: true, name: true, notice: true, memberCount: true },
  });
  return { ...community, role };
}
