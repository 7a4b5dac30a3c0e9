import { db, sqlPool, statementName } from "../../db";
import { metrics } from "../../metrics";
import { now } from "../../clock";
import { AppError, ErrorCode, toFailure } from "../../errors";
import { processSingleton } from "../../singletons";
import { planForSends } from "./plan";

/**
 * Downstream usage: a message delivered to N readers counts N, per calendar month (UTC), for the app
 * and per channel. Sends add to counters in memory; every couple of seconds (and on shutdown) one
 * batch of upserts writes them, so counting costs no write per delivery however large the channel.
 * Each process knows the month's total as of its last write plus what it holds itself; other
 * processes' sends show up after their next write (with several processes the quota can be passed
 * by at most what the others hold: about 2 s of their traffic).
 */

const FLUSH_EVERY_MS = 2_000;

type DayBatch = {
  messages: number;
  deliveries: number;
  byChannel: Map<string, { communityId: string; count: number }>;
  users: Set<string>;
};

type UsageState = {
  pending: Map<string, DayBatch>;
  /** deliveries of batches being written, by day: still counted until the stored total is re-read */
  writing: Map<string, number>;
  /** bumps each time a write lands: a stored total read before that is not kept */
  generation: number;
  monthTotal: { month: string; deliveries: number } | null;
  /** deliveries of sends that passed the quota check and are being stored */
  reserved: number;
  timer: NodeJS.Timeout | null;
  flushing: Promise<void> | null;
};

// One per process: the socket server's sends and the admin pages' flushes must meet the same counters.
const state = processSingleton<UsageState>("usage", () => ({
  pending: new Map(),
  writing: new Map(),
  generation: 0,
  monthTotal: null,
  reserved: 0,
  timer: null,
  flushing: null,
}));

export const dayOf = (at: Date) => at.toISOString().slice(0, 10);
export const monthOf = (at: Date) => at.toISOString().slice(0, 7);

async function storedMonthTotal(month: string): Promise<number> {
  const row = await db.deliveryCount.findUnique({
    where: { month_channelId: { month, channelId: "" } },
    select: { deliveries: true },
  });
  return Number(row?.deliveries ?? 0);
}

/** What this process holds for a month: not yet written, and being written. */
function heldFor(month: string) {
  let total = 0;
  for (const [day, batch] of state.pending) if (day.startsWith(month)) total += batch.deliveries;
  for (const [day, deliveries] of state.writing) if (day.startsWith(month)) total += deliveries;
  return total;
}

/** Loads the month's stored total unless it is known; a read overtaken by a write is not kept. */
async function knowMonthTotal(month: string) {
  while (state.monthTotal?.month !== month) {
    const generation = state.generation;
    const deliveries = await storedMonthTotal(month);
    if (generation === state.generation) state.monthTotal = { month, deliveries };
  }
}

/** This month's deliveries as this process knows them: stored, plus what it holds (synchronous after the load). */
export async function monthDeliveries(at = now()): Promise<number> {
  const month = monthOf(at);
  await knowMonthTotal(month);
  return state.monthTotal!.deliveries + heldFor(month);
}

/** A send's place in the quota: `commit` once its message is stored, `cancel` if it is not (either is final). */
export type Delivery = {
  commit(target: { channelId: string; communityId: string; authorId?: string }): void;
  cancel(): void;
};

/**
 * Before a send that reaches `recipients` readers: past the monthly quota the plan either refuses
 * (6002052) or lets it through to be billed as overage. Check and reservation are one synchronous
 * step, so concurrent sends in this process cannot pass the quota together.
 */
export async function reserveDeliveries(recipients: number): Promise<Delivery> {
  const plan = await planForSends();
  const month = monthOf(now());
  await knowMonthTotal(month);
  // from here to the reservation nothing awaits: stored + held + reserved is one consistent view
  const counted = state.monthTotal!.deliveries + heldFor(month) + state.reserved;
  if (plan.overQuotaMode === "REFUSE" && counted + recipients > Number(plan.monthlyDownstreamQuota)) {
    throw new AppError(
      ErrorCode.DOWNSTREAM_QUOTA_EXCEEDED,
      "This app has used its monthly message quota: new messages cannot be delivered until next month or until an administrator raises it.",
    );
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
      countDeliveries({ ...target, recipients });
    },
    cancel: release,
  };
}

/**
 * A stored message reaches `recipients` readers of `channelId` (never refused); a member's message
 * also makes its author active today (system messages have no author in that sense).
 */
export function countDeliveries(input: {
  channelId: string;
  communityId: string;
  recipients: number;
  authorId?: string;
}) {
  metrics.messages.inc();
  metrics.deliveries.inc(input.recipients);
  const day = dayOf(now());
  let batch = state.pending.get(day);
  if (!batch) state.pending.set(day, (batch = { messages: 0, deliveries: 0, byChannel: new Map(), users: new Set() }));
  batch.messages += 1;
  batch.deliveries += input.recipients;
  const channel = batch.byChannel.get(input.channelId) ?? { communityId: input.communityId, count: 0 };
  channel.count += input.recipients;
  batch.byChannel.set(input.channelId, channel);
  if (input.authorId) batch.users.add(input.authorId);
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
    const moveWriting = (sign: 1 | -1) => {
      for (const [day, batch] of batches)
        state.writing.set(day, (state.writing.get(day) ?? 0) + sign * batch.deliveries);
    };
    moveWriting(1);
    try {
      for (const [day, batch] of batches) await writeBatch(day, batch);
    } catch (error) {
      // nothing is lost: what failed to write waits for the next flush
      moveWriting(-1);
      for (const [day, batch] of batches) merge(day, batch);
      throw error;
    }
    // re-read the month's total, then in one synchronous step swap it in and stop counting the batch twice
    const month = monthOf(now());
    const stored = await storedMonthTotal(month);
    moveWriting(-1);
    state.generation += 1;
    state.monthTotal = { month, deliveries: stored };
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
      values: [
        month,
        ["", ...channels.map(([id]) => id)],
        ["", ...channels.map(([, c]) => c.communityId)],
        [batch.deliveries, ...channels.map(([, c]) => c.count)],
      ],
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
