"use server";

import { requireActor } from "../auth";
import { createBot, deleteBot, regenerateBotToken } from "../domain/bots";
import { toResult } from "../errors";
import type { CreateBotInput } from "../schemas/bot";

export async function createBotAction(input: CreateBotInput) {
  return toResult(async () => createBot(await requireActor(), input));
}

export async function regenerateBotTokenAction(input: { botId: string }) {
  return toResult(async () => regenerateBotToken(await requireActor(), input));
}

export async function deleteBotAction(input: { botId: string }) {
  return toResult(async () => deleteBot(await requireActor(), input));
}
