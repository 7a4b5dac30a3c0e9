import { newId } from "../../ids";
import type { Prisma } from "../../db";
import type { DbClient } from "../actor";

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
  | "request.reject"
  | "bot.create"
  | "bot.token"
  | "bot.revoke"
  | "webhook.create"
  | "webhook.delete";

/** Writes one audit entry inside the caller's transaction. */
export function recordAudit(
  client: DbClient,
  entry: {
    communityId: string;
    actorId: string;
    action: AuditAction;
    targetUserId?: string | null;
    reason?: string;
    details?: Prisma.InputJsonValue;
  },
) {
  return client.auditEntry.create({ data: { id: newId(), ...entry, reason: entry.reason ?? "" } });
}
