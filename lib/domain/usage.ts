import { db, sqlPool, statementName } from "../db";
import { now } from "../clock";
import { AppError, ErrorCode, toFailure } from "../errors";
import { currentPlan, type Plan } from "./plan";

/**
 * Downstream usage: a message delivered to N readers counts N, per calendar month (UTC), for the app
 * and per channel. Sends add to counters in memory; every couple of seconds (and on shutdown) one
 * batch of upserts writes them, so counting costs no write per delivery however large the channel.
 * Each process knows the month's total as of its last write plus what it holds itself; other
 * processes' sends show up after their next write.
 */

const FLUSH_EVERY_MS = 2_000;
const PLAN_TTL_MS = 5_000;

type DayBatch = { messages: number; deliveries: number; byChannel: Map<string, { communityId: string; count: number }>; users: Set<string> };

type UsageState = {
  pending: Map<string, DayBatch>;
  monthTotal: { month: string; deliveries: number } | null;
  /** deliveries of sends that passed the quota check and are being stored */
  reserved: number;
  plan: { plan: Plan; at: number } | null;
  timer: NodeJS.Timeout | null;
  flushing: Promise<void> | null;
};

// One per process, on globalThis: Next evaluates this module in several chunks of one process (the
// socket server's sends and the admin pages' flushes and plan changes must meet the same counters).
const holder = globalThis as typeof globalThis & { __usage?: UsageState };
const state: UsageState = (holder.__usage ??= { pending: new Map(), monthTotal: null, reserved: 0, plan: null, timer: null, flushing: null });

export const dayOf = (at: Date) => at.toISOString().slice(0, 10);
export const monthOf = (at: Date) => at.toISOString().slice(0, 7);

/** The plan for the send path: read at most every few seconds per process (updatePlan refreshes it here at once). */
export async function planForSends(): Promise<Plan> {
  const at = Date.now();
  if (!state.plan || at - state.plan.at > PLAN_TTL_MS) state.plan = { plan: await currentPlan(), at };
  return state.plan.plan;
}

export function forgetCachedPlan() {
  state.plan = null;
}

async function storedMonthTotal(month: string): Promise<number> {
  const row = await db.deliveryCount.findUnique({ where: { month_channelId: { month, channelId: "" } }, select: { deliveries: true } });
  return Number(row?.deliveries ?? 0);
}

function pendingFor(month: string) {
  let total = 0;
  for (const [day, batch] of state.pending) if (day.startsWith(month)) total += batch.deliveries;
  return total;
}

/** This month's deliveries as this process knows them (stored + not yet written). */
export async function monthDeliveries(at = now()): Promise<number> {
  const month = monthOf(at);
  if (state.monthTotal?.month !== month) state.monthTotal = { month, deliveries: await storedMonthTotal(month) };
  return state.monthTotal.deliveries + pendingFor(month);
}

/** A send's place in the quota: `commit` once its message is stored, `cancel` if it is not (either is final). */
export type Delivery = { commit(target: { channelId: string; communityId: string; authorId: string }): void; cancel(): void };

/**
 * Before a send that reaches `recipients` readers: past the monthly quota the plan either refuses
 * (6002052) or lets it through to be billed as overage. Check and reservation are one synchronous
 * step, so concurrent sends in this process cannot pass the quota together.
 */
export async function reserveDeliveries(recipients: number): Promise<Delivery> {
  const plan = await planForSends();
  const counted = await monthDeliveries();
  if (plan.overQuotaMode === "REFUSE" && counted + state.reserved + recipients > Number(plan.monthlyDownstreamQuota)) {
    throw new AppError(ErrorCode.DOWNSTREAM_QUOTA_EXCEEDED, "This app has used its monthly message quota: new messages cannot be delivered until next month or until an administrator raises it.");
  }
  state.reserved += recipients;
  let held = true;
  const release = () => {
    if (held) state.reserved -= recipients;
    held = false;
  };
  return {
    commit(target) {
      if (!held) return;
      release();
      recordDelivery({ ...target, recipients });
    },
    cancel: release,
  };
}

