import { db } from "../db";
import { AppError, ErrorCode } from "../errors";
import { limits } from "../limits";
import { publish } from "../realtime/publish";
import { rooms } from "../realtime/rooms";
import { userRefSchema } from "../schemas/account";
import { idSchema } from "../schemas/community";
import type { Actor } from "./actor";

/**
 * Blocking is personal: the blocked user is not told, their messages collapse for the blocker and
 * never count in the blocker's unread or mention counts. Every tab of the blocker hears the change.
 */
export async function setBlocked(actor: Actor, input: { userId: string; blocked: boolean }) {
  const userId = idSchema.parse(input.userId);
  const blocked = input.blocked === true;
  if (userId === actor.userId) throw new AppError(ErrorCode.INVALID_INPUT, "You cannot block yourself.");
  const target = await db.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!target) throw new AppError(ErrorCode.USER_NOT_FOUND, "This user does not exist.");
  if (blocked) {
    const count = await db.userBlock.count({ where: { blockerId: actor.userId } });
    if (count >= limits.blocksPerUser)
      throw new AppError(ErrorCode.INVALID_INPUT, `You can block at most ${limits.blocksPerUser} users.`);
    await db.userBlock.createMany({ data: [{ blockerId: actor.userId, blockedId: userId }], skipDuplicates: true });
  } else {
    await db.userBlock.deleteMany({ where: { blockerId: actor.userId, blockedId: userId } });
  }
  publish(rooms.user(actor.userId), "block:changed", { userId, blocked });
  return { userId, blocked };
}

/** Ids of the users the actor has blocked. */
export async function listBlockedIds(actor: Actor): Promise<string[]> {
  const rows = await db.userBlock.findMany({
    where: { blockerId: actor.userId },
    select: { blockedId: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => row.blockedId);
}

/** The user: unblocks someone (privacy settings). */
export async function unblockUser(actor: Actor, input: { userId: string }) {
  return setBlocked(actor, { userId: userRefSchema.parse(input).userId, blocked: false });
}
