import { db, sqlPool, statementName } from "../../db";
import { now } from "../../clock";
import { newId } from "../../ids";
import { toFailure } from "../../errors";
import { processSingleton } from "../../singletons";
import type { EventType } from "../../schemas/subscription";

/**
 * Outgoing events: what happened in a community, queued for each subscription that asked for it
 * (EventDelivery rows, delivered by deliverDueEvents in subscriptions.ts). Cheap when a community
 * has no subscription: a cached answer, no statement.
 */

/** How long a process trusts what it read of a community's subscriptions (another process's new one waits this long). */
const SUBSCRIPTIONS_TTL_MS = 5_000;
const SUBSCRIPTIONS_CACHED = 10_000;

type Known = { events: Set<string>; at: number };
const known = processSingleton("eventSubscriptions", () => new Map<string, Known>());
/** Set by the process that runs the delivery worker: queued events are tried at once, not at its next tick. */
export const deliveryWorker = processSingleton("deliveryWorker", () => ({ wake: null as null | (() => void) }));

async function subscribedEvents(communityId: string): Promise<Set<string>> {
  const cached = known.get(communityId);
  if (cached && performance.now() - cached.at < SUBSCRIPTIONS_TTL_MS) return cached.events;
  const rows = await db.eventSubscription.findMany({ where: { communityId }, select: { events: true } });
  const events = new Set(rows.flatMap((row) => row.events));
  known.delete(communityId);
  known.set(communityId, { events, at: performance.now() });
  if (known.size > SUBSCRIPTIONS_CACHED) known.delete(known.keys().next().value!);
  return events;
}

/** A subscription was made or deleted here: this process reads them again. */
export const forgetSubscriptions = (communityId: string) => known.delete(communityId);

/**
 * Queues `type` with `data` for every subscription of the community that asked for it, after the
 * change it reports has committed. `data` may be a function, called only when someone listens.
 * Never throws: a failure is logged (the change itself stands).
 */
export async function emitCommunityEvent(
  communityId: string,
  type: EventType,
  data: unknown | (() => Promise<unknown>),
): Promise<void> {
  try {
    if (!(await subscribedEvents(communityId)).has(type)) return;
    const payload = typeof data === "function" ? await (data as () => Promise<unknown>)() : data;
    await enqueue(communityId, type, payload, { allOf: type });
  } catch (error) {
    toFailure(error);
  }
}

/**
 * One event body for the subscriptions of a community that asked for `allOf`, or for the one
 * subscription `only` (a test event). The rows are the queue: durable from here.
 */
export async function enqueue(
  communityId: string,
  type: string,
  data: unknown,
  target: { allOf: string } | { only: string },
) {
  const at = now();
  const body = JSON.stringify({ id: newId(), type, createdAt: at.toISOString(), communityId, data });
  const { rowCount } = await sqlPool().query({
    name: statementName("enqueue-event"),
    text: `INSERT INTO "EventDelivery" ("id", "subscriptionId", "event", "body", "nextAttemptAt", "createdAt")
           SELECT $1 || s."id", s."id", $2, $3, $4::timestamptz AT TIME ZONE 'UTC', $4::timestamptz AT TIME ZONE 'UTC'
             FROM "EventSubscription" s
            WHERE s."communityId" = $5 AND ($6::text IS NULL OR $6 = ANY(s."events")) AND ($7::text IS NULL OR s."id" = $7)`,
    values: [
      newId(),
      type,
      body,
      at.toISOString(),
      communityId,
      "allOf" in target ? target.allOf : null,
      "only" in target ? target.only : null,
    ],
  });
  if (rowCount) deliveryWorker.wake?.();
}
