"use server";

import { requireActor } from "../auth";
import { createWebhook, deleteWebhook, listChannelWebhooks } from "../domain/webhooks";
import { toResult } from "../errors";
import type { CreateWebhookInput } from "../schemas/webhook";

export async function createWebhookAction(input: CreateWebhookInput) {
  return toResult(async () => createWebhook(await requireActor(), input));
}

export async function listWebhooksAction(channelId: string) {
  return toResult(async () => listChannelWebhooks(await requireActor(), channelId));
}

export async function deleteWebhookAction(input: { webhookId: string }) {
  return toResult(async () => deleteWebhook(await requireActor(), input));
}
