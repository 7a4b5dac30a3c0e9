import { db, type Prisma } from "../db";
import { newId } from "../ids";
import { pageSchema } from "../schemas/community";
import { requireManagerToRead } from "./access";
import type { Actor, DbClient } from "./actor";

export type AuditAction =
  | "community.update"
  | "community.attributes"
  | "member.role"
  | "member.transfer"
  | "member.kick"
  | "member.ban"
  | "member.unban"
  | "member.mute"
  | "member.unmute"
  | "member.invite"
  | "invitation.create"
  | "invite.create"
  | "invite.revoke"
  | "request.accept"
  | "request.reject";

/** Writes one audit entry inside the caller's transaction. */
export function recordAudit(
  client: DbClient,
  entry: { communityId: string; actorId: string; action: AuditAction; targetUserId?: string | null; reason?: string; details?: Prisma.InputJsonValue },
) {
  return client.auditEntry.create({ data: { id: newId(), ...entry, reason: entry.reason ?? "" } });
}

/** Owner and admins: the audit log, newest first, by cursor. */
export async function listAuditLog(actor: Actor, communityId: string, page: { cursor?: string; limit?: number } = {}) {
  await requireManagerToRead(actor, communityId);
  const { cursor, limit } = pageSchema.parse(page);
  const user = { select: { id: true, username: true, displayName: true } } as const;
  const rows = await db.auditEntry.findMany({
    where: { communityId, ...(cursor ? { id: { lt: cursor } } : {}) },
    orderBy: { id: "desc" },
    take: limit + 1,
    include: { actor: user, target: user },
  });
  const entries = rows.slice(0, limit).map((row) => ({
    id: row.id,
    action: row.action as AuditAction,
    reason: row.reason,
    details: row.details,
    createdAt: row.createdAt.toISOString(),
    actor: row.actor,
    target: row.target,
  }));
  return { entries, nextCursor: rows.length > limit ? entries.at(-1)!.id : null };
}
