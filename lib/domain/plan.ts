import { textOrEmpty } from "../schemas/text";
import { db, type Prisma } from "../db";
import { newId } from "../ids";
import { now } from "../clock";
import type { PlanChangeDTO, PlanDTO } from "../dto";
import { updatePlanSchema, type UpdatePlanInput } from "../schemas/plan";
import type { Actor } from "./actor";
import { requireAppAdmin } from "./app-admins";
import { currentPlan, forgetCachedPlan, PLAN_ID, toPlanDTO, type Plan } from "./internal/plan";
import { inTransaction } from "./internal/transaction";

// The plan row, its cache for sends and the limit checks are in internal/plan.ts; here, what app administrators do with it.

/** App administrators: the plan in force. */
export async function getPlan(actor: Actor): Promise<PlanDTO> {
  await requireAppAdmin(actor);
  return toPlanDTO(await currentPlan());
}

/**
 * App administrators: changes some settings of the plan and records who changed what, from what
 * to what. Settings given at their current value are not recorded; nothing changed, nothing written.
 */
export async function updatePlan(actor: Actor, input: UpdatePlanInput): Promise<PlanDTO> {
  await requireAppAdmin(actor);
  const data = updatePlanSchema.parse(input);
  return inTransaction(async (tx, afterCommit) => {
    afterCommit(forgetCachedPlan); // this process's sends read the plan again at once
    // the row lock orders concurrent changes, so each record's "from" is what it replaced
    await currentPlan(tx);
    const [locked] = await tx.$queryRaw<Plan[]>`SELECT * FROM "AppPlan" WHERE "id" = ${PLAN_ID} FOR UPDATE`;
    const before = toPlanDTO({ ...locked, monthlyDownstreamQuota: BigInt(locked.monthlyDownstreamQuota) });
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [key, to] of Object.entries(data) as [keyof typeof data, unknown][]) {
      if (to === undefined || before[key] === to) continue;
      changes[key] = { from: before[key], to };
    }
    if (Object.keys(changes).length === 0)
      return toPlanDTO(await tx.appPlan.findUniqueOrThrow({ where: { id: PLAN_ID } }));
    await tx.planChange.create({
      data: { id: newId(), actorId: actor.userId, changes: changes as Prisma.InputJsonValue, createdAt: now() },
    });
    const plan = await tx.appPlan.update({
      where: { id: PLAN_ID },
      data: {
        ...data,
        ...(data.monthlyDownstreamQuota !== undefined
          ? { monthlyDownstreamQuota: BigInt(data.monthlyDownstreamQuota) }
          : {}),
        updatedAt: now(),
      },
    });
    return toPlanDTO(plan);
  });
}

/** App administrators: the plan's change log, newest first, a keyset page at a time. */
export async function listPlanChanges(
  actor: Actor,
  input: { cursor?: string; limit?: number } = {},
): Promise<{ changes: PlanChangeDTO[]; nextCursor: string | null }> {
  await requireAppAdmin(actor);
  const limit = Math.min(Math.max(typeof input?.limit === "number" ? input.limit : 20, 1), 100) || 20;
  const cursor = textOrEmpty(input?.cursor);
  const rows = await db.planChange.findMany({
    where: cursor ? { id: { lt: cursor } } : {},
    orderBy: { id: "desc" },
    take: limit + 1,
    include: { actor: { select: { id: true, username: true, displayName: true } } },
  });
  const page = rows.slice(0, limit);
  return {
    changes: page.map((row) => ({
      id: row.id,
      actor: row.actor,
      changes: row.changes as PlanChangeDTO["changes"],
      createdAt: row.createdAt.toISOString(),
    })),
    nextCursor: rows.length > limit ? page.at(-1)!.id : null,
  };
}
