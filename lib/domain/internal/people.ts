import { db } from "../../db";
import type { PersonUpdate, UserSummary } from "../../dto";
import { publish } from "../../realtime/publish";
import { rooms } from "../../realtime/rooms";
import { avatarUrl } from "./communities";

/**
 * A user's names or avatar changed: their own tabs and every community and conversation they are
 * in hear it, so names and pictures in member lists and loaded messages change at once.
 */
export async function announcePerson(userId: string) {
  const user = await db.user.findFirst({
    where: { id: userId, deletedAt: null },
    select: { id: true, username: true, displayName: true, avatarPath: true },
  });
  if (!user) return;
  const person: PersonUpdate = {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    avatarUrl: avatarUrl(user.avatarPath),
  };
  publish(rooms.user(userId), "user:updated", person);
  const memberships = await db.member.findMany({ where: { userId }, select: { communityId: true } });
  for (const { communityId } of memberships) publish(rooms.community(communityId), "user:updated", person);
}

/** Who made something (a bot, a webhook, a subscription), as lists show them: null once their account is deleted. */
export const creatorSummary = (
  user: { id: string; username: string; displayName: string; deletedAt: Date | null } | null,
): UserSummary | null =>
  user && !user.deletedAt ? { id: user.id, username: user.username, displayName: user.displayName } : null;
