import { db } from "../db";
import { now } from "../clock";
import { AppError, ErrorCode } from "../errors";
import type { BillingMonthDTO, PlanDTO, UsageDashboardDTO } from "../dto";
import { BASE_DOWNSTREAM_QUOTA, DOWNSTREAM_QUOTA_STEP } from "../schemas/plan";
import type { Actor } from "./actor";
import { requireAppAdmin } from "./app-admins";
import { currentPlan, toPlanDTO } from "./internal/plan";
import { dayOf, flushUsage, monthDeliveries, monthOf } from "./internal/usage";

/** SPEC.md's price list (yen per calendar month). */
export const PRICES = {
  channels: { domestic: 3_000, overseas: 9_000 },
  unlimitedMembers: { domestic: 6_000, overseas: 18_000 },
  communities: { domestic: 3_000, overseas: 9_000 },
  downstream: { domestic: 200, overseas: 600 },
} as const;

type Billed = Pick<
  PlanDTO,
  "membersPerCommunity" | "channelsPerCommunity" | "communitiesPerUser" | "monthlyDownstreamQuota"
>;
const billedKeys = [
  "membersPerCommunity",
  "channelsPerCommunity",
  "communitiesPerUser",
  "monthlyDownstreamQuota",
] as const;

const monthStart = (month: string) => new Date(`${month}-01T00:00:00.000Z`);
const nextMonth = (month: string) => {
  const start = monthStart(month);
  return monthOf(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)));
};

/** A higher setting costs more: unlimited members (null) is the top. */
function higher(key: (typeof billedKeys)[number], a: number | null, b: number | null) {
  if (key === "membersPerCommunity") return a === null || b === null ? null : Math.max(a, b);
  return Math.max(Number(a), Number(b));
}

/**
 * The highest setting of each billed add-on during a month: the setting in force when it began
 * (replayed back from today's plan through the change log) and every change made during it.
 */
async function highestSettings(month: string): Promise<Billed> {
  const plan = toPlanDTO(await currentPlan());
  const start = monthStart(month);
  const end = monthStart(nextMonth(month));
  const changes = await db.planChange.findMany({
    where: { createdAt: { gte: start } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { createdAt: true, changes: true },
  });
  const highest: Billed = { ...plan };
  for (const key of billedKeys) {
    // at the month's start: the "from" of the first change after it, or today's value
    const firstAfter = changes.find((change) => key in (change.changes as object));
    let value = firstAfter
      ? ((firstAfter.changes as Record<string, { from: number | null }>)[key].from as never)
      : plan[key];
    for (const change of changes) {
      if (change.createdAt >= end) break;
      const entry = (change.changes as Record<string, { to: number | null }>)[key];
      if (entry) value = higher(key, value, entry.to) as never;
    }
    highest[key] = value as never;
  }
  return highest;
}

/** App administrators: one calendar month's bill (default: this month), and the months there are. */
export async function getBillingMonth(actor: Actor, month?: string): Promise<BillingMonthDTO> {
  await requireAppAdmin(actor);
  const current = monthOf(now());
  const wanted = month ?? current;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(wanted) || wanted > current)
    throw new AppError(ErrorCode.INVALID_INPUT, "Choose a month up to this one.");
  await flushUsage();
  const [settings, delivered, months] = await Promise.all([
    highestSettings(wanted),
    monthDeliveriesStored(wanted),
    billableMonths(current),
  ]);
  const channelSteps = (settings.channelsPerCommunity - 100) / 100;
  const communitySteps = (settings.communitiesPerUser - 100) / 100;
  const quotaSteps = (settings.monthlyDownstreamQuota - BASE_DOWNSTREAM_QUOTA) / DOWNSTREAM_QUOTA_STEP;
  const overage = Math.max(0, delivered - settings.monthlyDownstreamQuota);
  const overageSteps = Math.ceil(overage / DOWNSTREAM_QUOTA_STEP);
  const line = (addOn: string, detail: string, units: number, price: { domestic: number; overseas: number }) => ({
    addOn,
    detail,
    units,
    domestic: units * price.domestic,
    overseas: units * price.overseas,
  });
  const lines = [
    line(
      "+100 channels per community",
      `up to ${settings.channelsPerCommunity.toLocaleString("en-US")} channels`,
      channelSteps,
      PRICES.channels,
    ),
    line(
      "Unlimited members per community",
      settings.membersPerCommunity === null ? "unlimited" : "100,000 (included)",
      settings.membersPerCommunity === null ? 1 : 0,
      PRICES.unlimitedMembers,
    ),
    line(
      "+100 communities per user",
      `up to ${settings.communitiesPerUser.toLocaleString("en-US")} communities`,
      communitySteps,
      PRICES.communities,
    ),
    line(
      "+10 million downstream messages (quota)",
      `quota ${(settings.monthlyDownstreamQuota / 1e6).toLocaleString("en-US")} million`,
      quotaSteps,
      PRICES.downstream,
    ),
    line(
      "+10 million downstream messages (overage)",
      `${overage.toLocaleString("en-US")} past the quota`,
      overageSteps,
      PRICES.downstream,
    ),
  ];
  return {
    month: wanted,
    months,
    settings,
    deliveries: delivered,
    lines,
    total: {
      domestic: lines.reduce((sum, l) => sum + l.domestic, 0),
      overseas: lines.reduce((sum, l) => sum + l.overseas, 0),
    },
  };
}

