import { db, type Prisma } from "../../db";
import { AppError, ErrorCode } from "../../errors";
import { processSingleton } from "../../singletons";
import type { PlanDTO } from "../../dto";
import type { DbClient } from "../actor";

/**
 * The app's plan (SPEC.md "Limits"): one row, read where a limit is enforced, so a change applies
 * at once in every process. Lowering a limit never touches data: enforcement only compares counts
 * before creating something, so whatever is above a lowered cap stays and cannot grow.
 */
export type Plan = Prisma.AppPlanGetPayload<object>;

export const PLAN_ID = "app";
const PLAN_TTL_MS = 5_000;

export async function currentPlan(client: DbClient = db): Promise<Plan> {
  const plan = await client.appPlan.findUnique({ where: { id: PLAN_ID } });
  return plan ?? client.appPlan.upsert({ where: { id: PLAN_ID }, create: { id: PLAN_ID }, update: {} });
}

// One per process: the socket server's sends and the admin pages' plan changes must meet the same cache.
const cache = processSingleton<{ cached: { plan: Plan; at: number } | null }>("planForSends", () => ({ cached: null }));

/** The plan for the send path: read at most every few seconds per process (updatePlan refreshes it here at once). */
export async function planForSends(): Promise<Plan> {
  const at = performance.now();
  if (!cache.cached || at - cache.cached.at > PLAN_TTL_MS) cache.cached = { plan: await currentPlan(), at };
  return cache.cached.plan;
}

export function forgetCachedPlan() {
  cache.cached = null;
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
    fieldErrors.name = [
      `Community name must be at most ${plan.communityNameLength.toLocaleString("en-US")} characters.`,
    ];
  }
  if (profile.notice !== undefined && profile.notice.length > plan.communityNoticeLength) {
    fieldErrors.notice = [`Notice must be at most ${plan.communityNoticeLength.toLocaleString("en-US")} characters.`];
  }
  const messages = Object.values(fieldErrors).flat();
  if (messages.length) throw new AppError(ErrorCode.INVALID_INPUT, messages.join(" "), fieldErrors);
}
