import { randomBytes } from "node:crypto";
import { db } from "../db";
import { now } from "../clock";
import { newId } from "../ids";
import { limits } from "../limits";
import { metrics } from "../metrics";
import type { DeliveryDTO, SubscriptionDTO } from "../dto";
import { AppError, ErrorCode } from "../errors";
import { outboundRefusal, outboundRequest } from "../outbound/request";
import { signedHeaders } from "../outbound/signature";
import { idSchema } from "../schemas/community";
import { createSubscriptionSchema, subscriptionRefSchema, type CreateSubscriptionInput } from "../schemas/subscription";
import type { Actor } from "./actor";
import { requireManager, requireManagerToRead } from "./access";
import { deliveryWorker, enqueue, forgetSubscriptions } from "./internal/events";
import { creatorSummary } from "./internal/people";
import { inTransaction } from "./internal/transaction";

/**
 * Outgoing event subscriptions: a community's owner and admins (people or bots) subscribe a URL to
 * its events; each delivery is a signed POST, retried with exponential backoff for 24 hours, kept
 * in the database (durable across restarts, several processes share the work) and listed as the
 * delivery log.
 */

/** Deliveries are retried until this long after the event. */
export const DELIVERY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** The first retry waits this long, each next one twice as long, at most MAX_RETRY_DELAY_MS. */
export const FIRST_RETRY_DELAY_MS = 10_000;
export const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;
/** A claimed delivery not finished within this long (its process died) is tried again. */
const CLAIM_LEASE_MS = 60_000;
const DELIVERY_TIMEOUT_MS = 10_000;
const BATCH = 20;

const subscriptionColumns = {
  id: true,
  communityId: true,
  url: true,
  events: true,
  createdAt: true,
  createdBy: { select: { id: true, username: true, displayName: true, deletedAt: true } },
} as const;

const toSubscriptionDTO = (row: {
  id: string;
  communityId: string;
  url: string;
  events: string[];
  createdAt: Date;
  createdBy: { id: string; username: string; displayName: string; deletedAt: Date | null } | null;
}): SubscriptionDTO => ({
  id: row.id,
  communityId: row.communityId,
  url: row.url,
  events: row.events,
  createdBy: creatorSummary(row.createdBy),
  createdAt: row.createdAt.toISOString(),
});

/**
 * Owner and admins: subscribes `url` to the chosen events of the community. The URL must be http(s)
 * and public (or allowlisted: OUTBOUND_ALLOWLIST), 6002087 otherwise; at most
 * limits.subscriptionsPerCommunity (6002086). Answers the signing secret, shown this once.
 */
export async function createSubscription(
  actor: Actor,
  input: CreateSubscriptionInput,
): Promise<{ subscription: SubscriptionDTO; secret: string }> {
  const { communityId, url, events } = createSubscriptionSchema.parse(input);
  await requireManager(actor, communityId);
  const refusal = await outboundRefusal(url);
  if (refusal) throw new AppError(ErrorCode.OUTBOUND_URL_REFUSED, refusal);
  const secret = `whsec_${randomBytes(24).toString("base64url")}`;
  const row = await inTransaction(async (tx) => {
    const community = await tx.$queryRaw<{ kind: string }[]>`
      SELECT "kind"::text FROM "Community" WHERE "id" = ${communityId} FOR UPDATE`;
    if (community[0]?.kind !== "COMMUNITY")
      throw new AppError(ErrorCode.COMMUNITY_NOT_FOUND, "This community does not exist.");
    if ((await tx.eventSubscription.count({ where: { communityId } })) >= limits.subscriptionsPerCommunity)
      throw new AppError(
        ErrorCode.SUBSCRIPTION_LIMIT,
        `A community can have at most ${limits.subscriptionsPerCommunity} event subscriptions: delete one first.`,
      );
    return tx.eventSubscription.create({
      data: { id: newId(), communityId, url, events, secret, createdById: actor.userId, createdAt: now() },
      select: subscriptionColumns,
    });
  });
  forgetSubscriptions(communityId);
  return { subscription: toSubscriptionDTO(row), secret };
}

/** Owner and admins: the community's subscriptions, oldest first. */
export async function listSubscriptions(actor: Actor, communityId: string): Promise<SubscriptionDTO[]> {
  await requireManagerToRead(actor, idSchema.parse(communityId));
  const rows = await db.eventSubscription.findMany({
    where: { communityId },
    orderBy: { createdAt: "asc" },
    take: limits.subscriptionsPerCommunity,
    select: subscriptionColumns,
  });
  return rows.map(toSubscriptionDTO);
}

/** The subscription, for an owner or admin of its community (6002088 when there is none). */
async function requireManagedSubscription(actor: Actor, input: { subscriptionId: string }, { write = false } = {}) {
  const { subscriptionId } = subscriptionRefSchema.parse(input);
  const row = await db.eventSubscription.findUnique({ where: { id: subscriptionId }, select: { communityId: true } });
  if (!row) throw new AppError(ErrorCode.SUBSCRIPTION_NOT_FOUND, "This event subscription does not exist.");
  await (write ? requireManager : requireManagerToRead)(actor, row.communityId);
  return { subscriptionId, communityId: row.communityId };
}

/** Owner and admins: deletes a subscription and its delivery log; nothing more is sent to it. */
export async function deleteSubscription(
  actor: Actor,
  input: { subscriptionId: string },
): Promise<{ subscriptionId: string }> {
  const { subscriptionId, communityId } = await requireManagedSubscription(actor, input, { write: true });
  await db.eventSubscription.deleteMany({ where: { id: subscriptionId } });
  forgetSubscriptions(communityId);
  return { subscriptionId };
}

