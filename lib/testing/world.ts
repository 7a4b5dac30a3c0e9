import { now } from "../clock";
import { db } from "../db";
import { newId } from "../ids";
import { PERMANENT } from "../domain/access";
import { createCommunity } from "../domain/communities";
import type { Actor } from "../domain/actor";
import type { Role } from "../dto";
import { unique } from "./factories";

export const actorKinds = ["owner", "admin", "admin2", "member", "member2", "muted", "banned", "outsider"] as const;
export type ActorKind = (typeof actorKinds)[number];

/** Users straight into the database (no password hashing): fast enough for a matrix of fresh worlds. */
async function quickUser(name: string): Promise<Actor> {
  const id = newId();
  await db.user.create({
    data: { id, username: unique(name).toLowerCase(), displayName: name, passwordHash: "not-a-hash" },
  });
  return { userId: id };
}

/**
 * A community with one actor of every kind: owner, two admins, two members, a member muted
 * permanently, a banned user and an outsider.
 */
export async function makeWorld() {
  const owner = await quickUser("Owner");
  const { community, generalChannelId } = await createCommunity(owner, { name: unique("World") });
  const actors = { owner } as Record<ActorKind, Actor>;
  const roleOf: Partial<Record<ActorKind, Role>> = {
    admin: "ADMIN",
    admin2: "ADMIN",
    member: "MEMBER",
    member2: "MEMBER",
    muted: "MEMBER",
  };
  for (const kind of actorKinds.slice(1)) {
    const actor = await quickUser(kind);
    actors[kind] = actor;
    const role = roleOf[kind];
    if (role) {
      await db.member.create({
        data: {
          communityId: community.id,
          userId: actor.userId,
          role,
          sortName: kind,
          mutedUntil: kind === "muted" ? PERMANENT : null,
          joinedAt: now(),
        },
      });
      await db.community.update({ where: { id: community.id }, data: { memberCount: { increment: 1 } } });
      await db.user.update({ where: { id: actor.userId }, data: { communityCount: { increment: 1 } } });
    }
  }
  await db.ban.create({
    data: { communityId: community.id, userId: actors.banned.userId, bannedById: owner.userId, reason: "spam" },
  });
  return { community, communityId: community.id, generalChannelId, actors };
}
export type World = Awaited<ReturnType<typeof makeWorld>>;
