"use server";

import { requireActor } from "../auth";
import { addBotToCommunity, createBot, deleteBot, regenerateBotToken, revokeBotToken } from "../domain/bots";
import { toResult } from "../errors";
import type { AddBotInput, CreateBotInput } from "../schemas/bot";

export async function createBotAction(input: CreateBotInput) {
  return toResult(async () => createBot(await requireActor(), input));
}

export async function regenerateBotTokenAction(input: { botId: string }) {
  return toResult(async () => regenerateBotToken(await requireActor(), input));
}

export async function deleteBotAction(input: { botId: string }) {
  return toResult(async () => deleteBot(await requireActor(), input));
}

export async function revokeBotTokenAction(input: { botId: string }) {
  return toResult(async () => revokeBotToken(await requireActor(), input));
}

export async function addBotToCommunityAction(input: AddBotInput) {
  return toResult(async () => addBotToCommunity(await requireActor(), input));
}
