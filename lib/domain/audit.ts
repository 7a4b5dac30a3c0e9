import { db } from "../db";
import { pageSchema } from "../schemas/community";
import { requireManagerToRead } from "./access";
import type { Actor } from "./actor";
import type { AuditAction } from "./internal/audit";

// Entries are written by the use cases themselves, inside their transactions (internal/audit.ts).
export type { AuditAction };

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
