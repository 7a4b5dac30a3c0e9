"use server";

import { requireActor } from "../auth";
import {
  createSubscription,
  deleteSubscription,
  listDeliveries,
  listSubscriptions,
  sendTestEvent,
} from "../domain/subscriptions";
import { toResult } from "../errors";
import type { CreateSubscriptionInput } from "../schemas/subscription";

export async function createSubscriptionAction(input: CreateSubscriptionInput) {
  return toResult(async () => createSubscription(await requireActor(), input));
}

export async function listSubscriptionsAction(communityId: string) {
  return toResult(async () => listSubscriptions(await requireActor(), communityId));
}

export async function deleteSubscriptionAction(input: { subscriptionId: string }) {
  return toResult(async () => deleteSubscription(await requireActor(), input));
}

export async function listDeliveriesAction(input: { subscriptionId: string }) {
  return toResult(async () => listDeliveries(await requireActor(), input));
}

export async function sendTestEventAction(input: { subscriptionId: string }) {
  return toResult(async () => sendTestEvent(await requireActor(), input));
}
