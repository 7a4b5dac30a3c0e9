import { now } from "../clock";
import { db } from "../db";
import { AppError, ErrorCode } from "../errors";
import { newId } from "../ids";
import { publish } from "../realtime/publish";
import { rooms } from "../realtime/rooms";
import {
  discoverSchema,
  idSchema,
  inviteUsersSchema,
  joinRequestSchema,
  pageSchema,
  type DiscoverInput,
  type InviteUsersInput,
  type JoinRequestInput,
} from "../schemas/community";
import type { BatchResult, CommunityDTO, JoinRequestDTO } from "../dto";
import { toFailure } from "../errors";
import { requireManager, requireManagerToRead, requireMember } from "./access";
import type { Actor } from "./actor";
import { findMembership, isManager, requireActiveCommunity, requireNotBanned } from "./internal/access";
import { recordAudit } from "./internal/audit";
import { avatarUrl } from "./internal/communities";
import { createInvitation, requireInvitationBudget } from "./internal/invitations";
import { admitMember } from "./internal/membership";
import { currentPlan } from "./internal/plan";
import { inTransaction, isUniqueViolation } from "./internal/transaction";

const userSummary = { select: { id: true, username: true, displayName: true } } as const;

/** Any signed-in user: communities that are open or take requests, by name, newest first, by cursor. */
export async function discoverCommunities(actor: Actor, input: DiscoverInput) {
  const { query, cursor, limit } = discoverSchema.parse(input);
  const rows = await db.community.findMany({
    where: {
      kind: "COMMUNITY",
      joinMode: { in: ["OPEN", "APPROVAL"] },
      ...(query ? { name: { contains: query, mode: "insensitive" } } : {}),
      ...(cursor ? { id: { lt: cursor } } : {}),
    },
    orderBy: { id: "desc" },
    take: limit + 1,
    select: { id: true, name: true, notice: true, memberCount: true, joinMode: true, avatarPath: true },
  });
  const page = rows.slice(0, limit);
  const ids = page.map((c) => c.id);
  const [memberships, requests] = await Promise.all([
    db.member.findMany({ where: { userId: actor.userId, communityId: { in: ids } }, select: { communityId: true } }),
    db.joinRequest.findMany({
      where: { userId: actor.userId, status: "PENDING", communityId: { in: ids } },
      select: { communityId: true },
    }),
  ]);
  const member = new Set(memberships.map((m) => m.communityId));
  const pending = new Set(requests.map((r) => r.communityId));
  return {
    communities: page.map((c) => ({
      id: c.id,
      name: c.name,
      notice: c.notice,
      memberCount: c.memberCount,
      joinMode: c.joinMode,
      avatarUrl: avatarUrl(c.avatarPath),
      isMember: member.has(c.id),
      requestPending: pending.has(c.id),
    })),
    nextCursor: rows.length > limit ? page.at(-1)!.id : null,
  };
}

async function communityOrThrow(communityId: string) {
  const community = await db.community.findUnique({
    where: { id: idSchema.parse(communityId) },
    select: { id: true, name: true, joinMode: true },
  });
  if (!community) throw new AppError(ErrorCode.COMMUNITY_NOT_FOUND, "This community does not exist.");
  return community;
}

/** Any signed-in user who is not banned: joins an open community at once. */
export async function joinOpenCommunity(actor: Actor, communityId: string): Promise<CommunityDTO> {
  const community = await communityOrThrow(communityId);
  const current = await findMembership(actor.userId, community.id);
  if (current) throw new AppError(ErrorCode.ALREADY_IN_COMMUNITY, "You are already a member of this community.");
  if (community.joinMode !== "OPEN") {
    throw new AppError(
      ErrorCode.JOIN_MODE_MISMATCH,
      community.joinMode === "APPROVAL"
        ? "This community reviews requests to join: send a request instead."
        : "This community can only be joined by invitation.",
    );
  }
  try {
    const joined = await inTransaction((tx, afterCommit) =>
      admitMember(tx, afterCommit, { communityId: community.id, userId: actor.userId, via: "open" }),
    );
    return joined.community;
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError(ErrorCode.ALREADY_IN_COMMUNITY, "You are already a member of this community.");
    throw error;
  }
}

const toRequestDTO = (row: {
  id: string;
  communityId: string;
  message: string;
  status: JoinRequestDTO["status"];
  createdAt: Date;
  user: JoinRequestDTO["user"];
}): JoinRequestDTO => ({
  id: row.id,
  communityId: row.communityId,
  user: row.user,
  message: row.message,
  status: row.status,
  createdAt: row.createdAt.toISOString(),
});

/** Any signed-in user who is not banned: asks to join a community in approval mode. One pending request at a time. */
export async function requestToJoin(actor: Actor, input: JoinRequestInput): Promise<JoinRequestDTO> {
  const { communityId, message } = joinRequestSchema.parse(input);
  const community = await communityOrThrow(communityId);
  await requireActiveCommunity(communityId);
  if (await findMembership(actor.userId, communityId)) {
    throw new AppError(ErrorCode.ALREADY_IN_COMMUNITY, "You are already a member of this community.");
  }
  if (community.joinMode !== "APPROVAL") {
    throw new AppError(
      ErrorCode.JOIN_MODE_MISMATCH,
      community.joinMode === "OPEN"
        ? "This community is open: join it directly."
        : "This community can only be joined by invitation.",
    );
  }
  await requireNotBanned(actor.userId, communityId);
  const existing = await db.joinRequest.findFirst({
    where: { communityId, userId: actor.userId, status: "PENDING" },
    include: { user: userSummary },
  });
  if (existing) return toRequestDTO(existing);
  const request = await db.joinRequest.create({
    data: { id: newId(), communityId, userId: actor.userId, message },
    include: { user: userSummary },
  });
  const dto = toRequestDTO(request);
  publish(rooms.managers(communityId), "joinRequest:created", dto);
  return dto;
}

