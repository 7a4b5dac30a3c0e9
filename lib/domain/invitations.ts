import { db } from "../db";
import { AppError, ErrorCode } from "../errors";
import { publish } from "../realtime/publish";
import { rooms } from "../realtime/rooms";
import type { CommunityDTO, InvitationDTO } from "../dto";
import {
  invitationListSchema,
  invitationRefSchema,
  type InvitationListInput,
  type InvitationRefInput,
} from "../schemas/invitations";
import { isStorableText } from "../schemas/text";
import type { Actor } from "./actor";
import { listBlockedIds } from "./blocks";
import { findMembership } from "./internal/access";
import { communityDTOFor } from "./internal/communities";
import { invitationInclude, toInvitationDTO } from "./internal/invitations";
import { admitMember } from "./internal/membership";
import { inTransaction, isUniqueViolation } from "./internal/transaction";

/**
 * Pending invitations by user (SPEC "Joining"): an invitation by username asks the invited person,
 * who accepts (and joins, within every limit) or declines. Only the invited person ever sees one;
 * the inviter and the community learn nothing of the answer.
 */

// Unknown ids and other users' invitations answer alike: nobody learns that someone else was invited.
const notFound = () =>
  new AppError(ErrorCode.INVITATION_NOT_FOUND, "This invitation does not exist or was already answered.");

const encodeCursor = (row: { createdAt: Date; id: string }) =>
  Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString("base64url");

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
export async function listMyInvitations(
  actor: Actor,
  input: InvitationListInput = {},
): Promise<{ invitations: InvitationDTO[]; nextCursor: string | null }> {
  const { cursor, limit } = invitationListSchema.parse(input);
  const after = cursor ? decodeCursor(cursor) : null;
  const rows = await db.invitation.findMany({
    where: {
      ...(await visibleTo(actor)),
      ...(after ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    include: invitationInclude,
  });
  const page = rows.slice(0, limit);
  return {
    invitations: page.map(toInvitationDTO),
    nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!) : null,
  };
}

/** Any signed-in user: how many pending invitations their list shows (the rail's badge). */
export async function countMyInvitations(actor: Actor): Promise<number> {
  return db.invitation.count({ where: await visibleTo(actor) });
}

/** The invitation, if it is the actor's own; 6002023 otherwise (unknown or someone else's alike). */
async function ownInvitation(actor: Actor, invitationId: string) {
  const invitation = await db.invitation.findUnique({
    where: { id: invitationId },
    select: { id: true, userId: true, communityId: true },
  });
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
export async function acceptInvitation(
  actor: Actor,
  input: InvitationRefInput,
): Promise<{ community: CommunityDTO; joined: boolean }> {
  const { invitationId } = invitationRefSchema.parse(input);
  const invitation = await ownInvitation(actor, invitationId);
  const { communityId } = invitation;
  const current = await findMembership(actor.userId, communityId);
  if (current) {
    await forget(invitation);
    return { community: await communityDTOFor(communityId, current.role), joined: false };
  }
  let joined;
  try {
    joined = await inTransaction(async (tx, afterCommit) => {
      const claimed = await tx.invitation.deleteMany({ where: { id: invitationId, userId: actor.userId } });
      if (claimed.count === 0) throw notFound();
      afterCommit(() => publish(rooms.user(actor.userId), "invitation:removed", { invitationId }));
      return admitMember(tx, afterCommit, { communityId, userId: actor.userId, via: "invite" });
    });
  } catch (error) {
    // the same invitation accepted twice at once: the other tab joined
    const raced =
      isUniqueViolation(error) || (error instanceof AppError && error.code === ErrorCode.INVITATION_NOT_FOUND);
    const again = raced ? await findMembership(actor.userId, communityId) : null;
    if (again) return { community: await communityDTOFor(communityId, again.role), joined: false };
    if (error instanceof AppError && error.code === ErrorCode.BANNED) await forget(invitation);
    throw error;
  }
  return { community: joined.community, joined: true };
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
