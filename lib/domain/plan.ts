import { db, type Prisma } from "../db";
import { AppError, ErrorCode } from "../errors";
import { newId } from "../ids";
import { now } from "../clock";
import type { PlanChangeDTO, PlanDTO } from "../dto";
import { updatePlanSchema, type UpdatePlanInput } from "../schemas/plan";
import type { Actor, DbClient } from "./actor";
import { requireAppAdmin } from "./app-admins";
import { forgetCachedPlan } from "./usage";

/**
 * The app's plan (SPEC.md "Limits"): one row, read where a limit is enforced, so a change applies
 * at once in every process. Lowering a limit never touches data: enforcement only compares counts
 * before creating something, so whatever is above a lowered cap stays and cannot grow.
 */
export type Plan = Prisma.AppPlanGetPayload<object>;

const PLAN_ID = "app";

export async function currentPlan(client: DbClient = db): Promise<Plan> {
  const plan = await client.appPlan.findUnique({ where: { id: PLAN_ID } });
  return plan ?? client.appPlan.upsert({ where: { id: PLAN_ID }, create: { id: PLAN_ID }, update: {} });
}

export const toPlanDTO = (plan: Plan): PlanDTO => ({
  membersPerCommunity: plan.membersPerCommunity,
  channelsPerCommunity: plan.channelsPerCommunity,
  communitiesPerUser: plan.communitiesPerUser,
  communityNameLength: plan.communityNameLength,
  communityNoticeLength: plan.communityNoticeLength,
  monthlyDownstreamQuota: Number(plan.monthlyDownstreamQuota),
  overQuotaMode: plan.overQuotaMode,
  directAddInvites: plan.directAddInvites,
  updatedAt: plan.updatedAt.toISOString(),
});

/** A community's name and notice within the plan's lengths (6002001 with the field's message otherwise). */
export function requireProfileWithinPlan(profile: { name?: string; notice?: string }, plan: Plan) {
  const fieldErrors: Record<string, string[]> = {};
  if (profile.name !== undefined && profile.name.length > plan.communityNameLength) {
    fieldErrors.name = [`Community name must be at most ${plan.communityNameLength.toLocaleString("en-US")} characters.`];
  }
  if (profile.notice !== undefined && profile.notice.length > plan.communityNoticeLength) {
    fieldErrors.notice = [`Notice must be at most ${plan.communityNoticeLength.toLocaleString("en-US")} characters.`];
  }
  const messages = Object.values(fieldErrors).flat();
  if (messages.length) throw new AppError(ErrorCode.INVALID_INPUT, messages.join(" "), fieldErrors);
}

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
  const plan = await db.$transaction(async (tx) => {
    // the row lock orders concurrent changes, so each record's "from" is what it replaced
    await currentPlan(tx);
    const [locked] = await tx.$queryRaw<Plan[]>`SELECT * FROM "AppPlan" WHERE "id" = ${PLAN_ID} FOR UPDATE`;
    const before = toPlanDTO({ ...locked, monthlyDownstreamQuota: BigInt(locked.monthlyDownstreamQuota) });
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [key, to] of Object.entries(data) as [keyof typeof data, unknown][]) {
      if (to === undefined || before[key] === to) continue;
      changes[key] = { from: before[key], to };
    }
    if (Object.keys(changes).length === 0) return tx.appPlan.findUniqueOrThrow({ where: { id: PLAN_ID } });
    await tx.planChange.create({ data: { id: newId(), actorId: actor.userId, changes: changes as Prisma.InputJsonValue, createdAt: now() } });
    return tx.appPlan.update({
      where: { id: PLAN_ID },
      data: {
        ...data,
        ...(data.monthlyDownstreamQuota !== undefined ? { monthlyDownstreamQuota: BigInt(data.monthlyDownstreamQuota) } : {}),
        updatedAt: now(),
      },
    });
  });
  forgetCachedPlan();
  return toPlanDTO(plan);
}

/** App administrators: the plan's change log, newest first, a keyset page at a time. */
export async function listPlanChanges(actor: Actor, input: { cursor?: string; limit?: number } = {}): Promise<{ changes: PlanChangeDTO[]; nextCursor: string | null }> {
  await requireAppAdmin(actor);
  const limit = Math.min(Math.max(Number(input.limit) || 20, 1), 100);
  const rows = await db.planChange.findMany({
    where: input.cursor ? { id: { lt: String(input.cursor) } } : {},
    orderBy: { id: "desc" },
    take: limit + 1,
    include: { actor: { select: { id: true, username: true, displayName: true } } },
  });
  const page = rows.slice(0, limit);
  return {
    changes: page.map((row) => ({ id: row.id, actor: row.actor, changes: row.changes as PlanChangeDTO["changes"], createdAt: row.createdAt.toISOString() })),
    nextCursor: rows.length > limit ? page.at(-1)!.id : null,
  };
}