/** After a message is stored: it reaches `recipients` readers of `channelId`; its author was active today. */
function recordDelivery(input: { channelId: string; communityId: string; recipients: number; authorId: string }) {
  const day = dayOf(now());
  let batch = state.pending.get(day);
  if (!batch) state.pending.set(day, (batch = { messages: 0, deliveries: 0, byChannel: new Map(), users: new Set() }));
  batch.messages += 1;
  batch.deliveries += input.recipients;
  const channel = batch.byChannel.get(input.channelId) ?? { communityId: input.communityId, count: 0 };
  channel.count += input.recipients;
  batch.byChannel.set(input.channelId, channel);
  batch.users.add(input.authorId);
  if (!state.timer) {
    state.timer = setInterval(() => void flushUsage().catch(toFailure), FLUSH_EVERY_MS);
    state.timer.unref();
  }
}

/** Writes what is held in memory (one batch per day held), then re-reads this month's stored total. */
export async function flushUsage() {
  while (state.flushing) await state.flushing;
  state.flushing = (async () => {
    const batches = state.pending;
    state.pending = new Map();
    try {
      for (const [day, batch] of batches) await writeBatch(day, batch);
    } catch (error) {
      // nothing is lost: what failed to write waits for the next flush
      for (const [day, batch] of batches) merge(day, batch);
      throw error;
    } finally {
      state.monthTotal = null;
    }
  })();
  try {
    await state.flushing;
  } finally {
    state.flushing = null;
  }
}

function merge(day: string, batch: DayBatch) {
  const into = state.pending.get(day);
  if (!into) return void state.pending.set(day, batch);
  into.messages += batch.messages;
  into.deliveries += batch.deliveries;
  for (const [channelId, { communityId, count }] of batch.byChannel) {
    const channel = into.byChannel.get(channelId) ?? { communityId, count: 0 };
    channel.count += count;
    into.byChannel.set(channelId, channel);
  }
  for (const user of batch.users) into.users.add(user);
}

async function writeBatch(day: string, batch: DayBatch) {
  const month = day.slice(0, 7);
  const channels = [...batch.byChannel.entries()];
  const client = await sqlPool().connect();
  try {
    await client.query("BEGIN");
    await client.query({
      name: statementName("usage-deliveries"),
      text: `INSERT INTO "DeliveryCount" ("month", "channelId", "communityId", "deliveries")
             SELECT $1, c, k, d FROM unnest($2::text[], $3::text[], $4::bigint[]) AS t(c, k, d)
             ON CONFLICT ("month", "channelId") DO UPDATE SET "deliveries" = "DeliveryCount"."deliveries" + EXCLUDED."deliveries"`,
      values: [month, ["", ...channels.map(([id]) => id)], ["", ...channels.map(([, c]) => c.communityId)], [batch.deliveries, ...channels.map(([, c]) => c.count)]],
    });
    await client.query({
      name: statementName("usage-day"),
      text: `INSERT INTO "DailyUsage" ("day", "messages", "deliveries") VALUES ($1, $2, $3)
             ON CONFLICT ("day") DO UPDATE SET "messages" = "DailyUsage"."messages" + EXCLUDED."messages", "deliveries" = "DailyUsage"."deliveries" + EXCLUDED."deliveries"`,
      values: [day, batch.messages, batch.deliveries],
    });
    await client.query({
      name: statementName("usage-active"),
      text: `INSERT INTO "DailyActiveUser" ("day", "userId") SELECT $1, u FROM unnest($2::text[]) AS u ON CONFLICT DO NOTHING`,
      values: [day, [...batch.users]],
    });
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Stops the flush timer after writing what is held (shutdown). */
export async function stopUsage() {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
  await flushUsage().catch(toFailure);
}