/** Owner and admins: pending requests, oldest first, by cursor. */
export async function listJoinRequests(
  actor: Actor,
  communityId: string,
  page: { cursor?: string; limit?: number } = {},
) {
  await requireManagerToRead(actor, communityId);
  const { cursor, limit } = pageSchema.parse(page);
  const rows = await db.joinRequest.findMany({
    where: { communityId, status: "PENDING", ...(cursor ? { id: { gt: cursor } } : {}) },
    orderBy: { id: "asc" },
    take: limit + 1,
    include: { user: userSummary },
  });
  const requests = rows.slice(0, limit).map(toRequestDTO);
  return { requests, nextCursor: rows.length > limit ? requests.at(-1)!.id : null };
}

/**
 * Owner and admins: accepts (the requester joins, within the limits) or rejects a pending request.
 * The requester learns the outcome live.
 */
export async function decideJoinRequest(actor: Actor, input: { requestId: string; accept: boolean }) {
  const requestId = idSchema.parse(input?.requestId);
  const request = await db.joinRequest.findUnique({ where: { id: requestId } });
  if (!request || request.status !== "PENDING") {
    throw new AppError(ErrorCode.JOIN_REQUEST_NOT_FOUND, "This request does not exist or was already answered.");
  }
  await inTransaction(async (tx, afterCommit) => {
    await requireManager(actor, request.communityId, tx);
    const claimed = await tx.joinRequest.updateMany({
      where: { id: requestId, status: "PENDING" },
      data: { status: input.accept ? "ACCEPTED" : "REJECTED", decidedById: actor.userId, decidedAt: now() },
    });
    if (claimed.count === 0) throw new AppError(ErrorCode.JOIN_REQUEST_NOT_FOUND, "This request was already answered.");
    await recordAudit(tx, {
      communityId: request.communityId,
      actorId: actor.userId,
      action: input.accept ? "request.accept" : "request.reject",
      targetUserId: request.userId,
    });
    if (input.accept && !(await findMembership(request.userId, request.communityId, tx))) {
      await admitMember(tx, afterCommit, { communityId: request.communityId, userId: request.userId, via: "request" });
    }
    const community = await tx.community.findUniqueOrThrow({
      where: { id: request.communityId },
      select: { name: true },
    });
    afterCommit(() =>
      publish(rooms.user(request.userId), "joinRequest:decided", {
        communityId: request.communityId,
        requestId,
        accepted: input.accept,
        communityName: community.name,
      }),
    );
  });
  return { requestId, accepted: input.accept };
}

/**
 * Owner and admins, or members when member invites are allowed: invites up to 100 users by
 * username. Each user gets their own result (unknown, already a member, banned; or invited). By
 * default each one gets a pending invitation to accept or decline (invitations.ts), at
 * most INVITATIONS_PER_HOUR per inviter; with the plan's direct add (an app-administrator setting,
 * SPEC "Joining") they join at once instead, within their limits. 6001036 when none exists.
 */
export async function inviteUsers(actor: Actor, input: InviteUsersInput): Promise<{ results: BatchResult[] }> {
  const { communityId, usernames } = inviteUsersSchema.parse(input);
  const me = await requireMember(actor, communityId);
  await requireActiveCommunity(communityId);
  if (!isManager(me.role)) {
    const community = await db.community.findUniqueOrThrow({
      where: { id: communityId },
      select: { allowMemberInvites: true },
    });
    if (!community.allowMemberInvites)
      throw new AppError(ErrorCode.NO_PERMISSION, "Only the owner and admins can invite people to this community.");
  }
  const unique = [...new Set(usernames)];
  const users = await db.user.findMany({ where: { username: { in: unique } }, select: { id: true, username: true } });
  if (users.length === 0) throw new AppError(ErrorCode.INVITED_USERS_NOT_FOUND, "None of these users exist.");
  const { directAddInvites } = await currentPlan();
  if (!directAddInvites) await requireInvitationBudget(actor.userId);
  const byName = new Map(users.map((u) => [u.username, u.id]));
  const results: BatchResult[] = [];
  for (const username of unique) {
    const userId = byName.get(username);
    if (!userId) {
      results.push({ username, ok: false, code: ErrorCode.USER_NOT_FOUND, message: `No user is called ${username}.` });
      continue;
    }
    try {
      if (await findMembership(userId, communityId)) {
        throw new AppError(ErrorCode.ALREADY_IN_COMMUNITY, `${username} is already a member.`);
      }
      if (!directAddInvites) {
        await requireNotBanned(userId, communityId);
        await createInvitation(actor, communityId, userId);
        results.push({ username, userId, ok: true, invited: true });
        continue;
      }
      await inTransaction(async (tx, afterCommit) => {
        await admitMember(tx, afterCommit, { communityId, userId, via: "invite" });
        await recordAudit(tx, { communityId, actorId: actor.userId, action: "member.invite", targetUserId: userId });
      });
      results.push({ username, userId, ok: true, invited: false });
    } catch (error) {
      const failure = isUniqueViolation(error)
        ? { code: ErrorCode.ALREADY_IN_COMMUNITY, message: `${username} is already a member.` }
        : toFailure(error);
      const message =
        failure.code === ErrorCode.BANNED
          ? `${username} is banned from this community.`
          : failure.code === ErrorCode.COMMUNITY_COUNT_LIMIT
            ? `${username} is already in the most communities allowed.`
            : failure.message;
      results.push({ username, userId, ok: false, code: failure.code, message });
    }
  }
  return { results };
}