/** Owner and admins: queues a `ping` event to the subscription, to see the receiver answer in the log. */
export async function sendTestEvent(actor: Actor, input: { subscriptionId: string }): Promise<{ queued: true }> {
  const { subscriptionId, communityId } = await requireManagedSubscription(actor, input, { write: true });
  await enqueue(communityId, "ping", { subscriptionId }, { only: subscriptionId });
  return { queued: true };
}

const toDeliveryDTO = (row: {
  id: string;
  event: string;
  status: DeliveryDTO["status"];
  attempts: number;
  lastStatus: number | null;
  lastError: string;
  createdAt: Date;
  deliveredAt: Date | null;
  nextAttemptAt: Date;
}): DeliveryDTO => ({
  id: row.id,
  event: row.event,
  status: row.status,
  attempts: row.attempts,
  lastStatus: row.lastStatus,
  lastError: row.lastError,
  createdAt: row.createdAt.toISOString(),
  deliveredAt: row.deliveredAt?.toISOString() ?? null,
  nextAttemptAt: row.status === "PENDING" ? row.nextAttemptAt.toISOString() : null,
});

/** Owner and admins: the subscription's latest deliveries, newest first (the delivery log). */
export async function listDeliveries(actor: Actor, input: { subscriptionId: string }): Promise<DeliveryDTO[]> {
  const { subscriptionId } = await requireManagedSubscription(actor, input);
  const rows = await db.eventDelivery.findMany({
    where: { subscriptionId },
    orderBy: { id: "desc" },
    take: 25,
    select: {
      id: true,
      event: true,
      status: true,
      attempts: true,
      lastStatus: true,
      lastError: true,
      createdAt: true,
      deliveredAt: true,
      nextAttemptAt: true,
    },
  });
  return rows.map(toDeliveryDTO);
}

/** The wait after the `attempts`-th failed attempt: 10 s, 20 s, 40 s, … at most an hour. */
export const retryDelayMs = (attempts: number) =>
  Math.min(FIRST_RETRY_DELAY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_DELAY_MS);

type Claimed = {
  id: string;
  body: string;
  attempts: number;
  createdMs: number;
  url: string;
  secret: string;
};

/**
 * The delivery worker (lib/jobs.ts runs it; any number of processes at once): claims due deliveries
 * (FOR UPDATE SKIP LOCKED: each is tried by one process), POSTs each signed body, and records the
 * outcome: a 2xx answer delivers it; anything else waits retryDelayMs and is tried again until 24
 * hours after the event, then FAILED. Answers how many attempts it made.
 */
export async function deliverDueEvents(): Promise<number> {
  let made = 0;
  for (let round = 0; round < 5; round++) {
    const at = now();
    // stored timestamps are UTC without a zone
    const stamp = (date: Date) => date.toISOString().replace("T", " ").replace("Z", "");
    const claimed = await db.$queryRaw<Claimed[]>`
      UPDATE "EventDelivery" d
         SET "attempts" = d."attempts" + 1, "nextAttemptAt" = ${stamp(new Date(at.getTime() + CLAIM_LEASE_MS))}::timestamp
        FROM "EventSubscription" s
       WHERE s."id" = d."subscriptionId"
         AND d."id" IN (SELECT "id" FROM "EventDelivery"
                         WHERE "status" = 'PENDING' AND "nextAttemptAt" <= ${stamp(at)}::timestamp
                         ORDER BY "nextAttemptAt" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
      RETURNING d."id", d."body", d."attempts", (extract(epoch FROM d."createdAt") * 1000)::float8 AS "createdMs",
                s."url", s."secret"`;
    await Promise.all(claimed.map((delivery) => attempt(delivery)));
    made += claimed.length;
    if (claimed.length < BATCH) break;
  }
  return made;
}

async function attempt(delivery: Claimed) {
  let status: number | null = null;
  let error = "";
  try {
    const response = await outboundRequest(delivery.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-chat-delivery": delivery.id,
        ...signedHeaders(delivery.secret, delivery.body, now()),
      },
      body: delivery.body,
      timeoutMs: DELIVERY_TIMEOUT_MS,
      maxBytes: 64 * 1024,
    });
    status = response.status;
    if (status < 200 || status >= 300) error = `The receiver answered ${status}.`;
  } catch (cause) {
    error = (cause instanceof Error ? cause.message : String(cause)).slice(0, 300) || "The request failed.";
  }
  const at = now();
  const retryAt = new Date(at.getTime() + retryDelayMs(delivery.attempts));
  const expired = retryAt.getTime() - delivery.createdMs > DELIVERY_WINDOW_MS;
  metrics.eventDeliveries.inc({ outcome: !error ? "delivered" : expired ? "failed" : "retry" });
  // updateMany: the subscription may have been deleted meanwhile (nothing to record then)
  await db.eventDelivery.updateMany({
    where: { id: delivery.id },
    data: error
      ? {
          lastStatus: status,
          lastError: expired ? `${error} Gave up: no success within 24 hours.` : error,
          ...(expired ? { status: "FAILED" } : { nextAttemptAt: retryAt }),
        }
      : { status: "DELIVERED", lastStatus: status, lastError: "", deliveredAt: at },
  });
}

/** The worker's process: `wake` runs it as soon as an event is queued here (not only at its next tick). */
export function onEventQueued(wake: (() => void) | null) {
  deliveryWorker.wake = wake;
}

/** Delivered and failed deliveries older than a week leave the log (lib/jobs.ts, hourly). */
export async function pruneDeliveries(): Promise<number> {
  const { count } = await db.eventDelivery.deleteMany({
    where: { status: { not: "PENDING" }, createdAt: { lt: new Date(now().getTime() - 7 * DELIVERY_WINDOW_MS) } },
  });
  return count;
}
