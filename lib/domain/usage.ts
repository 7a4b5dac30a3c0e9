import { monthDeliveries } from "./internal/usage";
import { planForSends } from "./internal/plan";

/**
 * Downstream usage counting lives in internal/usage.ts (sends reserve and count deliveries; the
 * billing pages flush and read). The process that serves the app stops it on shutdown.
 */
export { stopUsage } from "./internal/usage";

/** This month's downstream deliveries and the plan's monthly quota (the metrics scrape reads them). */
export async function quotaUse(): Promise<{ used: number; quota: number }> {
  const [used, plan] = await Promise.all([monthDeliveries(), planForSends()]);
  return { used, quota: Number(plan.monthlyDownstreamQuota) };
}