async function monthDeliveriesStored(month: string) {
  const row = await db.deliveryCount.findUnique({
    where: { month_channelId: { month, channelId: "" } },
    select: { deliveries: true },
  });
  return Number(row?.deliveries ?? 0);
}

/** From the first month with usage or a plan change, to this one, newest first. */
async function billableMonths(current: string): Promise<string[]> {
  const [firstUsage, firstChange, firstUser] = await Promise.all([
    db.deliveryCount.findFirst({ orderBy: { month: "asc" }, select: { month: true } }),
    db.planChange.findFirst({ orderBy: { id: "asc" }, select: { createdAt: true } }),
    db.user.findFirst({ orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
  ]);
  const starts = [
    firstUsage?.month,
    firstChange && monthOf(firstChange.createdAt),
    firstUser && monthOf(firstUser.createdAt),
    current,
  ].filter((m): m is string => !!m);
  const months: string[] = [];
  for (let month = starts.sort()[0]; month <= current && months.length < 120; month = nextMonth(month))
    months.push(month);
  return months.reverse();
}

/**
 * App administrators: the usage dashboard: per day of the last `days` days, messages, deliveries,
 * daily active users, and communities and channels in existence; this month's deliveries against
 * the quota; the busiest channels this month.
 */
export async function getUsageDashboard(actor: Actor, days = 30): Promise<UsageDashboardDTO> {
  await requireAppAdmin(actor);
  await flushUsage();
  const today = now();
  const dayList = Array.from({ length: days }, (_, i) =>
    dayOf(new Date(today.getTime() - (days - 1 - i) * 86_400_000)),
  );
  const first = dayList[0];
  const [usage, active, communities, channels, plan, delivered, topChannels] = await Promise.all([
    db.dailyUsage.findMany({ where: { day: { gte: first } } }),
    db.dailyActiveUser.groupBy({ by: ["day"], where: { day: { gte: first } }, _count: { userId: true } }),
    countCreatedUpTo("Community", dayList),
    countCreatedUpTo("Channel", dayList),
    currentPlan(),
    monthDeliveries(today),
    db.deliveryCount.findMany({
      where: { month: monthOf(today), channelId: { not: "" } },
      orderBy: { deliveries: "desc" },
      take: 5,
    }),
  ]);
  const usageByDay = new Map(usage.map((row) => [row.day, row]));
  const activeByDay = new Map(active.map((row) => [row.day, row._count.userId]));
  const names = await db.channel.findMany({
    where: { id: { in: topChannels.map((row) => row.channelId) } },
    select: { id: true, name: true, community: { select: { name: true, kind: true } } },
  });
  // who talks to whom privately is not the administrators' to read
  const nameOf = new Map(
    names.map((row) => [
      row.id,
      row.community.kind === "COMMUNITY"
        ? `${row.community.name} · #${row.name}`
        : row.community.kind === "DIRECT"
          ? "A direct conversation"
          : "A group conversation",
    ]),
  );
  return {
    days: dayList.map((day, i) => ({
      day,
      messages: usageByDay.get(day)?.messages ?? 0,
      deliveries: Number(usageByDay.get(day)?.deliveries ?? 0),
      activeUsers: activeByDay.get(day) ?? 0,
      communities: communities[i],
      channels: channels[i],
    })),
    month: monthOf(today),
    monthDeliveries: delivered,
    quota: Number(plan.monthlyDownstreamQuota),
    overQuotaMode: plan.overQuotaMode,
    topChannels: topChannels.map((row) => ({
      channelId: row.channelId,
      name: nameOf.get(row.channelId) ?? "(deleted channel)",
      deliveries: Number(row.deliveries),
    })),
  };
}

/** How many rows of a table existed at the end of each day (by creation time; deleted ones are gone). */
// threads are not channels; conversations (direct messages) are not communities
const countedKinds = {
  Community: `t."kind" = 'COMMUNITY'`,
  Channel: `t."kind" <> 'THREAD' AND EXISTS (SELECT 1 FROM "Community" c WHERE c."id" = t."communityId" AND c."kind" = 'COMMUNITY')`,
};

async function countCreatedUpTo(table: "Community" | "Channel", dayList: string[]): Promise<number[]> {
  const ends = dayList.map((day) => `${day} 23:59:59.999`); // UTC, as timestamps are stored
  const rows = await db.$queryRawUnsafe<{ count: number }[]>(
    `SELECT (SELECT count(*)::int FROM "${table}" t WHERE t."createdAt" <= e.at AND ${countedKinds[table]}) AS count
       FROM unnest($1::timestamp[]) WITH ORDINALITY AS e(at, n) ORDER BY e.n`,
    ends,
  );
  return rows.map((row) => row.count);
}

/** This month's deliveries against the quota, for the administrators' banner (80 % and 100 %). */
export async function quotaStatus(actor: Actor): Promise<{ used: number; quota: number; percent: number } | null> {
  await requireAppAdmin(actor);
  const [plan, used] = await Promise.all([currentPlan(), monthDeliveries()]);
  const quota = Number(plan.monthlyDownstreamQuota);
  const percent = quota > 0 ? (used / quota) * 100 : 0;
  return percent >= 80 ? { used, quota, percent } : null;
}
